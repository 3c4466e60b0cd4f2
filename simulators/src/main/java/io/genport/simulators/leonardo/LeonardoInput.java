package io.genport.simulators.leonardo;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.SimResponse;
import io.genport.simulators.TriggerWords;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Reads and validates Leonardo create requests: the v1 body of {@code POST /generations} (the
 * parameter table of the official SDK and seed 004) and the v2 body {@code {model, parameters,
 * public}}. Unknown fields are refused, so a client that misspells one finds out.
 */
final class LeonardoInput {
  /** A UUID, as Leonardo's model ids are. */
  static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** The contrast values the API accepts (Phoenix and Flux). */
  static final List<Double> CONTRASTS = List.of(1.0, 1.3, 1.8, 2.5, 3.0, 3.5, 4.0, 4.5);

  /** The most a seed may be for non-Flux models. */
  static final long MAX_SEED = 9_999_999_998L;

  /** The most a seed may be for Flux models. */
  static final long MAX_FLUX_SEED = 2_147_483_637L;

  /** The most a v2 seed may be (FLUX.2 Pro's documented maximum). */
  static final long MAX_V2_SEED = 4_294_967_295L;

  private enum Type {
    BOOLEAN("a boolean", "Boolean"),
    STRING("a string", "String"),
    NUMBER("a number", "Float"),
    INTEGER("an integer", "Int"),
    ARRAY("a list", "List"),
    OBJECT("an object", "Object");

    final String article;
    final String graphQl;

    Type(String article, String graphQl) {
      this.article = article;
      this.graphQl = graphQl;
    }
  }

  /** The v1 fields: the SDK's request table, plus {@code styleUUID} from Leonardo's recipes. */
  private static final Map<String, Type> V1 = new LinkedHashMap<>();

  static {
    for (String b :
        List.of(
            "alchemy",
            "canvasRequest",
            "controlNet",
            "enhancePrompt",
            "expandedDomain",
            "fantasyAvatar",
            "highContrast",
            "highResolution",
            "photoReal",
            "promptMagic",
            "public",
            "tiling",
            "ultra",
            "unzoom")) {
      V1.put(b, Type.BOOLEAN);
    }
    for (String s :
        List.of(
            "prompt",
            "negative_prompt",
            "modelId",
            "canvasInitId",
            "canvasMaskId",
            "canvasRequestType",
            "controlNetType",
            "enhancePromptInstruction",
            "init_generation_image_id",
            "init_image_id",
            "photoRealVersion",
            "presetStyle",
            "promptMagicVersion",
            "scheduler",
            "sd_version",
            "styleUUID",
            "transparency")) {
      V1.put(s, Type.STRING);
    }
    for (String n :
        List.of(
            "contrast",
            "contrastRatio",
            "guidance_scale",
            "imagePromptWeight",
            "init_strength",
            "photoRealStrength",
            "promptMagicStrength",
            "unzoomAmount",
            "upscaleRatio",
            "weighting")) {
      V1.put(n, Type.NUMBER);
    }
    for (String i : List.of("width", "height", "num_images", "num_inference_steps", "seed")) {
      V1.put(i, Type.INTEGER);
    }
    for (String a : List.of("controlnets", "elements", "userElements", "imagePrompts")) {
      V1.put(a, Type.ARRAY);
    }
  }

  /** The v2 {@code parameters} fields of Leonardo's v2 recipes. */
  private static final Map<String, Type> V2 = new LinkedHashMap<>();

  static {
    V2.put("prompt", Type.STRING);
    V2.put("width", Type.INTEGER);
    V2.put("height", Type.INTEGER);
    V2.put("quantity", Type.INTEGER);
    V2.put("seed", Type.INTEGER);
    V2.put("prompt_enhance", Type.STRING);
    V2.put("style_ids", Type.ARRAY);
    V2.put("guidances", Type.OBJECT);
  }

