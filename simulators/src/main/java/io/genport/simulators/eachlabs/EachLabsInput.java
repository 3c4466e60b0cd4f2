package io.genport.simulators.eachlabs;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.ImageFormat;
import io.genport.simulators.TriggerWords;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a prediction {@code input} against its model's schema (every problem at once) and reads
 * the generation from it with a small table of dialect readers, so one reader serves fal-style,
 * Replicate-style and one-off models alike. Values missing from the input take the model's
 * defaults.
 *
 * <p>Size, first rule that applies:
 *
 * <ol>
 *   <li>{@code aspect_ratios_selection} {@code W*H} (Fooocus);
 *   <li>{@code size} {@code WxH} (Recraft);
 *   <li>{@code image_size}: a fal preset ({@code landscape_4_3} is 1024x768 ...), a {@code WxH}
 *       label (GPT image), {@code {width, height}} (only with {@code acceptImageSizeObjects}), or
 *       {@code auto} / {@code auto_2K} / {@code auto_4K} (1, 4, 16 MP squares, inferred);
 *   <li>{@code resolution} {@code WxH} (Ideogram; {@code None} falls through);
 *   <li>{@code aspect_ratio}: {@code custom} takes {@code width}/{@code height}; a ratio renders at
 *       the scale of a {@code resolution} class ({@code 1K}/{@code 2K}/{@code 4K} = 1/4/16 MP), of
 *       {@code megapixels}, or of the model's hint (1 MP), with sides rounded to the model's
 *       multiple (16), as GenPort predicts;
 *   <li>{@code width}/{@code height} (free dimensions);
 *   <li>else 1024x1024.
 * </ol>
 *
 * <p>Count: the first of {@code num_images}, {@code num_outputs}, {@code num_results}, {@code
 * image_number}, {@code number_of_images}, {@code max_images}. Seed: {@code seed} or {@code
 * image_seed} (integer or decimal string; -1 means random). Format: {@code output_format} (png,
 * jpeg/jpg or webp, each really encoded so). Safety checker: {@code enable_safety_checker}, else
 * the inverse of {@code disable_safety_checker}, else on.
 */
final class EachLabsInput {
  /** 1 MP as GenPort and the vendors use it: 1024 x 1024 pixels. */
  static final long MEGAPIXEL = 1024L * 1024L;

  private static final Pattern WXH = Pattern.compile("(\\d{1,5})[x*](\\d{1,5})");
  private static final Pattern RATIO =
      Pattern.compile("(\\d{1,3}(?:\\.\\d+)?):(\\d{1,3}(?:\\.\\d+)?)");
  private static final Pattern RESOLUTION_CLASS = Pattern.compile("(\\d)K");
  private static final List<String> COUNT_PARAMS =
      List.of(
          "num_images",
          "num_outputs",
          "num_results",
          "image_number",
          "number_of_images",
          "max_images");
  private static final Map<String, int[]> FAL_PRESETS =
      Map.of(
          "square_hd", new int[] {1024, 1024},
          "square", new int[] {512, 512},
          "portrait_4_3", new int[] {768, 1024},
          "portrait_16_9", new int[] {576, 1024},
          "landscape_4_3", new int[] {1024, 768},
          "landscape_16_9", new int[] {1024, 576},
          "auto", new int[] {1024, 1024},
          "auto_2K", new int[] {2048, 2048},
          "auto_4K", new int[] {4096, 4096});

  /** Limits of the simulator (not of Each Labs). */
  static final class Limits {
    int maxImages;
    long maxPixels;
    boolean acceptImageSizeObjects;
  }

  /** The generation, or {@code null} when invalid. */
  final EachLabsGeneration generation;

  /** What is wrong, or {@code null} when valid. */
  final String problem;

  private EachLabsInput(EachLabsGeneration generation, String problem) {
    this.generation = generation;
    this.problem = problem;
  }

