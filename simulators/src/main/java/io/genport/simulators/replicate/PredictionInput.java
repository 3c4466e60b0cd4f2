package io.genport.simulators.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.ImageFormat;
import io.genport.simulators.TriggerWords;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Reads a prediction's {@code input} object under a model's {@link ModelRules}, collecting every
 * problem (Replicate and Cog report all of them at once). Unknown fields are ignored, as a model
 * ignores inputs it does not declare.
 */
final class PredictionInput {

  /** One invalid field: {@code field} is {@code input.width} style. */
  record Problem(String field, String description, String type) {}

  final ReplicateGeneration generation;
  final List<Problem> problems;

  private PredictionInput(ReplicateGeneration generation, List<Problem> problems) {
    this.generation = generation;
    this.problems = List.copyOf(problems);
  }

  boolean valid() {
    return problems.isEmpty();
  }

  static PredictionInput parse(
      String model, JsonNode input, ModelRules rules, LongSupplier random) {
    List<Problem> problems = new ArrayList<>();
    if (input == null || !input.isObject()) {
      problems.add(
          new Problem(
              "input",
              "Invalid type. Expected: object, given: " + typeName(input),
              "invalid_type"));
      return new PredictionInput(null, problems);
    }

    String prompt = "";
    JsonNode p = input.get("prompt");
    if (p == null || p.isNull()) {
      if (rules.promptRequired()) {
        problems.add(new Problem("input", "prompt is required", "required"));
      }
    } else if (!p.isTextual()) {
      problems.add(
          new Problem(
              "input.prompt",
              "Invalid type. Expected: string, given: " + typeName(p),
              "invalid_type"));
    } else {
      prompt = p.asText();
    }

    int width;
    int height;
    String ratio = null;
    if (rules.sizeMode() == ModelRules.SizeMode.ASPECT_RATIO) {
      ratio = rules.defaultAspectRatio();
      JsonNode a = input.get("aspect_ratio");
      if (a != null && !a.isNull()) {
        ratio = a.isTextual() ? a.asText() : a.toString();
      }
      int[] size = rules.sizeOf(ratio);
      if (ratio.equals("custom") && rules.customSize()) {
        Integer w = side(input, "width", rules, problems);
        Integer h = side(input, "height", rules, problems);
        size = new int[] {w == null ? 1024 : w, h == null ? 1024 : h};
      } else if (size == null) {
        List<String> allowed = new ArrayList<>(rules.aspectRatios());
        if (rules.customSize()) {
          allowed.add("custom");
        }
        problems.add(
            new Problem(
                "input.aspect_ratio",
                "input.aspect_ratio must be one of the following: " + quoted(allowed),
                "enum"));
        size = new int[] {1024, 1024};
      } else {
        String mp = text(input, "megapixels", "1", problems);
        if (mp.equals("0.25")) {
          size = new int[] {size[0] / 2, size[1] / 2};
        } else if (!mp.equals("1")) {
          problems.add(
              new Problem(
                  "input.megapixels",
                  "input.megapixels must be one of the following: \"1\", \"0.25\"",
                  "enum"));
        }
      }
      width = size[0];
      height = size[1];
    } else if (rules.sizeMode() == ModelRules.SizeMode.LABELS) {
      String field = rules.labelParam();
      String label = text(input, field, rules.defaultLabel(), problems);
      int[] size = rules.labelSize(label);
      if (size == null) {
        problems.add(
            new Problem(
                "input." + field,
                "input." + field + " must be one of the following: " + quoted(rules.sizeLabels()),
                "enum"));
        size = rules.labelSize(rules.defaultLabel());
      }
      width = size[0];
      height = size[1];
    } else {
      Integer w = side(input, "width", rules, problems);
      Integer h = side(input, "height", rules, problems);
      width = w == null ? rules.defaultWidth() : w;
      height = h == null ? rules.defaultHeight() : h;
    }

    int outputs = 1;
    JsonNode n = input.get("num_outputs");
    if (n != null && !n.isNull()) {
      Long v = integer(n, "input.num_outputs", problems);
      if (v != null) {
        if (v < 1) {
          problems.add(
              new Problem(
                  "input.num_outputs", "Must be greater than or equal to 1", "greater_than_equal"));
        } else if (v > rules.maxOutputs()) {
          problems.add(
              new Problem(
                  "input.num_outputs",
                  "Must be less than or equal to " + rules.maxOutputs(),
                  "less_than_equal"));
        } else {
          outputs = v.intValue();
        }
      }
    }

    long seed;
    boolean seedGenerated = false;
    JsonNode s = input.get("seed");
    if (s == null || s.isNull()) {
      seed = random.getAsLong() & 0xFFFFFFFFL;
      seedGenerated = true;
    } else {
      Long v = integer(s, "input.seed", problems);
      seed = v == null ? 0 : v;
    }

    String format = text(input, "output_format", rules.defaultFormat(), problems);
    if (!rules.formats().contains(format)) {
      problems.add(
          new Problem(
              "input.output_format",
              "input.output_format must be one of the following: "
                  + quoted(new ArrayList<>(rules.formats())),
              "enum"));
      format = rules.defaultFormat();
    }

    JsonNode q = input.get("output_quality");
    if (q != null && !q.isNull()) {
      Long v = integer(q, "input.output_quality", problems);
      if (v != null && (v < 0 || v > 100)) {
        problems.add(
            new Problem(
                "input.output_quality",
                v < 0 ? "Must be greater than or equal to 0" : "Must be less than or equal to 100",
                v < 0 ? "greater_than_equal" : "less_than_equal"));
      }
    }

    boolean checker = rules.safetyCheckerDefaultOn();
    JsonNode d = input.get("disable_safety_checker");
    if (d != null && !d.isNull()) {
      if (d.isBoolean()) {
        checker = !d.asBoolean();
      } else {
        problems.add(
            new Problem(
                "input.disable_safety_checker",
                "Invalid type. Expected: boolean, given: " + typeName(d),
                "invalid_type"));
      }
    }

    if (!problems.isEmpty()) {
      return new PredictionInput(null, problems);
    }
    ImageFormat rendered = ImageFormat.parse(format).orElse(ImageFormat.JPEG);
    return new PredictionInput(
        new ReplicateGeneration(
            model,
            prompt,
            seed,
            seedGenerated,
            width,
            height,
            ratio,
            outputs,
            format,
            rendered,
            checker,
            TriggerWords.outcomeOf(prompt)),
        problems);
  }