  static final List<String> STYLES =
      List.of(
          "ANIME",
          "BOKEH",
          "CINEMATIC",
          "CINEMATIC_CLOSEUP",
          "CREATIVE",
          "DYNAMIC",
          "ENVIRONMENT",
          "FASHION",
          "FILM",
          "FOOD",
          "GENERAL",
          "HDR",
          "ILLUSTRATION",
          "LEONARDO",
          "LONG_EXPOSURE",
          "MACRO",
          "MINIMALISTIC",
          "MONOCHROME",
          "MOODY",
          "NONE",
          "NEUTRAL",
          "PHOTOGRAPHY",
          "PORTRAIT",
          "RAYTRACED",
          "RENDER_3D",
          "RETRO",
          "SKETCH_BW",
          "SKETCH_COLOR",
          "STOCK_PHOTO",
          "VIBRANT",
          "UNPROCESSED");

  static final List<String> SCHEDULERS =
      List.of(
          "KLMS",
          "EULER_ANCESTRAL_DISCRETE",
          "EULER_DISCRETE",
          "DDIM",
          "DPM_SOLVER",
          "PNDM",
          "LEONARDO");

  static final List<String> SD_VERSIONS =
      List.of(
          "v1_5",
          "v2",
          "v3",
          "SDXL_0_8",
          "SDXL_0_9",
          "SDXL_1_0",
          "SDXL_LIGHTNING",
          "PHOENIX",
          "FLUX",
          "FLUX_DEV",
          "KINO_2_0");

  /** The validation settings, from the simulator's builder. */
  static final class Rules {
    Set<String> knownModels;
    Set<String> fluxModels;
    Map<String, int[]> v2Sides;
    long pricePerImage;
  }

  /** The generation, or the error answer of the first invalid field. */
  static final class Result {
    final LeonardoGeneration generation;
    final SimResponse error;

    private Result(LeonardoGeneration generation, SimResponse error) {
      this.generation = generation;
      this.error = error;
    }

    static Result fail(String message, String path) {
      return new Result(null, LeonardoErrors.invalid(message, path));
    }
  }

  private LeonardoInput() {}