  static EachLabsInput read(
      EachLabsModels.Model model, JsonNode input, Limits limits, LongSupplier random) {
    List<String> problems = new ArrayList<>();
    validate(model, input, limits, problems);
    if (!problems.isEmpty()) {
      return new EachLabsInput(null, String.join("; ", problems));
    }
    Reader r = new Reader(model, input);
    JsonNode promptNode = r.value("prompt");
    String prompt = promptNode == null ? "" : promptNode.asText();

    int[] size;
    String source;
    try {
      Object[] s = size(r, model, limits);
      size = (int[]) s[0];
      source = (String) s[1];
    } catch (IllegalArgumentException e) {
      return new EachLabsInput(null, e.getMessage());
    }
    if (size[0] <= 0 || size[1] <= 0) {
      return new EachLabsInput(null, "image size " + size[0] + "x" + size[1] + " is not positive");
    }
    if ((long) size[0] * size[1] > limits.maxPixels) {
      return new EachLabsInput(
          null,
          "image size "
              + size[0]
              + "x"
              + size[1]
              + " is larger than the simulator's limit of "
              + limits.maxPixels
              + " pixels");
    }

    int count = 1;
    for (String name : COUNT_PARAMS) {
      JsonNode v = r.value(name);
      if (v != null) {
        long n = v.asLong();
        if (n < 1 || n > limits.maxImages) {
          return new EachLabsInput(
              null, "input." + name + " must be between 1 and " + limits.maxImages);
        }
        count = (int) n;
        break;
      }
    }

    long seed = -1;
    boolean generated = true;
    for (String name : List.of("seed", "image_seed")) {
      JsonNode v = r.value(name);
      if (v != null) {
        long s;
        try {
          s = v.isTextual() ? Long.parseLong(v.asText().trim()) : v.asLong();
        } catch (NumberFormatException e) {
          return new EachLabsInput(null, "input." + name + " is not a number");
        }
        if (s != -1) {
          seed = s;
          generated = false;
        }
        break;
      }
    }
    if (generated) {
      seed = random.getAsLong() & 0xFFFFFFFFL;
    }

    ImageFormat format = ImageFormat.PNG;
    JsonNode f = r.value("output_format");
    if (f != null) {
      format = ImageFormat.parse(f.asText()).orElse(ImageFormat.PNG);
    }

    boolean checker = true;
    JsonNode enable = r.value("enable_safety_checker");
    JsonNode disable = r.value("disable_safety_checker");
    if (enable != null) {
      checker = enable.asBoolean(true);
    } else if (disable != null) {
      checker = !disable.asBoolean(false);
    }
    return new EachLabsInput(
        new EachLabsGeneration(
            model.slug(),
            prompt,
            seed,
            generated,
            size[0],
            size[1],
            source,
            count,
            format,
            checker,
            TriggerWords.outcomeOf(prompt)),
        null);
  }

  /** Returns {int[]{w, h}, source}. */
  private static Object[] size(Reader r, EachLabsModels.Model model, Limits limits) {
    JsonNode v = r.value("aspect_ratios_selection");
    if (v != null) {
      return new Object[] {
        wxh(v.asText(), "aspect_ratios_selection"), "aspect_ratios_selection=" + v.asText()
      };
    }
    v = r.value("size");
    if (v != null && v.isTextual()) {
      return new Object[] {wxh(v.asText(), "size"), "size=" + v.asText()};
    }
    v = r.value("image_size");
    if (v != null) {
      if (v.isObject()) {
        return new Object[] {
          new int[] {v.path("width").asInt(0), v.path("height").asInt(0)}, "image_size=" + v
        };
      }
      int[] preset = FAL_PRESETS.get(v.asText());
      if (preset != null) {
        return new Object[] {preset.clone(), "image_size=" + v.asText()};
      }
      return new Object[] {wxh(v.asText(), "image_size"), "image_size=" + v.asText()};
    }
    JsonNode resolution = r.value("resolution");
    if (resolution != null && WXH.matcher(resolution.asText()).matches()) {
      return new Object[] {
        wxh(resolution.asText(), "resolution"), "resolution=" + resolution.asText()
      };
    }
    v = r.value("aspect_ratio");
    if (v != null) {
      String ratio = v.asText();
      if (ratio.equals("custom")) {
        JsonNode w = r.value("width");
        JsonNode h = r.value("height");
        if (w == null || h == null) {
          throw new IllegalArgumentException(
              "input.width and input.height are required when aspect_ratio is custom");
        }
        return new Object[] {new int[] {w.asInt(), h.asInt()}, "aspect_ratio=custom"};
      }
      Matcher m = RATIO.matcher(ratio);
      if (m.matches()) {
        double value = Double.parseDouble(m.group(1)) / Double.parseDouble(m.group(2));
        double mp = model.megapixels();
        String scale = "";
        Matcher rc = resolution == null ? null : RESOLUTION_CLASS.matcher(resolution.asText());
        JsonNode megapixels = r.value("megapixels");
        if (rc != null && rc.matches()) {
          int k = Integer.parseInt(rc.group(1));
          mp = k * k;
          scale = " resolution=" + resolution.asText();
        } else if (megapixels != null) {
          try {
            mp = Double.parseDouble(megapixels.asText());
            scale = " megapixels=" + megapixels.asText();
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("input.megapixels is not a number");
          }
        }
        return new Object[] {
          sizeAt(value, mp * MEGAPIXEL, model.multiple()), "aspect_ratio=" + ratio + scale
        };
      }
    }
    JsonNode w = r.value("width");
    JsonNode h = r.value("height");
    if (w != null && h != null) {
      return new Object[] {new int[] {w.asInt(), h.asInt()}, "width/height"};
    }
    return new Object[] {new int[] {1024, 1024}, "simulator default"};
  }

