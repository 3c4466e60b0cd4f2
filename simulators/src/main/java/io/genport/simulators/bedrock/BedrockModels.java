package io.genport.simulators.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.simulators.ImageFormat;
import io.genport.simulators.ImageRenderer;
import io.genport.simulators.Json;
import io.genport.simulators.SimResponse;
import io.genport.simulators.TriggerWords;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * The image models the Bedrock simulator serves, each with its own request body, checked as
 * strictly as Bedrock does (an unknown key is "extraneous"), and its own answer. Stateless apart
 * from the options it is built with.
 */
final class BedrockModels {
  /** The model families, by the response shape and rules they share. */
  enum Family {
    NOVA_CANVAS,
    TITAN_V1,
    TITAN_V2,
    STABILITY_SD35,
    STABILITY_IMAGE
  }

  /** Base model ids (without an inference-profile prefix) and their families. */
  static final Map<String, Family> MODELS = new LinkedHashMap<>();

  static {
    MODELS.put("amazon.nova-canvas-v1:0", Family.NOVA_CANVAS);
    MODELS.put("amazon.titan-image-generator-v1", Family.TITAN_V1);
    MODELS.put("amazon.titan-image-generator-v1:0", Family.TITAN_V1);
    MODELS.put("amazon.titan-image-generator-v2:0", Family.TITAN_V2);
    MODELS.put("stability.sd3-5-large-v1:0", Family.STABILITY_SD35);
    MODELS.put("stability.stable-image-ultra-v1:1", Family.STABILITY_IMAGE);
    MODELS.put("stability.stable-image-core-v1:1", Family.STABILITY_IMAGE);
  }

  /** The width x height pairs Titan Image Generator accepts. */
  static final Set<String> TITAN_SIZES =
      Set.of(
          "1024x1024",
          "768x768",
          "512x512",
          "768x1152",
          "384x576",
          "1152x768",
          "576x384",
          "768x1280",
          "384x640",
          "1280x768",
          "640x384",
          "896x1152",
          "448x576",
          "1152x896",
          "576x448",
          "768x1408",
          "384x704",
          "1408x768",
          "704x384",
          "640x1408",
          "320x704",
          "1408x640",
          "704x320",
          "1152x640",
          "1173x640");

  /** Stability's aspect ratios and the pixel size it renders each at (about one megapixel). */
  static final Map<String, int[]> STABILITY_SIZES = new LinkedHashMap<>();

  static {
    STABILITY_SIZES.put("16:9", new int[] {1344, 768});
    STABILITY_SIZES.put("1:1", new int[] {1024, 1024});
    STABILITY_SIZES.put("21:9", new int[] {1536, 640});
    STABILITY_SIZES.put("2:3", new int[] {832, 1216});
    STABILITY_SIZES.put("3:2", new int[] {1216, 832});
    STABILITY_SIZES.put("4:5", new int[] {896, 1088});
    STABILITY_SIZES.put("5:4", new int[] {1088, 896});
    STABILITY_SIZES.put("9:16", new int[] {768, 1344});
    STABILITY_SIZES.put("9:21", new int[] {640, 1536});
  }

  private static final List<String> NOVA_TASKS =
      List.of(
          "TEXT_IMAGE",
          "COLOR_GUIDED_GENERATION",
          "IMAGE_VARIATION",
          "INPAINTING",
          "OUTPAINTING",
          "BACKGROUND_REMOVAL",
          "VIRTUAL_TRY_ON");
  private static final List<String> NOVA_STYLES =
      List.of(
          "3D_ANIMATED_FAMILY_FILM",
          "DESIGN_SKETCH",
          "FLAT_VECTOR_ILLUSTRATION",
          "GRAPHIC_NOVEL_ILLUSTRATION",
          "MAXIMALISM",
          "MIDCENTURY_RETRO",
          "PHOTOREALISM",
          "SOFT_DIGITAL_PAINTING");
  private static final Pattern HEX_COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");

  private final ImageRenderer renderer = ImageRenderer.shared();
  private final LongSupplier randomSeed;
  private final boolean rejectExactPixelCap;

