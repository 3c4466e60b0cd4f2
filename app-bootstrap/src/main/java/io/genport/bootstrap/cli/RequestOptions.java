package io.genport.bootstrap.cli;

import io.genport.core.domain.AspectRatio;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.SafetyLevel;
import io.genport.core.domain.Size;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options that describe one canonical request, shared by every command that takes a request
 * ({@code explain} now, {@code generate} later). Mix it in with {@code @Mixin}.
 *
 * <p>Numbers are converted by picocli, whose message names the option; every other check is left to
 * the domain ({@link GenerationRequest} and its parts), so the command line accepts exactly what
 * the library accepts and its errors name the same field.
 */
public final class RequestOptions {

  @Parameters(index = "0", paramLabel = "PROMPT", description = "What to draw.")
  String prompt;

  @Option(
      names = "--negative",
      paramLabel = "TEXT",
      description = "What to avoid (negative prompt).")
  String negative;

  @Option(
      names = "--size",
      paramLabel = "WxH",
      description = "Exact size in pixels, e.g. 1024x768. Not with --aspect.")
  String size;

  @Option(
      names = "--aspect",
      paramLabel = "W:H",
      description = "Aspect ratio, e.g. 16:9. Not with --size.")
  String aspect;

  @Option(
      names = "--megapixels",
      paramLabel = "MP",
      description = "Target size in millions of pixels, with --aspect.")
  Double megapixels;

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "Number of images, 1.." + GenerationRequest.MAX_COUNT + " (default 1).")
  Integer count;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed; drawn at random if absent.")
  Long seed;

  @Option(
      names = "--safety",
      paramLabel = "LEVEL",
      description = "STRICT, STANDARD (default), RELAXED or OFF.")
  String safety;

  @Option(names = "--format", paramLabel = "FORMAT", description = "PNG, JPEG or WEBP.")
  String format;

  @Option(
      names = "--quality",
      paramLabel = "Q",
      description = "Encoder quality 1..100, with --format.")
  Integer quality;

  @Option(names = "--steps", paramLabel = "N", description = "Inference steps hint.")
  Integer steps;

  @Option(names = "--guidance", paramLabel = "G", description = "Guidance (CFG) hint, 0..100.")
  Double guidance;

  @Option(
      names = "--strict",
      paramLabel = "FIELD",
      description =
          "Field a target must honour exactly, or fail (repeatable), e.g. size, seed, format.")
  List<String> strict = new ArrayList<>();

  @Option(
      names = "--param",
      paramLabel = "[PROVIDER:]KEY=VALUE",
      description =
          "Native parameter passed through (repeatable). Without PROVIDER: for every target's"
              + " provider. Numbers and true/false are sent as JSON numbers and booleans.")
  List<String> params = new ArrayList<>();

  /**
   * Builds the request.
   *
   * @param providers the providers of the request's targets; a {@code --param} without a provider
   *     applies to each of them
   * @throws InvalidRequestException naming the field when an option is invalid
   */
  public GenerationRequest toRequest(Collection<String> providers) {
    GenerationRequest.Builder b = GenerationRequest.builder(prompt);
    b.negativePrompt(negative);
    b.size(size());
    if (count != null) {
      b.count(count);
    }
    b.seed(seed);
    if (safety != null) {
      b.safety(SafetyLevel.parse(safety));
    }
    if (format != null) {
      b.format(ImageFormat.parse(format), quality);
    } else if (quality != null) {
      throw new InvalidRequestException(
          "quality", "needs --format (PNG, JPEG or WEBP) to say which encoder it is for");
    }
    b.steps(steps);
    b.guidance(guidance);
    for (String field : strict) {
      b.require(RequestField.parse(field.strip()));
    }
    List<NativeParam> parsed = new ArrayList<>();
    for (String p : params) {
      parsed.add(NativeParam.parse(p));
    }
    // Provider-specific values are written last so that they win over a value for every provider.
    for (NativeParam p : parsed) {
      if (p.provider() == null) {
        for (String provider : new LinkedHashSet<>(providers)) {
          b.extension(provider, p.key(), p.value());
        }
      }
    }
    for (NativeParam p : parsed) {
      if (p.provider() != null) {
        b.extension(p.provider(), p.key(), p.value());
      }
    }
    return b.build();
  }

  private Size size() {
    if (size != null && aspect != null) {
      throw new InvalidRequestException(
          "size", "--size and --aspect cannot be used together; give an exact size or a ratio");
    }
    if (size != null) {
      if (megapixels != null) {
        throw new InvalidRequestException(
            "megapixels", "applies to --aspect only; --size already fixes the pixel count");
      }
      PixelSize p = PixelSize.parse(size);
      return Size.exact(p.width(), p.height());
    }
    if (aspect != null) {
      AspectRatio r = AspectRatio.parse(aspect);
      return megapixels == null
          ? Size.aspect(r.width(), r.height())
          : Size.aspect(r.width(), r.height(), megapixels);
    }
    if (megapixels != null) {
      throw new InvalidRequestException("megapixels", "needs --aspect, e.g. --aspect 16:9");
    }
    return Size.unspecified();
  }
}