  /** The size GenPort predicts for a ratio at a pixel budget, sides rounded to {@code multiple}. */
  static int[] sizeAt(double ratio, double pixels, int multiple) {
    return new int[] {
      roundTo(Math.sqrt(pixels * ratio), multiple), roundTo(Math.sqrt(pixels / ratio), multiple)
    };
  }

  private static int roundTo(double value, int multiple) {
    long r = Math.round(value / multiple) * multiple;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(multiple, r));
  }

  private static int[] wxh(String text, String param) {
    Matcher m = WXH.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("input." + param + " '" + text + "' is not a size");
    }
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
  }

  private static void validate(
      EachLabsModels.Model model, JsonNode input, Limits limits, List<String> problems) {
    for (EachLabsModels.Param p : model.params().values()) {
      JsonNode v = input.get(p.name());
      if (v == null || v.isNull()) {
        if (p.required()) {
          problems.add("input." + p.name() + " is required");
        }
        continue;
      }
      if (p.name().equals("image_size") && v.isObject() && limits.acceptImageSizeObjects) {
        if (!v.path("width").canConvertToInt() || !v.path("height").canConvertToInt()) {
          problems.add("input.image_size needs integer width and height");
        }
        continue;
      }
      if (!hasType(v, p.type())) {
        problems.add("input." + p.name() + " must be " + article(p.type()) + " " + p.type());
        continue;
      }
      if (!p.enumValues().isEmpty() && !p.enumValues().contains(v.asText())) {
        problems.add("input." + p.name() + " must be one of " + String.join(", ", p.enumValues()));
      }
    }
  }

  private static boolean hasType(JsonNode v, String type) {
    switch (type) {
      case "string":
        return v.isTextual();
      case "integer":
        return v.isIntegralNumber()
            || (v.isFloatingPointNumber() && v.asDouble() == Math.rint(v.asDouble()));
      case "number":
        return v.isNumber();
      case "boolean":
        return v.isBoolean();
      case "array":
        return v.isArray();
      default:
        return v.isObject();
    }
  }

  private static String article(String type) {
    return type.toLowerCase(Locale.ROOT).matches("[aeiou].*") ? "an" : "a";
  }

  /** Input values with the model's defaults behind them. */
  private static final class Reader {
    private final EachLabsModels.Model model;
    private final JsonNode input;

    Reader(EachLabsModels.Model model, JsonNode input) {
      this.model = model;
      this.input = input;
    }

    /** The input's value, else the model's default, else {@code null} (also for unknown names). */
    JsonNode value(String name) {
      EachLabsModels.Param p = model.param(name);
      if (p == null) {
        return null;
      }
      JsonNode v = input.get(name);
      if (v != null && !v.isNull()) {
        return v;
      }
      return p.defaultValue();
    }
  }
}