  /** Validates a v1 create body. */
  static Result v1(JsonNode json, Rules rules, LongSupplier random) {
    if (json == null) {
      return Result.fail("Request body must be a JSON object", "$");
    }
    Result bad = types(json, V1, "$", "SDGenerationInput");
    if (bad != null) {
      return bad;
    }
    String prompt = json.path("prompt").asText("");
    if (prompt.isBlank()) {
      return Result.fail("prompt is required", "$.prompt");
    }
    String model = text(json, "modelId");
    if (model != null && !UUID.matcher(model).matches()) {
      return Result.fail("invalid input syntax for type uuid: \"" + model + "\"", "$.modelId");
    }
    if (model != null && !rules.knownModels.isEmpty() && !rules.knownModels.contains(model)) {
      return Result.fail("model " + model + " not found", "$.modelId");
    }
    int width = json.has("width") ? json.get("width").asInt() : 1024;
    int height = json.has("height") ? json.get("height").asInt() : 768;
    for (String side : List.of("width", "height")) {
      int v = side.equals("width") ? width : height;
      if (v < 32 || v > 1536 || v % 8 != 0) {
        return Result.fail(
            side + " must be between 32 and 1536 and be a multiple of 8", "$." + side);
      }
    }
    int count = json.has("num_images") ? json.get("num_images").asInt() : 4;
    int most = width > 768 || height > 768 ? 4 : 8;
    if (count < 1 || count > most) {
      return Result.fail(
          "num_images must be between 1 and "
              + most
              + (most == 4 ? " when width or height is over 768" : ""),
          "$.num_images");
    }
    Double guidance = number(json, "guidance_scale");
    if (guidance != null && (guidance < 1 || guidance > 20)) {
      return Result.fail("guidance_scale must be between 1 and 20", "$.guidance_scale");
    }
    Integer steps =
        json.has("num_inference_steps") ? json.get("num_inference_steps").asInt() : null;
    if (steps != null && (steps < 10 || steps > 60)) {
      return Result.fail("num_inference_steps must be between 10 and 60", "$.num_inference_steps");
    }
    Double contrast = number(json, "contrast");
    if (contrast != null && !CONTRASTS.contains(contrast)) {
      return Result.fail("contrast must be one of " + CONTRASTS, "$.contrast");
    }
    Boolean alchemy = json.has("alchemy") ? json.get("alchemy").asBoolean() : null;
    if (contrast != null && Boolean.TRUE.equals(alchemy) && contrast < 2.5) {
      return Result.fail("contrast must be 2.5 or higher when alchemy is true", "$.contrast");
    }
    Result e =
        oneOf(json, "presetStyle", STYLES)
            .or(oneOf(json, "scheduler", SCHEDULERS))
            .or(oneOf(json, "sd_version", SD_VERSIONS))
            .or(oneOf(json, "transparency", List.of("disabled", "foreground_only")))
            .or(oneOf(json, "photoRealVersion", List.of("v1", "v2")))
            .or(
                oneOf(
                    json,
                    "canvasRequestType",
                    List.of("INPAINT", "OUTPAINT", "SKETCH2IMG", "IMG2IMG")))
            .or(oneOf(json, "controlNetType", List.of("POSE", "CANNY", "DEPTH")))
            .result;
    if (e != null) {
      return e;
    }
    Double strength = number(json, "init_strength");
    if (strength != null && (strength < 0.1 || strength > 0.9)) {
      return Result.fail("init_strength must be between 0.1 and 0.9", "$.init_strength");
    }
    long maxSeed = model != null && rules.fluxModels.contains(model) ? MAX_FLUX_SEED : MAX_SEED;
    long seed;
    boolean drawn = false;
    if (json.has("seed")) {
      seed = json.get("seed").asLong();
      if (seed < 0 || seed > maxSeed) {
        return Result.fail("seed must be between 0 and " + maxSeed, "$.seed");
      }
    } else {
      seed = random.getAsLong() & 0x7FFFFFFFL;
      drawn = true;
    }
    return new Result(
        new LeonardoGeneration(
            "v1",
            model,
            prompt,
            text(json, "negative_prompt"),
            width,
            height,
            count,
            seed,
            drawn,
            guidance,
            steps,
            alchemy,
            contrast,
            text(json, "presetStyle"),
            json.path("public").asBoolean(false),
            rules.pricePerImage * count,
            TriggerWords.outcomeOf(prompt)),
        null);
  }

