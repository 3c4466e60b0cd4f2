package io.genport.simulators.fal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.genport.simulators.ImageFormat;
import io.genport.simulators.Json;
import io.genport.simulators.SimResponse;
import io.genport.simulators.TriggerWords;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Validates a fal text-to-image input the way fal's pydantic models do, and collects every error
 * (pydantic reports all of them at once).
 */
final class FalInput {
  /** fal toolkit {@code ImageSize}: width and height are {@code gt 0, le 14142}. */
  static final int MAX_SIDE = 14142;

  /** An aspect ratio as fal's aspect_ratio enums spell it: {@code 16:9}. */
  private static final java.util.regex.Pattern RATIO =
      java.util.regex.Pattern.compile("[1-9][0-9]{0,2}:[1-9][0-9]{0,2}");

  /** The input as JSON ({@code {}} when it was not a JSON object). */
  final JsonNode json;

  /** The valid generation, or {@code null}. */
  final FalGeneration generation;

  /** The 422 response, or {@code null} when valid. */
  final SimResponse error;

  private FalInput(JsonNode json, FalGeneration generation, SimResponse error) {
    this.json = json;
    this.generation = generation;
    this.error = error;
  }

  static final class Defaults {
    int width;
    int height;
    ImageFormat format;
    int maxImages;
    long maxPixels;

    /**
     * The endpoint's own {@code image_size} labels to pixel sizes, in the documented order, or
     * {@code null} when it takes fal's presets or a width/height object.
     */
    Map<String, int[]> sizeLabels;
  }

  static FalInput parse(String endpointId, byte[] body, Defaults defaults, LongSupplier random) {
    JsonNode root;
    if (body.length == 0) {
      root = Json.object();
    } else {
      try {
        root = Json.mapper().readTree(body);
      } catch (IOException e) {
        ObjectNode ctx = Json.object().put("error", "Expecting value");
        return new FalInput(
            Json.object(),
            null,
            FalErrors.validation(
                List.of(
                    FalErrors.detail(
                        List.of("body", 0),
                        "JSON decode error",
                        "json_invalid",
                        ctx,
                        Json.object()))));
      }
    }
    if (root == null || !root.isObject()) {
      return new FalInput(
          Json.object(),
          null,
          FalErrors.validation(
              List.of(
                  FalErrors.detail(
                      List.of("body"),
                      "Input should be a valid dictionary or object to extract fields from",
                      "model_attributes_type",
                      null,
                      root))));
    }

    List<ObjectNode> errors = new ArrayList<>();

    JsonNode promptNode = root.get("prompt");
    String prompt = null;
    if (promptNode == null || promptNode.isNull()) {
      errors.add(missing(List.of("body", "prompt"), root));
    } else if (!promptNode.isTextual()) {
      errors.add(
          FalErrors.detail(
              List.of("body", "prompt"),
              "Input should be a valid string",
              "string_type",
              null,
              promptNode));
    } else {
      prompt = promptNode.asText();
    }

    int width = defaults.width;
    int height = defaults.height;
    String sizeInput = null;
    JsonNode size = root.get("image_size");
    if (size != null && !size.isNull()) {
      sizeInput = size.toString();
      if (defaults.sizeLabels != null) {
        int[] px = size.isTextual() ? defaults.sizeLabels.get(size.asText()) : null;
        if (px != null) {
          width = px[0];
          height = px[1];
          sizeInput = size.asText();
        } else {
          String expected = labelsExpected(defaults.sizeLabels.keySet());
          errors.add(
              FalErrors.detail(
                  List.of("body", "image_size"),
                  "Input should be " + expected,
                  "enum",
                  Json.object().put("expected", expected),
                  size));
        }
      } else if (size.isTextual()) {
        var preset = FalImageSize.fromWire(size.asText());
        if (preset.isPresent()) {
          width = preset.get().width();
          height = preset.get().height();
          sizeInput = size.asText();
        } else {
          errors.add(
              FalErrors.detail(
                  List.of("body", "image_size"),
                  "Input should be " + FalImageSize.EXPECTED,
                  "enum",
                  Json.object().put("expected", FalImageSize.EXPECTED),
                  size));
        }
      } else if (size.isObject()) {
        Integer w = side(size, "width", errors);
        Integer h = side(size, "height", errors);
        if (w != null) {
          width = w;
        }
        if (h != null) {
          height = h;
        }
      } else {
        errors.add(
            FalErrors.detail(
                List.of("body", "image_size"),
                "Input should be a valid dictionary or instance of ImageSize",
                "model_type",
                null,
                size));
      }
    } else if (root.path("aspect_ratio").isTextual()
        && RATIO.matcher(root.get("aspect_ratio").asText()).matches()) {
      // Endpoints sized by aspect_ratio (Imagen, Nano Banana, Reve, ...) document no pixel size
      // per ratio, and GenPort's catalog says their vendor decides. The simulator renders the
      // ratio's orientation at about one megapixel, sides multiples of 16 [INFERRED]; an
      // unknown ratio is left to the size default, as the endpoint's own enum is not known here.
      String[] wh = root.get("aspect_ratio").asText().split(":", -1);
      double ratio = Double.parseDouble(wh[0]) / Double.parseDouble(wh[1]);
      double pixels = 1024.0 * 1024.0;
      width = (int) Math.max(16, Math.round(Math.sqrt(pixels * ratio) / 16) * 16);
      height = (int) Math.max(16, Math.round(Math.sqrt(pixels / ratio) / 16) * 16);
      sizeInput = root.get("aspect_ratio").asText();
    }

    int numImages = 1;
    JsonNode n = root.get("num_images");
    if (n != null && !n.isNull()) {
      Long v = integer(n, List.of("body", "num_images"), errors);
      if (v != null) {
        if (v < 1) {
          errors.add(
              FalErrors.detail(
                  List.of("body", "num_images"),
                  "Input should be greater than or equal to 1",
                  "greater_than_equal",
                  Json.object().put("ge", 1),
                  n));
        } else if (v > defaults.maxImages) {
          errors.add(
              FalErrors.detail(
                  List.of("body", "num_images"),
                  "Input should be less than or equal to " + defaults.maxImages,
                  "less_than_equal",
                  Json.object().put("le", defaults.maxImages),
                  n));
        } else {
          numImages = v.intValue();
        }
      }
    }

    long seed = 0;
    boolean seedGenerated = false;
    JsonNode s = root.get("seed");
    if (s == null || s.isNull()) {
      // fal reports a random seed when none was given; ours comes from the seeded stream.
      seed = random.getAsLong() & Long.MAX_VALUE;
      seedGenerated = true;
    } else {
      Long v = integer(s, List.of("body", "seed"), errors);
      if (v != null) {
        seed = v;
      }
    }

    ImageFormat format = defaults.format;
    JsonNode f = root.get("output_format");
    if (f != null && !f.isNull()) {
      if (f.isTextual() && (f.asText().equals("jpeg") || f.asText().equals("png"))) {
        format = f.asText().equals("png") ? ImageFormat.PNG : ImageFormat.JPEG;
      } else {
        errors.add(
            FalErrors.detail(
                List.of("body", "output_format"),
                "Input should be 'jpeg' or 'png'",
                "enum",
                Json.object().put("expected", "'jpeg' or 'png'"),
                f));
      }
    }

    boolean syncMode = bool(root, "sync_mode", false, errors);
    boolean safety = bool(root, "enable_safety_checker", true, errors);

    if (errors.isEmpty() && (long) width * height > defaults.maxPixels) {
      ObjectNode ctx = Json.object().put("max_pixels", defaults.maxPixels);
      errors.add(
          FalErrors.detail(
              List.of("body", "image_size"),
              "Image size "
                  + width
                  + "x"
                  + height
                  + " is too large; at most "
                  + defaults.maxPixels
                  + " pixels",
              "image_too_large",
              ctx,
              size == null ? TextNode.valueOf(width + "x" + height) : size));
    }

    if (!errors.isEmpty()) {
      return new FalInput(root, null, FalErrors.validation(errors));
    }
    FalGeneration g =
        new FalGeneration(
            endpointId,
            prompt,
            seed,
            seedGenerated,
            width,
            height,
            sizeInput,
            numImages,
            format,
            syncMode,
            safety,
            TriggerWords.outcomeOf(prompt));
    return new FalInput(root, g, null);
  }