  /**
   * @param randomSeed draws the seed a model uses when none (or Stability's 0) is sent
   * @param rejectExactPixelCap whether Nova refuses exactly 4,194,304 pixels (its documentation
   *     says "less than"; whether that exact size passes is not known)
   */
  BedrockModels(LongSupplier randomSeed, boolean rejectExactPixelCap) {
    this.randomSeed = randomSeed;
    this.rejectExactPixelCap = rejectExactPixelCap;
  }

  /**
   * The family of a model id, an inference profile of one (e.g. {@code us.}) or an ARN naming one.
   */
  static Optional<Family> family(String modelId) {
    String id = modelId;
    if (id.startsWith("arn:")) {
      int slash = id.indexOf('/');
      String[] parts = id.split(":", 6);
      if (slash < 0 || parts.length < 6 || !parts[2].equals("bedrock")) {
        return Optional.empty();
      }
      String kind = parts[5].substring(0, parts[5].indexOf('/'));
      if (!kind.equals("foundation-model") && !kind.equals("inference-profile")) {
        return Optional.empty();
      }
      id = id.substring(slash + 1);
    }
    Family f = MODELS.get(id);
    if (f == null && id.indexOf('.') > 0) {
      // An inference profile: a geography prefix such as us., eu., apac. or global.
      f = MODELS.get(id.substring(id.indexOf('.') + 1));
    }
    return Optional.ofNullable(f);
  }

  /** Answers an invoke of a {@code family} model with {@code body}. */
  SimResponse invoke(Family family, JsonNode body) {
    if (body == null || !body.isObject()) {
      return BedrockErrors.malformed("#: expected type: JSONObject, found: " + kind(body));
    }
    try {
      switch (family) {
        case NOVA_CANVAS:
          return nova(body);
        case TITAN_V1:
        case TITAN_V2:
          return titan(body, family == Family.TITAN_V2);
        default:
          return stability(body, family == Family.STABILITY_SD35);
      }
    } catch (Invalid e) {
      return BedrockErrors.malformed(e.getMessage());
    }
  }

  // ------------------------------------------------------------------------------ Nova Canvas

