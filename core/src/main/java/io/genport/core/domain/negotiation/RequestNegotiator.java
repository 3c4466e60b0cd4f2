package io.genport.core.domain.negotiation;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.OutputFormat;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.SafetyLevel;
import io.genport.core.domain.UnsupportedCapabilityException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Fits a whole {@link GenerationRequest} to a model's {@link ModelCapabilities}: size, seed, count
 * split, safety, format, quality, negative prompt, steps and guidance. Pure apart from drawing a
 * seed from the injected generator when the request has none; stateless and thread-safe.
 */
public final class RequestNegotiator {
  /** Seeds the library draws are in {@code [0, 2^31 - 1]} so they are valid at every vendor. */
  public static final long DRAWN_SEED_MAX = Integer.MAX_VALUE;

  private RequestNegotiator() {}

  /**
   * Negotiates {@code request} against {@code model}.
   *
   * @param random source for a seed when the request has none and the model takes one
   * @throws UnsupportedCapabilityException when a {@link
   *     io.genport.core.domain.Strictness#REQUIRED} field cannot be honoured
   */
  public static NegotiatedRequest negotiate(
      GenerationRequest request, ModelCapabilities model, RandomGenerator random) {
    List<Adaptation> adaptations = new ArrayList<>();

    SizeDecision size =
        SizeNegotiator.negotiate(
            request.size(), model.size(), request.strictness(RequestField.SIZE));
    if (size.adaptation() != null) {
      adaptations.add(size.adaptation());
    }

    Long seed = seed(request, model.seed(), random, adaptations);
    // The per-call maximum can depend on the size (a count limit for large images), so the split
    // follows the size decision.
    PixelSize planned = size.choice().pixels();
    int perCall = model.maxImagesPerCall(planned);
    List<CallPart> parts = split(request.count(), perCall, seed, model.seed());
    if (parts.size() > 1) {
      adaptations.add(
          new Adaptation(
              RequestField.COUNT,
              Integer.toString(request.count()),
              calls(parts),
              "the model returns at most "
                  + perCall
                  + " image"
                  + (perCall == 1 ? "" : "s")
                  + " per call"
                  + limitReason(model, planned, perCall)
                  + (seed == null ? "" : "; each call gets its own seed")));
    }

    SafetyLevel safety = safety(request, model, adaptations);
    ImageFormat format = null;
    Integer quality = null;
    OutputFormat f = request.format();
    if (f != null) {
      format = format(request, f.type(), model, adaptations);
      if (f.quality() != null) {
        if (model.quality() != null) {
          quality =
              (int)
                  fitted(
                      request,
                      RequestField.QUALITY,
                      f.quality(),
                      model.quality(),
                      "quality ",
                      adaptations);
        } else {
          unsupported(
              request,
              RequestField.QUALITY,
              f.quality().toString(),
              "model default",
              "the model has no quality setting",
              adaptations);
        }
      }
    }

    String negative = null;
    if (request.negativePrompt() != null) {
      if (model.negativePrompt()) {
        negative = request.negativePrompt();
      } else {
        unsupported(
            request,
            RequestField.NEGATIVE_PROMPT,
            "\"" + abbreviate(request.negativePrompt()) + "\"",
            "not sent",
            "the model takes no negative prompt",
            adaptations);
      }
    }

    Integer steps = null;
    if (request.steps() != null) {
      Double v = ranged(request, RequestField.STEPS, request.steps(), model.steps(), adaptations);
      steps = v == null ? null : (int) Math.round(v);
    }
    Double guidance =
        request.guidance() == null
            ? null
            : ranged(
                request, RequestField.GUIDANCE, request.guidance(), model.guidance(), adaptations);

    if (!request.referenceImages().isEmpty()
        && request.referenceImages().size() > model.maxReferenceImages()) {
      unsupported(
          request,
          RequestField.REFERENCE_IMAGES,
          Integer.toString(request.referenceImages().size()),
          model.maxReferenceImages() == 0 ? "none sent" : "first " + model.maxReferenceImages(),
          "the model accepts at most " + model.maxReferenceImages() + " reference images",
          adaptations);
    }
    if (request.mask() != null && !model.mask()) {
      unsupported(
          request, RequestField.MASK, "mask", "not sent", "the model takes no mask", adaptations);
    }

    // List.sort is stable: adaptations on one field keep the order they were made in.
    adaptations.sort(Comparator.comparing(Adaptation::field));
    return new NegotiatedRequest(
        request, size, parts, safety, format, quality, negative, steps, guidance, adaptations);
  }