  private static Integer side(JsonNode size, String field, List<ObjectNode> errors) {
    List<Object> loc = List.of("body", "image_size", field);
    JsonNode v = size.get(field);
    if (v == null || v.isNull()) {
      errors.add(missing(loc, size));
      return null;
    }
    Long n = integer(v, loc, errors);
    if (n == null) {
      return null;
    }
    if (n <= 0) {
      errors.add(
          FalErrors.detail(
              loc,
              "Input should be greater than 0",
              "greater_than",
              Json.object().put("gt", 0),
              v));
      return null;
    }
    if (n > MAX_SIDE) {
      errors.add(
          FalErrors.detail(
              loc,
              "Input should be less than or equal to " + MAX_SIDE,
              "less_than_equal",
              Json.object().put("le", MAX_SIDE),
              v));
      return null;
    }
    return n.intValue();
  }

  /** pydantic's enum message: {@code 'a', 'b' or 'c'}. */
  private static String labelsExpected(java.util.Collection<String> labels) {
    List<String> quoted = labels.stream().map(l -> "'" + l + "'").toList();
    return quoted.size() == 1
        ? quoted.get(0)
        : String.join(", ", quoted.subList(0, quoted.size() - 1))
            + " or "
            + quoted.get(quoted.size() - 1);
  }

  private static Long integer(JsonNode v, List<Object> loc, List<ObjectNode> errors) {
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asLong();
    }
    if (v.isFloatingPointNumber() && v.asDouble() == Math.rint(v.asDouble())) {
      // pydantic accepts 2.0 for an int field.
      return (long) v.asDouble();
    }
    if (v.isTextual()) {
      // pydantic's default (lax) mode, which fal's FastAPI apps validate with, parses an integer
      // field from a JSON string of digits ("7" is 7) and refuses any other string.
      try {
        return Long.parseLong(v.asText().strip());
      } catch (NumberFormatException e) {
        errors.add(
            FalErrors.detail(
                loc,
                "Input should be a valid integer, unable to parse string as an integer",
                "int_parsing",
                null,
                v));
        return null;
      }
    }
    errors.add(
        FalErrors.detail(
            loc,
            v.isFloatingPointNumber()
                ? "Input should be a valid integer, got a number with a fractional part"
                : "Input should be a valid integer",
            v.isFloatingPointNumber() ? "int_from_float" : "int_type",
            null,
            v));
    return null;
  }

  private static boolean bool(JsonNode root, String field, boolean dflt, List<ObjectNode> errors) {
    JsonNode v = root.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    errors.add(
        FalErrors.detail(
            List.of("body", field), "Input should be a valid boolean", "bool_type", null, v));
    return dflt;
  }

  private static ObjectNode missing(List<Object> loc, JsonNode input) {
    return FalErrors.detail(loc, "Field required", "missing", null, input);
  }
}