  /** Validates a v2 create body {@code {model, parameters, public}}. */
  static Result v2(JsonNode json, Rules rules, LongSupplier random) {
    if (json == null) {
      return Result.fail("Request body must be a JSON object", "$");
    }
    Map<String, Type> top = new LinkedHashMap<>();
    top.put("model", Type.STRING);
    top.put("parameters", Type.OBJECT);
    top.put("public", Type.BOOLEAN);
    Result bad = types(json, top, "$", "GenerationV2Input");
    if (bad != null) {
      return bad;
    }
    String model = json.path("model").asText("");
    if (model.isBlank()) {
      return Result.fail("model is required", "$.model");
    }
    if (!rules.knownModels.isEmpty() && !rules.knownModels.contains(model)) {
      return Result.fail("model " + model + " not found", "$.model");
    }
    JsonNode p = json.get("parameters");
    if (p == null) {
      return Result.fail("parameters is required", "$.parameters");
    }
    bad = types(p, V2, "$.parameters", "GenerationV2Parameters");
    if (bad != null) {
      return bad;
    }
    String prompt = p.path("prompt").asText("");
    if (prompt.isBlank()) {
      return Result.fail("prompt is required", "$.parameters.prompt");
    }
    int[] sides = rules.v2Sides.getOrDefault(model, new int[] {32, 1536});
    int width = p.has("width") ? p.get("width").asInt() : 1024;
    int height = p.has("height") ? p.get("height").asInt() : 1024;
    for (String side : List.of("width", "height")) {
      int v = side.equals("width") ? width : height;
      if (v < sides[0] || v > sides[1]) {
        return Result.fail(
            side + " must be between " + sides[0] + " and " + sides[1], "$.parameters." + side);
      }
    }
    int count = p.has("quantity") ? p.get("quantity").asInt() : 1;
    if (count < 1 || count > 8) {
      return Result.fail("quantity must be between 1 and 8", "$.parameters.quantity");
    }
    Result e = oneOf(p, "prompt_enhance", List.of("ON", "OFF")).result;
    if (e != null) {
      return e;
    }
    long seed;
    boolean drawn = false;
    if (p.has("seed")) {
      seed = p.get("seed").asLong();
      if (seed < 0 || seed > MAX_V2_SEED) {
        return Result.fail("seed must be between 0 and " + MAX_V2_SEED, "$.parameters.seed");
      }
    } else {
      seed = random.getAsLong() & 0x7FFFFFFFL;
      drawn = true;
    }
    return new Result(
        new LeonardoGeneration(
            "v2",
            model,
            prompt,
            null,
            width,
            height,
            count,
            seed,
            drawn,
            null,
            null,
            null,
            null,
            null,
            json.path("public").asBoolean(false),
            rules.pricePerImage * count,
            TriggerWords.outcomeOf(prompt)),
        null);
  }

  /** The first unknown field or field of the wrong JSON type, or {@code null}. */
  private static Result types(JsonNode json, Map<String, Type> table, String at, String typeName) {
    Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      Type t = table.get(f.getKey());
      String path = at + "." + f.getKey();
      if (t == null) {
        return Result.fail(
            "field '" + f.getKey() + "' not found in type: '" + typeName + "'", path);
      }
      JsonNode v = f.getValue();
      if (v.isNull()) {
        continue;
      }
      boolean ok;
      switch (t) {
        case BOOLEAN:
          ok = v.isBoolean();
          break;
        case STRING:
          ok = v.isTextual();
          break;
        case NUMBER:
          ok = v.isNumber();
          break;
        case INTEGER:
          ok = v.isIntegralNumber() && v.canConvertToLong();
          break;
        case ARRAY:
          ok = v.isArray();
          break;
        default:
          ok = v.isObject();
      }
      if (!ok) {
        // The documented wording of a wrong type: "Expected a boolean for type Boolean but found a
        // string".
        return Result.fail(
            "Expected " + t.article + " for type " + t.graphQl + " but found " + found(v), path);
      }
    }
    return null;
  }

  private static String found(JsonNode v) {
    if (v.isTextual()) {
      return "a string";
    }
    if (v.isBoolean()) {
      return "a boolean";
    }
    if (v.isNumber()) {
      return "a number";
    }
    if (v.isArray()) {
      return "a list";
    }
    return "an object";
  }

  /** A chain of enumeration checks that keeps the first failure. */
  private static final class Check {
    final Result result;

    Check(Result result) {
      this.result = result;
    }

    Check or(Check next) {
      return result != null ? this : next;
    }
  }

  private static Check oneOf(JsonNode json, String field, List<String> allowed) {
    String v = text(json, field);
    if (v == null || allowed.contains(v)) {
      return new Check(null);
    }
    return new Check(
        Result.fail(
            "invalid value for "
                + field
                + ": '"
                + v
                + "'; expected one of "
                + String.join(", ", allowed),
            "$." + field));
  }

  private static String text(JsonNode json, String field) {
    JsonNode n = json.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Double number(JsonNode json, String field) {
    JsonNode n = json.get(field);
    return n == null || n.isNull() ? null : n.asDouble();
  }

  /** Lower-case, for comparisons of trigger words. */
  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
