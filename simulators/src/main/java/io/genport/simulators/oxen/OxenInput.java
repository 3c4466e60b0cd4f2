package io.genport.simulators.oxen;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.ImageFormat;
import io.genport.simulators.SimResponse;
import io.genport.simulators.TriggerWords;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import javax.imageio.ImageIO;

/**
 * Reads and validates an Oxen image request. Two stages, because Oxen validates at two times: the
 * {@linkplain #precheck request check} (JSON, {@code model}, {@code prompt}) happens on every
 * endpoint at once; the {@linkplain #validate parameter check} happens at once on the synchronous
 * endpoints but only when the job runs on the queue ("parameter validation happens at run time").
 */
final class OxenInput {
  /** One megapixel as the size classes count it: 1024 x 1024 pixels (inferred). */
  static final long MEGAPIXEL = 1024L * 1024L;

  /** The value of {@code aspect_ratio} that takes the ratio of the first input image. */
  static final String MATCH_INPUT_IMAGE = "match_input_image";

  /** The validation settings, from the simulator's builder. */
  static final class Rules {
    List<String> ratios;
    String defaultRatio;
    Map<String, Double> resolutions = new LinkedHashMap<>();
    String defaultResolution;
    int multiple;
    String defaultOutputFormat;
    long maxPixels;
    boolean editRequiresInputImage;
    Set<String> knownModels;
  }

  /** The generation, or the message of the first invalid parameter. */
  static final class Result {
    final OxenGeneration generation;
    final String error;

    private Result(OxenGeneration generation, String error) {
      this.generation = generation;
      this.error = error;
    }
  }

  private OxenInput() {}