  private SimResponse nova(JsonNode body) {
    String task = requiredEnum(body, "#", "taskType", NOVA_TASKS);
    JsonNode config = body.path("imageGenerationConfig");
    boolean sized =
        !Set.of("INPAINTING", "OUTPAINTING", "BACKGROUND_REMOVAL", "VIRTUAL_TRY_ON").contains(task);
    String paramsKey = novaParamsKey(task);
    extraneous(
        body,
        "#",
        "taskType",
        paramsKey,
        task.equals("BACKGROUND_REMOVAL") ? null : "imageGenerationConfig");
    int n = 1;
    long seed = randomSeed(858_993_459L);
    int width = 1024;
    int height = 1024;
    if (!config.isMissingNode()) {
      String at = "#/imageGenerationConfig";
      List<String> keys = new ArrayList<>(List.of("numberOfImages", "quality", "cfgScale", "seed"));
      if (sized) {
        keys.addAll(List.of("width", "height"));
      }
      extraneous(config, at, keys.toArray(String[]::new));
      n = (int) integer(config, at, "numberOfImages", 1, 5, 1);
      number(config, at, "cfgScale", 1.1, 10.0);
      seed = integer(config, at, "seed", 0, 858_993_459L, seed);
      optionalEnum(config, at, "quality", List.of("standard", "premium"));
      if (sized) {
        width = (int) integer(config, at, "width", 320, 4096, 1024);
        height = (int) integer(config, at, "height", 320, 4096, 1024);
        novaSize(width, height);
      }
    }
    JsonNode p = body.path(paramsKey);
    if (!p.isObject()) {
      throw new Invalid("#: required key [" + paramsKey + "] not found");
    }
    String at = "#/" + paramsKey;
    String text = null;
    int[] inputSize = null;
    switch (task) {
      case "TEXT_IMAGE":
        extraneous(
            p,
            at,
            "text",
            "negativeText",
            "style",
            "conditionImage",
            "controlMode",
            "controlStrength");
        text = text(p, at, "text", true, 1024);
        text(p, at, "negativeText", false, 1024);
        optionalEnum(p, at, "style", NOVA_STYLES);
        if (p.has("conditionImage")) {
          image(p, at, "conditionImage");
        }
        optionalEnum(p, at, "controlMode", List.of("CANNY_EDGE", "SEGMENTATION"));
        number(p, at, "controlStrength", 0, 1);
        break;
      case "COLOR_GUIDED_GENERATION":
        extraneous(p, at, "text", "negativeText", "colors", "referenceImage");
        text = text(p, at, "text", true, 1024);
        text(p, at, "negativeText", false, 1024);
        JsonNode colors = p.path("colors");
        if (!colors.isArray() || colors.isEmpty() || colors.size() > 10) {
          throw new Invalid(at + "/colors: expected 1 to 10 colors");
        }
        for (JsonNode c : colors) {
          if (!c.isTextual() || !HEX_COLOR.matcher(c.asText()).matches()) {
            throw new Invalid(at + "/colors: " + c + " is not a color like #FF9800");
          }
        }
        if (p.has("referenceImage")) {
          image(p, at, "referenceImage");
        }
        break;
      case "IMAGE_VARIATION":
        extraneous(p, at, "text", "negativeText", "images", "similarityStrength");
        text = text(p, at, "text", false, 1024);
        text(p, at, "negativeText", false, 1024);
        JsonNode images = p.path("images");
        if (!images.isArray() || images.isEmpty() || images.size() > 5) {
          throw new Invalid(at + "/images: expected 1 to 5 images");
        }
        for (int i = 0; i < images.size(); i++) {
          decode(images.get(i), at + "/images/" + i);
        }
        number(p, at, "similarityStrength", 0.2, 1.0);
        break;
      case "INPAINTING":
      case "OUTPAINTING":
        extraneous(
            p, at, "image", "text", "negativeText", "maskPrompt", "maskImage", "outPaintingMode");
        inputSize = image(p, at, "image");
        text = text(p, at, "text", task.equals("OUTPAINTING"), 1024);
        text(p, at, "negativeText", false, 1024);
        if (p.has("maskPrompt") == p.has("maskImage")) {
          throw new Invalid(at + ": exactly one of maskPrompt and maskImage is required");
        }
        if (p.has("maskImage")) {
          image(p, at, "maskImage");
        }
        if (task.equals("OUTPAINTING")) {
          optionalEnum(p, at, "outPaintingMode", List.of("DEFAULT", "PRECISE"));
        } else if (p.has("outPaintingMode")) {
          throw new Invalid(at + ": extraneous key [outPaintingMode] is not permitted");
        }
        break;
      case "BACKGROUND_REMOVAL":
        extraneous(p, at, "image");
        inputSize = image(p, at, "image");
        break;
      default:
        inputSize = virtualTryOn(p, at);
        break;
    }
    if (inputSize != null) {
      width = inputSize[0];
      height = inputSize[1];
    }
    return novaOrTitanAnswer(text == null ? task : text, seed, n, width, height);
  }

  private static String novaParamsKey(String task) {
    switch (task) {
      case "TEXT_IMAGE":
        return "textToImageParams";
      case "COLOR_GUIDED_GENERATION":
        return "colorGuidedGenerationParams";
      case "IMAGE_VARIATION":
        return "imageVariationParams";
      case "INPAINTING":
        return "inPaintingParams";
      case "OUTPAINTING":
        return "outPaintingParams";
      case "BACKGROUND_REMOVAL":
        return "backgroundRemovalParams";
      default:
        return "virtualTryOnParams";
    }
  }