  /**
   * The seed to send: the requested one (wrapped into range when best effort), or a drawn one.
   * Returns {@code null} when the model takes no seed.
   */
  static Long seed(
      GenerationRequest request, SeedSpec spec, RandomGenerator random, List<Adaptation> out) {
    Long requested = request.seed();
    if (!spec.accepted()) {
      if (requested != null) {
        unsupported(
            request,
            RequestField.SEED,
            requested.toString(),
            "not sent",
            "the model takes no seed; results are not reproducible",
            out);
      }
      return null;
    }
    if (requested == null) {
      long lo = Math.max(spec.min(), 0);
      long hi = Math.min(spec.max(), DRAWN_SEED_MAX);
      if (hi < lo) {
        lo = spec.min();
        hi = spec.max();
      }
      long drawn = lo == hi ? lo : random.nextLong(lo, hi + 1 == Long.MIN_VALUE ? hi : hi + 1);
      // never send the value the model reads as "random" (Stability's 0)
      return spec.wrap(drawn);
    }
    if (spec.randomSentinel() != null && requested.equals(spec.randomSentinel())) {
      long mapped = spec.wrap(requested + 1);
      unsupported(
          request,
          RequestField.SEED,
          requested.toString(),
          Long.toString(mapped),
          requested + " means 'random' to this model",
          out);
      return mapped;
    }
    if (spec.inRange(requested)) {
      return requested;
    }
    long mapped = spec.wrap(requested);
    unsupported(
        request,
        RequestField.SEED,
        requested.toString(),
        Long.toString(mapped),
        "the model accepts seeds " + spec.min() + ".." + spec.max(),
        out);
    return mapped;
  }

  /**
   * Splits {@code count} images into calls of at most {@code perCall}; call {@code i} gets seed
   * {@code seed + i * perCall}, wrapped into the model's range and stepping over its random
   * sentinel ({@link SeedSpec#advance}), so no two calls share a seed and none is sent as "random".
   */
  public static List<CallPart> split(int count, int perCall, Long seed, SeedSpec spec) {
    if (count < 1 || perCall < 1) {
      throw new IllegalArgumentException("count and perCall must be positive");
    }
    List<CallPart> parts = new ArrayList<>();
    int done = 0;
    for (int i = 0; done < count; i++) {
      int n = Math.min(perCall, count - done);
      Long s = seed == null ? null : spec.advance(seed, (long) i * perCall);
      parts.add(new CallPart(i, n, s, done));
      done += n;
    }
    return parts;
  }

  /** Explicit sums up to this many calls; beyond, "20 calls of 1" reads better than 1+1+...+1. */
  private static final int MAX_SPELLED_CALLS = 4;

  /**
   * How the count was split: {@code 2 calls (4+2)} while that is short, else {@code 20 calls of 1}
   * or {@code 5 calls of 4, the last of 2} (the shapes {@link #split} makes).
   */
  static String calls(List<CallPart> parts) {
    int n = parts.size();
    int first = parts.get(0).count();
    int last = parts.get(n - 1).count();
    boolean evenUpToLast = parts.subList(0, n - 1).stream().allMatch(p -> p.count() == first);
    if (n > MAX_SPELLED_CALLS && evenUpToLast) {
      return n + " calls of " + first + (last == first ? "" : ", the last of " + last);
    }
    StringBuilder applied = new StringBuilder();
    for (CallPart p : parts) {
      applied.append(applied.length() == 0 ? "" : "+").append(p.count());
    }
    return n + " calls (" + applied + ")";
  }