  private static Integer side(
      JsonNode input, String field, ModelRules rules, List<Problem> problems) {
    JsonNode v = input.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    Long n = integer(v, "input." + field, problems);
    if (n == null) {
      return null;
    }
    if (n < rules.minSide()) {
      problems.add(
          new Problem(
              "input." + field,
              "Must be greater than or equal to " + rules.minSide(),
              "greater_than_equal"));
      return null;
    }
    if (n > rules.maxSide()) {
      problems.add(
          new Problem(
              "input." + field,
              "Must be less than or equal to " + rules.maxSide(),
              "less_than_equal"));
      return null;
    }
    // "Must be a multiple of 16 (if it's not, it will be rounded to nearest multiple of 16)"
    return rules.round(n.intValue());
  }

  private static String text(JsonNode input, String field, String dflt, List<Problem> problems) {
    JsonNode v = input.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isTextual()) {
      problems.add(
          new Problem(
              "input." + field,
              "Invalid type. Expected: string, given: " + typeName(v),
              "invalid_type"));
      return dflt;
    }
    return v.asText();
  }

  private static Long integer(JsonNode v, String field, List<Problem> problems) {
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asLong();
    }
    problems.add(
        new Problem(
            field, "Invalid type. Expected: integer, given: " + typeName(v), "invalid_type"));
    return null;
  }

  private static String quoted(List<String> values) {
    List<String> q = new ArrayList<>();
    values.forEach(v -> q.add("\"" + v + "\""));
    return String.join(", ", q);
  }

  static String typeName(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "null";
    }
    if (v.isTextual()) {
      return "string";
    }
    if (v.isIntegralNumber()) {
      return "integer";
    }
    if (v.isNumber()) {
      return "number";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    return v.isArray() ? "array" : "object";
  }
}