  private int[] virtualTryOn(JsonNode p, String at) {
    extraneous(
        p,
        at,
        "sourceImage",
        "referenceImage",
        "maskType",
        "imageBasedMask",
        "garmentBasedMask",
        "promptBasedMask",
        "maskExclusions",
        "mergeStyle",
        "returnMask");
    int[] size = image(p, at, "sourceImage");
    image(p, at, "referenceImage");
    String type = requiredEnum(p, at, "maskType", List.of("IMAGE", "GARMENT", "PROMPT"));
    switch (type) {
      case "IMAGE":
        image(p.path("imageBasedMask"), at + "/imageBasedMask", "maskImage");
        break;
      case "GARMENT":
        JsonNode g = p.path("garmentBasedMask");
        if (g.isObject()) {
          optionalEnum(
              g,
              at + "/garmentBasedMask",
              "garmentClass",
              List.of(
                  "UPPER_BODY",
                  "LOWER_BODY",
                  "FULL_BODY",
                  "FOOTWEAR",
                  "LONG_SLEEVE_SHIRT",
                  "SHORT_SLEEVE_SHIRT",
                  "NO_SLEEVE_SHIRT",
                  "OTHER_UPPER_BODY",
                  "LONG_PANTS",
                  "SHORT_PANTS",
                  "OTHER_LOWER_BODY",
                  "LONG_DRESS",
                  "SHORT_DRESS",
                  "FULL_BODY_OUTFIT",
                  "OTHER_FULL_BODY",
                  "SHOES",
                  "BOOTS",
                  "OTHER_FOOTWEAR"));
        }
        break;
      default:
        text(p.path("promptBasedMask"), at + "/promptBasedMask", "maskPrompt", true, 1024);
        break;
    }
    return size;
  }

  private void novaSize(int width, int height) {
    String at = "#/imageGenerationConfig";
    if (width % 16 != 0 || height % 16 != 0) {
      throw new Invalid(at + ": width and height must be divisible by 16");
    }
    double ratio = (double) width / height;
    if (ratio < 0.25 || ratio > 4.0) {
      throw new Invalid(at + ": the aspect ratio must be between 1:4 and 4:1");
    }
    long pixels = (long) width * height;
    if (pixels > 4_194_304L || (rejectExactPixelCap && pixels == 4_194_304L)) {
      throw new Invalid(at + ": the total pixel count must be less than 4194304");
    }
  }

  // ------------------------------------------------------------------------------------ Titan

  private SimResponse titan(JsonNode body, boolean v2) {
    String task = requiredEnum(body, "#", "taskType", List.of("TEXT_IMAGE"));
    extraneous(body, "#", "taskType", "textToImageParams", "imageGenerationConfig");
    JsonNode p = body.path("textToImageParams");
    if (!p.isObject()) {
      throw new Invalid("#: required key [textToImageParams] not found");
    }
    String at = "#/textToImageParams";
    if (v2) {
      extraneous(p, at, "text", "negativeText", "conditionImage", "controlMode", "controlStrength");
      if (p.has("conditionImage")) {
        image(p, at, "conditionImage");
      }
      optionalEnum(p, at, "controlMode", List.of("CANNY_EDGE", "SEGMENTATION"));
      number(p, at, "controlStrength", 0, 1);
    } else {
      extraneous(p, at, "text", "negativeText");
    }
    String text = text(p, at, "text", true, 512);
    text(p, at, "negativeText", false, 512);
    JsonNode config = body.path("imageGenerationConfig");
    int n = 1;
    long seed = randomSeed(2_147_483_646L);
    int width = 1024;
    int height = 1024;
    if (!config.isMissingNode()) {
      String c = "#/imageGenerationConfig";
      extraneous(config, c, "numberOfImages", "quality", "cfgScale", "seed", "width", "height");
      n = (int) integer(config, c, "numberOfImages", 1, 5, 1);
      number(config, c, "cfgScale", 1.1, 10.0);
      seed = integer(config, c, "seed", 0, 2_147_483_646L, seed);
      optionalEnum(config, c, "quality", List.of("standard", "premium"));
      width = (int) integer(config, c, "width", 1, 4096, 1024);
      height = (int) integer(config, c, "height", 1, 4096, 1024);
      if (!TITAN_SIZES.contains(width + "x" + height)) {
        throw new Invalid(c + ": " + width + "x" + height + " is not a supported size");
      }
    }
    return novaOrTitanAnswer(text == null ? task : text, seed, n, width, height);
  }