  /** Why the per-call maximum is below the model's, or empty when it is not. */
  private static String limitReason(ModelCapabilities model, PixelSize planned, int perCall) {
    if (perCall >= model.maxImagesPerCall()) {
      return "";
    }
    for (CountLimit l : model.countLimits()) {
      if (l.max() == perCall && (planned == null || l.appliesTo(planned))) {
        return " "
            + l.condition()
            + (planned == null ? " (the size is not known before the call)" : " (" + planned + ")")
            + ", "
            + model.maxImagesPerCall()
            + " otherwise";
      }
    }
    return "";
  }

  private static SafetyLevel safety(
      GenerationRequest request, ModelCapabilities model, List<Adaptation> out) {
    SafetyLevel wanted = request.safety();
    if (model.safetyLevels().isEmpty()) {
      // The vendor's default moderation is what STANDARD stands for: only other levels change.
      if (wanted != SafetyLevel.STANDARD) {
        unsupported(
            request,
            RequestField.SAFETY,
            wanted.name(),
            "vendor default",
            "the model has no safety setting",
            out);
      }
      return null;
    }
    if (model.safetyLevels().contains(wanted)) {
      return wanted;
    }
    SafetyLevel chosen = null;
    for (int i = wanted.ordinal() - 1; i >= 0 && chosen == null; i--) {
      if (model.safetyLevels().contains(SafetyLevel.values()[i])) {
        chosen = SafetyLevel.values()[i];
      }
    }
    for (int i = wanted.ordinal() + 1; i < SafetyLevel.values().length && chosen == null; i++) {
      if (model.safetyLevels().contains(SafetyLevel.values()[i])) {
        chosen = SafetyLevel.values()[i];
      }
    }
    unsupported(
        request,
        RequestField.SAFETY,
        wanted.name(),
        chosen.name(),
        "the model supports only "
            + model.safetyLevels().stream().sorted().toList()
            + "; the nearest stricter level is used where there is one",
        out);
    return chosen;
  }

  private static ImageFormat format(
      GenerationRequest request,
      ImageFormat wanted,
      ModelCapabilities model,
      List<Adaptation> out) {
    if (model.formats().contains(wanted)) {
      return wanted;
    }
    unsupported(
        request,
        RequestField.FORMAT,
        wanted.name(),
        "model default",
        model.formats().isEmpty()
            ? "the model has no format setting; the image is returned as produced"
            : "the model produces only "
                + model.formats().stream().sorted().toList()
                + "; the image is returned as produced",
        out);
    return null;
  }

  private static Double ranged(
      GenerationRequest request,
      RequestField field,
      double value,
      ModelCapabilities.Range range,
      List<Adaptation> out) {
    if (range == null) {
      unsupported(
          request,
          field,
          shown(value),
          "not sent",
          "the model has no " + field.wireName() + " setting",
          out);
      return null;
    }
    return fitted(request, field, value, range, "", out);
  }

  /**
   * {@code value} fitted to {@code range} in one step: clamped into it and, for a whole-number
   * range, rounded. One adaptation says every reason the value changed.
   *
   * @param rangeWords what precedes the range in the reason ({@code "quality "} gives "the model
   *     accepts quality 0..100")
   */
  private static double fitted(
      GenerationRequest request,
      RequestField field,
      double value,
      ModelCapabilities.Range range,
      String rangeWords,
      List<Adaptation> out) {
    double fitted = range.fit(value);
    if (fitted == value) {
      return value;
    }
    List<String> why = new ArrayList<>();
    if (!range.contains(value)) {
      why.add("the model accepts " + rangeWords + range);
    }
    double clamped = range.clamp(value);
    if (range.wholeNumbers() && clamped != Math.rint(clamped)) {
      why.add("the model takes whole-number " + field.wireName());
    }
    unsupported(request, field, shown(value), shown(fitted), String.join("; ", why), out);
    return fitted;
  }

  private static String shown(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** Records an adaptation, or throws when the field is required. */
  private static void unsupported(
      GenerationRequest request,
      RequestField field,
      String requested,
      String applied,
      String reason,
      List<Adaptation> out) {
    if (request.isRequired(field)) {
      throw new UnsupportedCapabilityException(
          field, requested + " is required but cannot be honoured: " + reason);
    }
    out.add(new Adaptation(field, requested, applied, reason));
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