  /**
   * The checks every endpoint makes before accepting a request: a JSON object, a known {@code
   * model}, a non-empty {@code prompt}. Returns the error response, or {@code null} when it passes.
   */
  static SimResponse precheck(JsonNode json, Rules rules) {
    if (json == null) {
      return OxenErrors.invalidParams("Request body must be a JSON object");
    }
    JsonNode model = json.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank()) {
      return OxenErrors.invalidParams("model is required");
    }
    if (!rules.knownModels.isEmpty() && !rules.knownModels.contains(model.asText())) {
      return OxenErrors.modelNotFound(model.asText());
    }
    JsonNode prompt = json.get("prompt");
    if (prompt == null || !prompt.isTextual() || prompt.asText().isBlank()) {
      return OxenErrors.invalidParams("Prompt cannot be empty");
    }
    return null;
  }

  /** Validates the model parameters of a prechecked request. */
  static Result validate(JsonNode json, Rules rules, boolean edit, LongSupplier random) {
    String model = json.get("model").asText();
    String prompt = json.get("prompt").asText();

    List<String> inputs = new ArrayList<>();
    JsonNode in = json.get("input_image");
    if (in != null && !in.isNull()) {
      if (in.isTextual()) {
        inputs.add(in.asText());
      } else if (in.isArray()) {
        for (JsonNode i : in) {
          if (!i.isTextual() || i.asText().isBlank()) {
            return fail("input_image must be a URL, a data URI or a list of them");
          }
          inputs.add(i.asText());
        }
      } else {
        return fail("input_image must be a URL, a data URI or a list of them");
      }
    }
    if (edit && rules.editRequiresInputImage && inputs.isEmpty()) {
      return fail("input_image is required");
    }

    String ratio = text(json, "aspect_ratio", rules.defaultRatio);
    List<String> allowedRatios = new ArrayList<>(rules.ratios);
    allowedRatios.add(MATCH_INPUT_IMAGE);
    if (ratio == null || !allowedRatios.contains(ratio)) {
      return fail("aspect_ratio must be one of: " + String.join(", ", allowedRatios));
    }
    String resolution = text(json, "resolution", rules.defaultResolution);
    if (resolution == null || !rules.resolutions.containsKey(resolution)) {
      return fail("resolution must be one of: " + String.join(", ", rules.resolutions.keySet()));
    }
    Integer steps = integer(json, "num_inference_steps");
    if (bad(json, "num_inference_steps", steps) || (steps != null && (steps < 1 || steps > 50))) {
      return fail("num_inference_steps must be an integer between 1 and 50");
    }
    JsonNode g = json.get("guidance");
    Double guidance = null;
    if (g != null && !g.isNull()) {
      if (!g.isNumber() || g.asDouble() < 0 || g.asDouble() > 10) {
        return fail("guidance must be a number between 0 and 10");
      }
      guidance = g.asDouble();
    }
    JsonNode s = json.get("seed");
    long seed;
    boolean seedGenerated = false;
    if (s == null || s.isNull()) {
      seed = random.getAsLong() & 0x7FFFFFFFL;
      seedGenerated = true;
    } else if (s.isIntegralNumber() && s.canConvertToLong()) {
      seed = s.asLong();
    } else {
      return fail("seed must be an integer");
    }
    String format = text(json, "output_format", rules.defaultOutputFormat);
    if (format == null || !List.of("webp", "jpg", "png").contains(format)) {
      return fail("output_format must be one of: webp, jpg, png");
    }
    Integer quality = integer(json, "output_quality");
    if (bad(json, "output_quality", quality)
        || (quality != null && (quality < 0 || quality > 100))) {
      return fail("output_quality must be an integer between 0 and 100");
    }
    JsonNode d = json.get("disable_safety_checker");
    if (d != null && !d.isNull() && !d.isBoolean()) {
      return fail("disable_safety_checker must be a boolean");
    }
    boolean checker = d == null || d.isNull() || !d.asBoolean();
    String responseFormat = text(json, "response_format", "url");
    if (responseFormat == null
        || !(responseFormat.equals("url") || responseFormat.equals("b64_json"))) {
      return fail("response_format must be url or b64_json");
    }

    double r;
    if (ratio.equals(MATCH_INPUT_IMAGE)) {
      if (inputs.isEmpty()) {
        return fail("aspect_ratio match_input_image requires input_image");
      }
      r = inputRatio(inputs.get(0));
    } else {
      String[] wh = ratio.split(":");
      r = Double.parseDouble(wh[0]) / Double.parseDouble(wh[1]);
    }
    double pixels = rules.resolutions.get(resolution) * MEGAPIXEL;
    int width = roundTo(Math.sqrt(pixels * r), rules.multiple);
    int height = roundTo(Math.sqrt(pixels / r), rules.multiple);
    if ((long) width * height > rules.maxPixels) {
      return fail("requested image is too large: " + width + "x" + height);
    }
    ImageFormat rendered = ImageFormat.parse(format).orElseThrow();
    return new Result(
        new OxenGeneration(
            model,
            prompt,
            seed,
            seedGenerated,
            ratio,
            resolution,
            width,
            height,
            format,
            rendered,
            quality,
            steps,
            guidance,
            checker,
            inputs,
            responseFormat.equals("b64_json"),
            TriggerWords.outcomeOf(prompt)),
        null);
  }

  /**
   * The ratio of an input image: read from a {@code data:} URI; 1:1 for a URL, which the simulator
   * does not fetch.
   */
  private static double inputRatio(String input) {
    if (!input.regionMatches(true, 0, "data:", 0, 5) || input.indexOf(',') < 0) {
      return 1.0;
    }
    try {
      byte[] bytes = Base64.getMimeDecoder().decode(input.substring(input.indexOf(',') + 1));
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
      return img == null ? 1.0 : (double) img.getWidth() / img.getHeight();
    } catch (IOException | IllegalArgumentException e) {
      return 1.0;
    }
  }

  /** The size rule the simulator uses, rounding each side to {@code multiple} (at least one). */
  static int roundTo(double value, int multiple) {
    long r = Math.round(value / multiple) * multiple;
    return (int) Math.max(multiple, r);
  }

  private static Result fail(String message) {
    return new Result(null, message);
  }

  private static String text(JsonNode json, String key, String fallback) {
    JsonNode n = json.get(key);
    if (n == null || n.isNull()) {
      return fallback;
    }
    return n.isTextual() ? n.asText() : null;
  }

  private static Integer integer(JsonNode json, String key) {
    JsonNode n = json.get(key);
    if (n == null || n.isNull() || !n.isIntegralNumber() || !n.canConvertToInt()) {
      return null;
    }
    return n.asInt();
  }

  /** Whether {@code key} is present but not an integer. */
  private static boolean bad(JsonNode json, String key, Integer parsed) {
    JsonNode n = json.get(key);
    return n != null && !n.isNull() && parsed == null;
  }
}