  private SimResponse novaOrTitanAnswer(String text, long seed, int n, int width, int height) {
    String lower = text.toLowerCase(Locale.ROOT);
    switch (TriggerWords.outcomeOf(text)) {
      case REJECT:
        return BedrockErrors.contentFiltered();
      case FAIL:
        return BedrockErrors.modelError();
      case TIMEOUT:
        return BedrockErrors.modelTimeout();
      default:
        break;
    }
    ObjectNode out = Json.object();
    ArrayNode images = out.putArray("images");
    if (lower.contains(BedrockSimulator.BLOCK_OUTPUT)) {
      out.put("error", "All of the generated images have been blocked by our content filters.");
      return SimResponse.json(200, out);
    }
    boolean some = lower.contains(BedrockSimulator.BLOCK_SOME) && n > 1;
    for (int i = some ? 1 : 0; i < n; i++) {
      images.add(
          Base64.getEncoder()
              .encodeToString(renderer.render(text, seed + i, width, height, ImageFormat.PNG)));
    }
    if (some) {
      out.put("error", "Some of the generated images have been blocked by our content filters.");
    } else {
      out.putNull("error");
    }
    return SimResponse.json(200, out);
  }

  // -------------------------------------------------------------------------------- Stability

  private SimResponse stability(JsonNode body, boolean sd35) {
    List<String> keys =
        new ArrayList<>(
            List.of("prompt", "negative_prompt", "aspect_ratio", "seed", "output_format"));
    if (sd35) {
      keys.addAll(List.of("mode", "image", "strength"));
    }
    extraneous(body, "#", keys.toArray(String[]::new));
    String prompt = text(body, "#", "prompt", true, 10_000);
    text(body, "#", "negative_prompt", false, 10_000);
    String mode = "text-to-image";
    if (sd35 && body.has("mode")) {
      mode = requiredEnum(body, "#", "mode", List.of("text-to-image", "image-to-image"));
    }
    int[] size;
    if (mode.equals("image-to-image")) {
      int[] input = image(body, "#", "image");
      if (!body.has("strength")) {
        throw new Invalid("#: required key [strength] not found");
      }
      number(body, "#", "strength", 0, 1);
      if (body.has("aspect_ratio")) {
        throw new Invalid("#: aspect_ratio is not permitted in image-to-image mode");
      }
      size = nearestStabilitySize((double) input[0] / input[1]);
    } else {
      if (body.has("image") || body.has("strength")) {
        throw new Invalid("#: image and strength are only permitted in image-to-image mode");
      }
      String ratio =
          body.has("aspect_ratio")
              ? requiredEnum(body, "#", "aspect_ratio", List.copyOf(STABILITY_SIZES.keySet()))
              : "1:1";
      size = STABILITY_SIZES.get(ratio);
    }
    long seed = integer(body, "#", "seed", 0, 4_294_967_294L, 0);
    if (seed == 0) {
      // Stability reads 0 (and no seed) as "random" and reports the seed it drew.
      seed = 1 + randomSeed(4_294_967_293L);
    }
    String format =
        body.has("output_format")
            ? requiredEnum(body, "#", "output_format", List.of("png", "jpeg"))
            : "png";
    ObjectNode out = Json.object();
    out.putArray("seeds").add(seed);
    ArrayNode reasons = out.putArray("finish_reasons");
    ArrayNode images = out.putArray("images");
    String lower = prompt.toLowerCase(Locale.ROOT);
    switch (TriggerWords.outcomeOf(prompt)) {
      case REJECT:
        reasons.add("Filter reason: prompt");
        return SimResponse.json(200, out);
      case FAIL:
        reasons.add("Inference error");
        return SimResponse.json(200, out);
      case TIMEOUT:
        return BedrockErrors.modelTimeout();
      default:
        break;
    }
    if (lower.contains(BedrockSimulator.BLOCK_OUTPUT)) {
      reasons.add("Filter reason: output image");
      return SimResponse.json(200, out);
    }
    reasons.addNull();
    ImageFormat f = format.equals("jpeg") ? ImageFormat.JPEG : ImageFormat.PNG;
    images.add(
        Base64.getEncoder().encodeToString(renderer.render(prompt, seed, size[0], size[1], f)));
    return SimResponse.json(200, out);
  }

  private static int[] nearestStabilitySize(double ratio) {
    int[] best = null;
    double error = Double.MAX_VALUE;
    for (int[] s : STABILITY_SIZES.values()) {
      double e = Math.abs(Math.log(((double) s[0] / s[1]) / ratio));
      if (e < error) {
        error = e;
        best = s;
      }
    }
    return best;
  }

  // --------------------------------------------------------------------------------- checks

  private long randomSeed(long max) {
    return Math.floorMod(randomSeed.getAsLong(), max + 1);
  }

  /** Fails on a key of {@code node} not in {@code allowed} (null entries are ignored). */
  private static void extraneous(JsonNode node, String at, String... allowed) {
    Set<String> ok = new java.util.HashSet<>();
    for (String a : allowed) {
      if (a != null) {
        ok.add(a);
      }
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String k = names.next();
      if (!ok.contains(k)) {
        throw new Invalid(at + ": extraneous key [" + k + "] is not permitted");
      }
    }
  }

  private static String requiredEnum(JsonNode node, String at, String key, List<String> allowed) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw new Invalid(at + ": required key [" + key + "] not found");
    }
    if (!v.isTextual() || !allowed.contains(v.asText())) {
      throw new Invalid(at + "/" + key + ": " + v + " is not a valid enum value");
    }
    return v.asText();
  }

  private static void optionalEnum(JsonNode node, String at, String key, List<String> allowed) {
    if (node.has(key)) {
      requiredEnum(node, at, key, allowed);
    }
  }

  private static String text(JsonNode node, String at, String key, boolean required, int max) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        throw new Invalid(at + ": required key [" + key + "] not found");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new Invalid(at + "/" + key + ": expected type: String, found: " + kind(v));
    }
    int length = v.asText().codePointCount(0, v.asText().length());
    if (length < 1) {
      throw new Invalid(at + "/" + key + ": expected minLength: 1, actual: 0");
    }
    if (length > max) {
      throw new Invalid(at + "/" + key + ": expected maxLength: " + max + ", actual: " + length);
    }
    return v.asText();
  }

  private static long integer(JsonNode node, String at, String key, long min, long max, long def) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return def;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new Invalid(at + "/" + key + ": expected type: Integer, found: " + kind(v));
    }
    long n = v.asLong();
    if (n < min || n > max) {
      throw new Invalid(at + "/" + key + ": " + n + " is not between " + min + " and " + max);
    }
    return n;
  }

  private static void number(JsonNode node, String at, String key, double min, double max) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return;
    }
    if (!v.isNumber()) {
      throw new Invalid(at + "/" + key + ": expected type: Number, found: " + kind(v));
    }
    if (v.asDouble() < min || v.asDouble() > max) {
      throw new Invalid(
          at + "/" + key + ": " + v.asDouble() + " is not between " + min + " and " + max);
    }
  }

  /** A required base64 image at {@code key}; its width and height. */
  private static int[] image(JsonNode node, String at, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw new Invalid(at + ": required key [" + key + "] not found");
    }
    return decode(v, at + "/" + key);
  }

  private static int[] decode(JsonNode v, String at) {
    if (!v.isTextual()) {
      throw new Invalid(at + ": expected a base64-encoded image");
    }
    try {
      BufferedImage img =
          ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(v.asText())));
      if (img == null) {
        throw new Invalid(at + ": not a PNG or JPEG image");
      }
      return new int[] {img.getWidth(), img.getHeight()};
    } catch (IllegalArgumentException | IOException e) {
      throw new Invalid(at + ": not valid base64 image data");
    }
  }

  private static String kind(JsonNode v) {
    if (v == null || v.isNull()) {
      return "null";
    }
    return v.isTextual() ? "String" : v.isNumber() ? "Number" : v.getNodeType().toString();
  }

  /** A body Bedrock rejects, with the JSON-pointer wording of its validator. */
  private static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }
}
