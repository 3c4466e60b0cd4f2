package io.genport.spi.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.genport.core.domain.AspectRatio;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.SafetyLevel;
import io.genport.core.domain.negotiation.CountLimit;
import io.genport.core.domain.negotiation.DimensionRule;
import io.genport.core.domain.negotiation.SeedSpec;
import io.genport.core.domain.negotiation.SizeCapability;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A provider's models, loaded from JSON (format in the {@linkplain io.genport.spi.catalog package
 * documentation}). Immutable and thread-safe.
 *
 * <p>Loading validates every entry: unknown keys at every level, parameters named in a mapping but
 * missing from the table, values of the wrong JSON type, enum values the table does not allow,
 * impossible ranges. The first problem fails the load with a {@link CatalogFormatException} naming
 * the catalog, the entry and the field.
 *
 * @since 1
 */
public final class ModelCatalog {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> ROOT_KEYS =
      List.of("models", "notes", "provider", "sizePresets");
  private static final List<String> PARAM_KEYS =
      List.of(
          "default", "description", "enum", "max", "maxLength", "min", "name", "required", "type");
  private static final List<String> RULE_KEYS =
      List.of("max", "maxPixels", "maxRatio", "min", "minPixels", "minRatio", "multiple", "sides");
  private static final Set<String> MODEL_KEYS =
      Set.of(
          "id",
          "name",
          "endpoint",
          "version",
          "params",
          "prompt",
          "negativePrompt",
          "size",
          "count",
          "seed",
          "safety",
          "format",
          "quality",
          "steps",
          "guidance",
          "referenceImages",
          "fixed",
          "nestedParams",
          "variants",
          "notes");

  /**
   * The provider configuration key whose value is catalog JSON of user-defined models (for example
   * from {@code genport.yaml}); see {@link #withConfiguredModels}.
   */
  public static final String CONFIG_KEY = "models";

  /**
   * The size key that says the vendor decides the pixel size ({@code "pixelsDecidedByVendor":
   * true}): the vendor documents no pixel size for the values the size parameter takes.
   */
  static final String SIZE_BY_VENDOR = "pixelsDecidedByVendor";

  private final String provider;
  private final Map<String, ModelSpec> models;
  private final Map<String, Map<String, PixelSize>> presetSets;

  private ModelCatalog(
      String provider,
      Map<String, ModelSpec> models,
      Map<String, Map<String, PixelSize>> presetSets) {
    this.provider = provider;
    this.models = java.util.Collections.unmodifiableMap(models);
    this.presetSets = presetSets;
  }

  /** Builds a catalog from specs (e.g. several catalogs merged). Ids must be unique. */
  public static ModelCatalog of(String provider, Collection<ModelSpec> specs) {
    Map<String, ModelSpec> m = new LinkedHashMap<>();
    for (ModelSpec s : specs) {
      if (m.put(s.id(), s) != null) {
        throw new IllegalArgumentException("model id " + s.id() + " appears twice");
      }
    }
    return new ModelCatalog(provider, m, Map.of());
  }

  /**
   * Loads a catalog resource the way {@link Class#getResource} finds it: {@code resource} is
   * relative to {@code anchor}'s package ({@code acme-catalog.json} next to {@code
   * com.acme.AcmeFactory} is {@code com/acme/acme-catalog.json}), or absolute with a leading {@code
   * /}.
   *
   * @throws CatalogFormatException naming the resolved path when there is no such resource
   */
  public static ModelCatalog fromResource(Class<?> anchor, String resource) {
    String path = resourcePath(anchor, resource);
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new CatalogFormatException(
            path,
            null,
            "(file)",
            "resource not found (looked for /"
                + path
                + " with the class loader of "
                + anchor.getName()
                + "; a name without a leading '/' is relative to the class's package)");
      }
      return parse(in, path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The class-loader path (no leading {@code /}) that {@link #fromResource} reads for {@code
   * resource} next to {@code anchor}, as {@link Class#getResource} resolves it.
   */
  public static String resourcePath(Class<?> anchor, String resource) {
    if (resource.startsWith("/")) {
      return resource.substring(1);
    }
    String pkg = anchor.getPackageName();
    return pkg.isEmpty() ? resource : pkg.replace('.', '/') + "/" + resource;
  }

  /**
   * Whether {@link #fromResource} would find {@code resource} next to {@code anchor}; reads
   * nothing.
   */
  public static boolean resourceExists(Class<?> anchor, String resource) {
    return anchor.getResource(resource) != null;
  }

  /** Parses a catalog. {@code source} names it in error messages. */
  public static ModelCatalog parse(InputStream json, String source) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new CatalogFormatException(
          source,
          null,
          "(json)",
          "not valid JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return parse(root, source);
  }

  /** Parses a catalog from JSON text. */
  public static ModelCatalog parse(String json, String source) {
    return parse(
        new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        source);
  }

  /** Parses an already-read catalog tree. */
  public static ModelCatalog parse(JsonNode root, String source) {
    return parse(root, source, Map.of(), false);
  }

  /**
   * Checks user-defined models before any provider merges them ({@link #withConfiguredModels}):
   * everything is validated as by {@link #parse(JsonNode, String)} except that a {@code presets}
   * size may name a preset set the catalog does not define, since it may be the provider's own
   * (fal's {@code "presets": "fal"}). Such a model's size is only known once merged, so in the
   * result it reads as {@link SizeMapping.None}; use the result for validation only.
   */
  public static ModelCatalog parseConfigured(JsonNode root, String source) {
    return parse(root, source, Map.of(), true);
  }

  /**
   * Parses a catalog whose models may also name the preset sets in {@code inheritedSets} (the base
   * catalog's, for configured models); the catalog's own {@code sizePresets} win.
   */
  private static ModelCatalog parse(
      JsonNode root,
      String source,
      Map<String, Map<String, PixelSize>> inheritedSets,
      boolean setsDefinedElsewhere) {
    if (root == null || !root.isObject()) {
      throw new CatalogFormatException(source, null, "(root)", "must be a JSON object");
    }
    Iterator<String> rootKeys = root.fieldNames();
    while (rootKeys.hasNext()) {
      String k = rootKeys.next();
      if (!ROOT_KEYS.contains(k)) {
        throw new CatalogFormatException(
            source, null, k, "unknown key; allowed: " + String.join(", ", ROOT_KEYS));
      }
    }
    String provider = root.path("provider").asText(null);
    JsonNode models = root.get("models");
    if (models == null || !models.isArray()) {
      throw new CatalogFormatException(source, null, "models", "must be an array");
    }
    Map<String, Map<String, PixelSize>> sets = new LinkedHashMap<>(inheritedSets);
    sets.putAll(presetSets(root.get("sizePresets"), source));
    Map<String, ModelSpec> out = new LinkedHashMap<>();
    for (int i = 0; i < models.size(); i++) {
      ModelSpec spec =
          new EntryParser(source, models.get(i), i, sets, setsDefinedElsewhere).parse();
      if (out.put(spec.id(), spec) != null) {
        throw new CatalogFormatException(source, spec.id(), "id", "appears twice in the catalog");
      }
    }
    return new ModelCatalog(provider, out, java.util.Collections.unmodifiableMap(sets));
  }

  /**
   * The catalog's named preset sets: {@code "sizePresets": {"fal": {"square_hd": "1024x1024",
   * ...}}}, each a map of preset name to the size it stands for, which a model's {@code presets}
   * size names instead of listing them again.
   */
  private static Map<String, Map<String, PixelSize>> presetSets(JsonNode sets, String source) {
    if (sets == null) {
      return Map.of();
    }
    if (!sets.isObject()) {
      throw new CatalogFormatException(
          source, null, "sizePresets", "must map set names to objects of name to WxH");
    }
    Map<String, Map<String, PixelSize>> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = sets.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> set = it.next();
      String path = "sizePresets." + set.getKey();
      if (!set.getValue().isObject() || set.getValue().isEmpty()) {
        throw new CatalogFormatException(
            source, null, path, "must be a non-empty object of name to WxH");
      }
      Map<String, PixelSize> presets = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> p = set.getValue().fields();
      while (p.hasNext()) {
        Map.Entry<String, JsonNode> preset = p.next();
        String text = preset.getValue().asText();
        try {
          presets.put(preset.getKey(), PixelSize.parse(text));
        } catch (InvalidRequestException e) {
          throw new CatalogFormatException(
              source, null, path + "." + preset.getKey(), "'" + text + "' is not a size WxH");
        }
      }
      out.put(set.getKey(), java.util.Collections.unmodifiableMap(presets));
    }
    return out;
  }

  /**
   * This catalog plus the user-defined models in {@code config}'s {@value #CONFIG_KEY} key (catalog
   * JSON), which replace built-in models with the same id. Providers call this in their factory so
   * models defined in configuration are usable without code.
   *
   * @throws CatalogFormatException naming the entry and field when the configured JSON is malformed
   */
  public ModelCatalog withConfiguredModels(io.genport.spi.ProviderConfig config) {
    String json = config.get(CONFIG_KEY, null);
    if (json == null) {
      return this;
    }
    String source = "configuration key '" + CONFIG_KEY + "'";
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new CatalogFormatException(
          source,
          null,
          "(json)",
          "not valid JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr());
    }
    ModelCatalog extra = parse(root, source, presetSets, false);
    Map<String, ModelSpec> merged = new LinkedHashMap<>(models);
    merged.putAll(extra.models());
    return new ModelCatalog(provider, merged, presetSets);
  }

  /** The provider this catalog is for, or {@code null}. */
  public String provider() {
    return provider;
  }

  /** All models by id, in catalog order. */
  public Map<String, ModelSpec> models() {
    return models;
  }

  /** The model with {@code id} (or with that endpoint), or {@code null}. */
  public ModelSpec find(String id) {
    ModelSpec s = models.get(id);
    if (s != null) {
      return s;
    }
    for (ModelSpec m : models.values()) {
      if (id.equals(m.endpoint())) {
        return m;
      }
    }
    return null;
  }

  /**
   * The model with {@code id}.
   *
   * @throws InvalidRequestException naming the known models when there is none
   */
  public ModelSpec require(String id) {
    ModelSpec s = find(id);
    if (s == null) {
      throw new InvalidRequestException(
          "model",
          "unknown model '"
              + id
              + "'"
              + (provider == null ? "" : " for provider " + provider)
              + "; known: "
              + String.join(", ", models.keySet()));
    }
    return s;
  }

  /** Parses one model entry, tracking the field path for errors. */
  private static final class EntryParser {
    private final String source;
    private final JsonNode entry;
    private String model;
    private final Map<String, ParamSpec> params = new LinkedHashMap<>();
    private final Map<String, Map<String, PixelSize>> presetSets;
    private final boolean setsDefinedElsewhere;

    EntryParser(
        String source,
        JsonNode entry,
        int index,
        Map<String, Map<String, PixelSize>> presetSets,
        boolean setsDefinedElsewhere) {
      this.source = source;
      this.entry = entry;
      this.model = "#" + index;
      this.presetSets = presetSets;
      this.setsDefinedElsewhere = setsDefinedElsewhere;
    }

    ModelSpec parse() {
      if (entry == null || !entry.isObject()) {
        throw fail("(entry)", "must be a JSON object");
      }
      model = text(entry, "id", true);
      Iterator<String> names = entry.fieldNames();
      while (names.hasNext()) {
        String k = names.next();
        if (!MODEL_KEYS.contains(k)) {
          throw fail(
              k, "unknown key; allowed: " + String.join(", ", new java.util.TreeSet<>(MODEL_KEYS)));
        }
      }
      JsonNode table = entry.get("params");
      if (table == null || !table.isArray() || table.isEmpty()) {
        throw fail("params", "must be a non-empty array of parameters");
      }
      for (int i = 0; i < table.size(); i++) {
        ParamSpec p = param(table.get(i), "params[" + i + "]");
        if (params.put(p.name(), p) != null) {
          throw fail("params[" + i + "].name", "parameter '" + p.name() + "' is listed twice");
        }
      }
      // An explicit "prompt": null declares a model that takes no text prompt.
      String prompt =
          entry.has("prompt") && entry.get("prompt").isNull()
              ? null
              : paramName(entry.get("prompt"), "prompt", true);
      String negative = paramName(entry.get("negativePrompt"), "negativePrompt", false);
      JsonNode sizeNode = entry.get("size");
      boolean sizeByVendor = false;
      if (sizeNode != null && sizeNode.isObject() && sizeNode.has(SIZE_BY_VENDOR)) {
        JsonNode flag = sizeNode.get(SIZE_BY_VENDOR);
        if (!flag.isBoolean()) {
          throw fail("size." + SIZE_BY_VENDOR, "must be true or false");
        }
        sizeByVendor = flag.asBoolean();
        sizeNode =
            ((com.fasterxml.jackson.databind.node.ObjectNode) sizeNode.deepCopy())
                .without(SIZE_BY_VENDOR);
      }
      SizeMapping size = size(sizeNode);
      FieldMappings.Count count = null;
      JsonNode c = entry.get("count");
      if (c != null) {
        keys(c, "count", List.of("limits", "max", "param"));
        count =
            new FieldMappings.Count(
                paramName(c.get("param"), "count.param", true),
                intValue(c, "count.max", "max", 1, 1000, null),
                countLimits(c.get("limits"), intValue(c, "count.max", "max", 1, 1000, null)));
      }
      FieldMappings.Seed seed = seed(entry.get("seed"));
      FieldMappings.Values safety = values(entry.get("safety"), "safety", SafetyLevel.class);
      FieldMappings.Values format = values(entry.get("format"), "format", ImageFormat.class);
      FieldMappings.Ranged quality = ranged(entry.get("quality"), "quality");
      FieldMappings.Ranged steps = ranged(entry.get("steps"), "steps");
      FieldMappings.Ranged guidance = ranged(entry.get("guidance"), "guidance");
      FieldMappings.References refs = null;
      JsonNode r = entry.get("referenceImages");
      if (r != null) {
        keys(r, "referenceImages", List.of("encoding", "max", "param"));
        String encoding = r.path("encoding").asText("url");
        if (!encoding.equals("url") && !encoding.equals("base64")) {
          throw fail("referenceImages.encoding", "'" + encoding + "' is not url or base64");
        }
        refs =
            new FieldMappings.References(
                paramName(r.get("param"), "referenceImages.param", true),
                intValue(r, "referenceImages.max", "max", 1, 100, 1),
                encoding.equals("base64"));
      }
      ObjectNode fixed = null;
      JsonNode f = entry.get("fixed");
      if (f != null) {
        if (!f.isObject()) {
          throw fail("fixed", "must be an object of parameter values");
        }
        f.fields()
            .forEachRemaining(
                en -> {
                  String path = "fixed." + en.getKey();
                  String param = paramName(new TextNode(en.getKey()), path, true);
                  checkType(param, en.getValue(), path);
                  checkEnum(param, List.of(en.getValue().asText()), path);
                });
        fixed = (ObjectNode) f;
      }
      String name = text(entry, "name", false);
      String endpoint = text(entry, "endpoint", false);
      String version = text(entry, "version", false);
      JsonNode nested = entry.get("nestedParams");
      if (nested != null && !nested.isBoolean()) {
        throw fail("nestedParams", "must be true or false");
      }
      ModelSpec.Builder builder =
          ModelSpec.builder(model)
              .name(name)
              .endpoint(endpoint)
              .version(version)
              .params(new ArrayList<>(params.values()))
              .promptParam(prompt)
              .negativePromptParam(negative)
              .size(size)
              .sizeDecidedByVendor(sizeByVendor)
              .count(count)
              .seed(seed)
              .safety(safety)
              .format(format)
              .quality(quality)
              .steps(steps)
              .guidance(guidance)
              .references(refs)
              .fixed(fixed)
              .nestedParams(nested != null && nested.asBoolean());
      JsonNode variants = entry.get("variants");
      if (variants != null) {
        variants(builder, variants);
      }
      try {
        return builder.build();
      } catch (IllegalArgumentException e) {
        throw fail("(entry)", e.getMessage());
      }
    }

    /**
     * Parses {@code "variants": {"param": P, "cases": {value: entry}}}: each case is a complete
     * entry (without id) that describes calls whose native parameter P has that value; the entry
     * itself describes P's default. Every value of P's enum must be the default or a case.
     */
    private void variants(ModelSpec.Builder builder, JsonNode v) {
      keys(v, "variants", List.of("cases", "param"));
      String param = paramName(v.get("param"), "variants.param", true);
      List<String> values = params.get(param).enumValues();
      if (values.isEmpty()) {
        throw fail("variants.param", "must name a parameter with an enum");
      }
      JsonNode cases = v.get("cases");
      if (cases == null || !cases.isObject() || cases.isEmpty()) {
        throw fail("variants.cases", "must map values of '" + param + "' to entries");
      }
      String def = defaultOf(param);
      Map<String, ModelSpec> out = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = cases.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> c = it.next();
        String path = "variants.cases." + c.getKey();
        if (!values.contains(c.getKey())) {
          throw fail(path, "is not a value of '" + param + "' " + values);
        }
        if (c.getKey().equals(def)) {
          throw fail(path, "is the default of '" + param + "', which the entry itself describes");
        }
        if (!c.getValue().isObject()) {
          throw fail(path, "must be an entry object");
        }
        for (String own : List.of("id", "nestedParams", "variants")) {
          if (c.getValue().has(own)) {
            throw fail(path + "." + own, "is set on the entry, not on a variant");
          }
        }
        ObjectNode caseEntry = ((ObjectNode) c.getValue()).deepCopy();
        caseEntry.put("id", model + " (" + param + " " + c.getKey() + ")");
        for (String inherited : List.of("name", "endpoint", "version")) {
          if (!caseEntry.has(inherited) && entry.hasNonNull(inherited)) {
            caseEntry.set(inherited, entry.get(inherited));
          }
        }
        if (entry.has("nestedParams")) {
          caseEntry.set("nestedParams", entry.get("nestedParams"));
        }
        ModelSpec variant =
            new EntryParser(source, caseEntry, 0, presetSets, setsDefinedElsewhere).parse();
        ParamSpec selector = variant.param(param);
        if (selector == null
            || (!selector.enumValues().isEmpty() && !selector.enumValues().contains(c.getKey()))) {
          throw fail(path + ".params", "must list '" + param + "' allowing '" + c.getKey() + "'");
        }
        out.put(c.getKey(), variant);
      }
      for (String value : values) {
        if (!value.equals(def) && !out.containsKey(value)) {
          throw fail("variants.cases", "has no case for '" + param + "' " + value);
        }
      }
      builder.variants(param, out);
    }

    private ParamSpec param(JsonNode p, String path) {
      if (p == null || !p.isObject()) {
        throw fail(path, "must be an object with name and type");
      }
      keys(p, path, PARAM_KEYS);
      String name = text(p, "name", true, path + ".name");
      ParamSpec.Type type;
      try {
        type = ParamSpec.Type.parse(text(p, "type", true, path + ".type"));
      } catch (IllegalArgumentException ex) {
        throw fail(path + ".type", ex.getMessage());
      }
      List<String> enums = new ArrayList<>();
      JsonNode e = p.get("enum");
      if (e != null) {
        if (!e.isArray() || e.isEmpty()) {
          throw fail(path + ".enum", "must be a non-empty array");
        }
        e.forEach(v -> enums.add(v.asText()));
      }
      Double min = p.has("min") ? number(p.get("min"), path + ".min") : null;
      Double max = p.has("max") ? number(p.get("max"), path + ".max") : null;
      if (min != null && max != null && max < min) {
        throw fail(path + ".max", "is below min");
      }
      JsonNode def = p.get("default");
      if (def != null && def.isNull()) {
        def = null;
      }
      if (def != null) {
        checkType(name, type, def, path + ".default");
      }
      if (def != null && !enums.isEmpty() && !enums.contains(def.asText())) {
        throw fail(path + ".default", "'" + def.asText() + "' is not one of " + enums);
      }
      JsonNode required = p.get("required");
      if (required != null && !required.isBoolean()) {
        throw fail(path + ".required", "must be true or false");
      }
      Integer maxLength = null;
      if (p.has("maxLength")) {
        if (type != ParamSpec.Type.STRING) {
          throw fail(path + ".maxLength", "is only for string parameters");
        }
        maxLength = intValue(p, path + ".maxLength", "maxLength", 1, Integer.MAX_VALUE, null);
      }
      return new ParamSpec(
          name,
          type,
          required != null && required.asBoolean(),
          def,
          enums,
          min,
          max,
          p.path("description").asText(null),
          maxLength);
    }

    /** The size mapping of the entry; one branch per kind, each building its own capability. */
    private SizeMapping size(JsonNode s) {
      if (s == null) {
        return new SizeMapping.None(new SizeCapability.NoSize(null));
      }
      String kind = text(s, "kind", true, "size.kind");
      try {
        switch (kind) {
          case "presets":
            return presets(s);
          case "aspect_ratio":
            return aspectRatios(s);
          case "sizes":
            return sizes(s);
          case "dimensions":
            return dimensions(s);
          case "resolution":
            return resolution(s);
          case "none":
            keys(s, "size", List.of("default", "kind"));
            return new SizeMapping.None(
                new SizeCapability.NoSize(
                    s.has("default") ? pixel(s.get("default"), "size.default") : null));
          default:
            throw fail(
                "size.kind",
                "'"
                    + kind
                    + "' is not a size kind; allowed: presets, aspect_ratio, sizes, dimensions,"
                    + " resolution, none");
        }
      } catch (CatalogFormatException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        // what the capability or mapping itself refuses, beyond the checks below
        throw fail("size", e.getMessage());
      }
    }

    /**
     * {@code presets}: a map of name to {@code WxH}, or the name of a set under the catalog's
     * {@code sizePresets}; an optional {@code custom} rule sends {@code {width, height}} in the
     * same parameter.
     */
    private SizeMapping presets(JsonNode s) {
      keys(s, "size", List.of("custom", "kind", "param", "presets"));
      String param = paramName(s.get("param"), "size.param", true);
      JsonNode p = s.get("presets");
      Map<String, PixelSize> presets;
      if (p != null && p.isTextual()) {
        presets = presetSets.get(p.asText());
        if (presets == null && setsDefinedElsewhere) {
          if (s.has("custom")) {
            keys(s.get("custom"), "size.custom", RULE_KEYS);
            rule(s.get("custom"), "size.custom");
          }
          return new SizeMapping.None(new SizeCapability.NoSize(null));
        }
        if (presets == null) {
          throw fail(
              "size.presets",
              "'"
                  + p.asText()
                  + "' is not a preset set of this catalog; define it under sizePresets"
                  + (presetSets.isEmpty() ? "" : " (defined: " + presetSets.keySet() + ")"));
        }
      } else if (p != null && p.isObject()) {
        presets = presetMap(p, "size.presets");
      } else {
        throw fail("size.presets", "must name a set under sizePresets or map names to WxH");
      }
      checkEnum(param, presets.keySet(), "size.presets");
      DimensionRule custom = null;
      if (s.has("custom")) {
        keys(s.get("custom"), "size.custom", RULE_KEYS);
        custom = rule(s.get("custom"), "size.custom");
      }
      String def = defaultOf(param);
      return new SizeMapping.Presets(
          param,
          new SizeCapability.Presets(presets, custom, presets.containsKey(def) ? def : null));
    }

    /**
     * {@code aspect_ratio}: ratios (default: the parameter's enum values that are ratios), an
     * optional {@code custom} value with width and height parameters and a rule, optional scales.
     */
    private SizeMapping aspectRatios(JsonNode s) {
      keys(
          s,
          "size",
          List.of(
              "custom",
              "kind",
              "megapixels",
              "multiple",
              "nominalMegapixels",
              "param",
              "pixels",
              "ratios"));
      String param = paramName(s.get("param"), "size.param", true);
      JsonNode c = s.get("custom");
      SizeMapping.CustomSize customSize = null;
      DimensionRule rule = null;
      if (c != null) {
        List<String> allowed = new ArrayList<>(RULE_KEYS);
        allowed.addAll(List.of("height", "value", "width"));
        keys(c, "size.custom", allowed);
        String w = paramName(c.get("width"), "size.custom.width", true);
        String h = paramName(c.get("height"), "size.custom.height", true);
        customSize = new SizeMapping.CustomSize(c.path("value").asText("custom"), w, h);
        rule = rule(c, "size.custom", w, h);
      }
      List<AspectRatio> ratios = ratios(s, param, "size.ratios");
      List<String> sendable = new ArrayList<>();
      ratios.forEach(r -> sendable.add(r.toString()));
      if (customSize != null) {
        sendable.add(customSize.value());
      }
      checkEnum(param, sendable, "size.ratios");
      String mpParam = null;
      Map<String, Double> mp = new LinkedHashMap<>();
      JsonNode m = s.get("megapixels");
      if (m != null) {
        keys(m, "size.megapixels", List.of("param", "values"));
        mpParam = paramName(m.get("param"), "size.megapixels.param", true);
        JsonNode values = m.get("values");
        if (values == null || !values.isObject() || values.isEmpty()) {
          throw fail("size.megapixels.values", "must map labels to megapixels");
        }
        values
            .fields()
            .forEachRemaining(
                en ->
                    mp.put(
                        en.getKey(),
                        number(en.getValue(), "size.megapixels.values." + en.getKey())));
        checkEnum(mpParam, mp.keySet(), "size.megapixels.values");
      }
      double nominal =
          s.has("nominalMegapixels")
              ? number(s.get("nominalMegapixels"), "size.nominalMegapixels")
              : 1.0;
      int multiple =
          s.has("multiple") ? intValue(s, "size.multiple", "multiple", 1, 1024, null) : 16;
      Map<AspectRatio, PixelSize> pixels = new LinkedHashMap<>();
      JsonNode px = s.get("pixels");
      if (px != null) {
        if (!px.isObject() || px.isEmpty()) {
          throw fail("size.pixels", "must map listed ratios to WxH sizes");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = px.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> en = it.next();
          String where = "size.pixels." + en.getKey();
          AspectRatio r;
          try {
            r = AspectRatio.parse(en.getKey());
          } catch (RuntimeException e) {
            throw fail(where, "'" + en.getKey() + "' is not a W:H ratio");
          }
          if (!ratios.contains(r)) {
            throw fail(where, "is not one of the listed ratios " + ratios);
          }
          try {
            pixels.put(r, PixelSize.parse(en.getValue().asText()));
          } catch (RuntimeException e) {
            throw fail(where, "'" + en.getValue().asText() + "' is not a WxH size");
          }
        }
      }
      return new SizeMapping.AspectRatios(
          param,
          customSize,
          mpParam,
          new SizeCapability.AspectRatios(
              ratios, rule, mp, nominal, multiple, ratioDefault(param, ratios), pixels));
    }

    /** {@code sizes}: an explicit list of size labels (default: the parameter's enum). */
    private SizeMapping sizes(JsonNode s) {
      keys(s, "size", List.of("default", "height", "kind", "param", "sizes", "width"));
      // The labels go to one parameter, or as width and height to two integers.
      boolean split = s.has("width") || s.has("height");
      if (split && s.has("param")) {
        throw fail("size.param", "not with width and height");
      }
      String param = split ? null : paramName(s.get("param"), "size.param", true);
      String w = split ? paramName(s.get("width"), "size.width", true) : null;
      String h = split ? paramName(s.get("height"), "size.height", true) : null;
      List<String> labels = new ArrayList<>();
      if (s.has("sizes")) {
        s.get("sizes").forEach(v -> labels.add(v.asText()));
      } else if (param != null) {
        labels.addAll(params.get(param).enumValues());
      }
      if (labels.isEmpty()) {
        throw fail("size.sizes", "no sizes given and the parameter has no enum");
      }
      Map<String, PixelSize> sizes = new LinkedHashMap<>();
      for (String l : labels) {
        sizes.put(l, pixel(new TextNode(l), "size.sizes"));
      }
      String def;
      if (param != null) {
        checkEnum(param, labels, "size.sizes");
        def = s.has("default") ? s.get("default").asText() : defaultOf(param);
      } else {
        def = s.has("default") ? s.get("default").asText() : null;
      }
      if (s.has("default") && !sizes.containsKey(def)) {
        throw fail("size.default", "'" + def + "' is not one of the sizes");
      }
      return new SizeMapping.Sizes(
          param,
          w,
          h,
          new SizeCapability.ExplicitSizes(sizes, sizes.containsKey(def) ? def : null));
    }

    /** {@code dimensions}: width and height parameters under a rule. */
    private SizeMapping dimensions(JsonNode s) {
      List<String> allowed = new ArrayList<>(RULE_KEYS);
      allowed.addAll(List.of("default", "height", "kind", "width"));
      keys(s, "size", allowed);
      String w = paramName(s.get("width"), "size.width", true);
      String h = paramName(s.get("height"), "size.height", true);
      PixelSize def = s.has("default") ? pixel(s.get("default"), "size.default") : null;
      return new SizeMapping.Dimensions(
          w, h, new SizeCapability.FreeDimensions(rule(s, "size", w, h), def));
    }

    /** {@code resolution}: resolution classes in one parameter, ratios in another. */
    private SizeMapping resolution(JsonNode s) {
      keys(s, "size", List.of("classes", "kind", "multiple", "param", "ratioParam", "ratios"));
      String param = paramName(s.get("param"), "size.param", true);
      String ratioParam = paramName(s.get("ratioParam"), "size.ratioParam", true);
      Map<String, Double> classes = new LinkedHashMap<>();
      JsonNode cl = s.get("classes");
      if (cl == null || !cl.isObject() || cl.isEmpty()) {
        throw fail("size.classes", "must map resolution labels to megapixels");
      }
      cl.fields()
          .forEachRemaining(
              en -> classes.put(en.getKey(), number(en.getValue(), "size.classes." + en.getKey())));
      checkEnum(param, classes.keySet(), "size.classes");
      List<AspectRatio> ratios = ratios(s, ratioParam, "size.ratios");
      checkEnum(ratioParam, ratios.stream().map(AspectRatio::toString).toList(), "size.ratios");
      int multiple =
          s.has("multiple") ? intValue(s, "size.multiple", "multiple", 1, 1024, null) : 16;
      String dc = defaultOf(param);
      return new SizeMapping.Resolution(
          param,
          ratioParam,
          new SizeCapability.ResolutionClasses(
              classes,
              ratios,
              multiple,
              classes.containsKey(dc) ? dc : null,
              ratioDefault(ratioParam, ratios)));
    }

    /**
     * The {@code ratios} of a size entry, or else the values of {@code param}'s enum that are
     * ratios. A ratio is sent as it is written, so it must be written {@code W:H} (16:9, not 16/9).
     */
    private List<AspectRatio> ratios(JsonNode s, String param, String path) {
      List<String> texts = new ArrayList<>();
      if (s.has("ratios")) {
        s.get("ratios").forEach(v -> texts.add(v.asText()));
      } else {
        params.get(param).enumValues().stream()
            .filter(AspectRatio::isAspectRatio)
            .forEach(texts::add);
      }
      if (texts.isEmpty()) {
        throw fail(path, "no aspect ratios given and the parameter has none");
      }
      List<AspectRatio> out = new ArrayList<>();
      for (String t : texts) {
        if (!AspectRatio.isAspectRatio(t)) {
          throw fail(path, "'" + t + "' is not an aspect ratio W:H");
        }
        AspectRatio r = AspectRatio.parse(t);
        if (!r.toString().equals(t)) {
          throw fail(path, "'" + t + "' must be written " + r + " to be sent as written");
        }
        out.add(r);
      }
      return out;
    }

    /** The default of {@code param} when it is one of {@code ratios}, else {@code null}. */
    private AspectRatio ratioDefault(String param, List<AspectRatio> ratios) {
      String d = defaultOf(param);
      for (AspectRatio r : ratios) {
        if (r.toString().equals(d)) {
          return r;
        }
      }
      return null;
    }

    /**
     * {@code [{"aboveSide": 768, "max": 4}, {"abovePixels": 1048576, "max": 2}]}: smaller per-call
     * maximums for large images, each below the count's {@code max}.
     */
    private List<CountLimit> countLimits(JsonNode l, int max) {
      if (l == null) {
        return List.of();
      }
      if (!l.isArray() || l.isEmpty()) {
        throw fail("count.limits", "must be a non-empty array of limits");
      }
      List<CountLimit> out = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        String path = "count.limits[" + i + "]";
        JsonNode e = l.get(i);
        keys(e, path, List.of("abovePixels", "aboveSide", "max"));
        int limit = intValue(e, path + ".max", "max", 1, 1000, null);
        if (limit >= max) {
          throw fail(path + ".max", "must be below count.max " + max);
        }
        if (e.has("aboveSide") == e.has("abovePixels")) {
          throw fail(path, "needs exactly one of aboveSide and abovePixels");
        }
        out.add(
            e.has("aboveSide")
                ? CountLimit.aboveSide(
                    intValue(e, path + ".aboveSide", "aboveSide", 1, 100_000, null), limit)
                : CountLimit.abovePixels(
                    positive(e.get("abovePixels"), path + ".abovePixels"), limit));
      }
      return out;
    }

    private long positive(JsonNode n, String path) {
      long v = longValue(n, path);
      if (v < 1) {
        throw fail(path, "must be a positive integer");
      }
      return v;
    }

    private FieldMappings.Seed seed(JsonNode s) {
      if (s == null) {
        return null;
      }
      keys(s, "seed", List.of("max", "min", "param", "random"));
      String param = paramName(s.get("param"), "seed.param", true);
      SeedSpec.Type type =
          params.get(param).type() == ParamSpec.Type.STRING
              ? SeedSpec.Type.STRING
              : SeedSpec.Type.INTEGER;
      long min = s.has("min") ? longValue(s.get("min"), "seed.min") : 0;
      long max = s.has("max") ? longValue(s.get("max"), "seed.max") : SeedSpec.UINT32_MAX;
      if (max < min) {
        throw fail("seed.max", "is below seed.min");
      }
      Long random = s.has("random") ? longValue(s.get("random"), "seed.random") : null;
      return new FieldMappings.Seed(param, new SeedSpec(type, min, max, random));
    }

    private <E extends Enum<E>> FieldMappings.Values values(
        JsonNode v, String path, Class<E> canon) {
      if (v == null) {
        return null;
      }
      keys(v, path, List.of("param", "values"));
      String param = paramName(v.get("param"), path + ".param", true);
      JsonNode values = v.get("values");
      if (values == null || !values.isObject() || values.isEmpty()) {
        throw fail(path + ".values", "must map canonical values to native values");
      }
      Map<String, JsonNode> out = new LinkedHashMap<>();
      List<String> natives = new ArrayList<>();
      values
          .fields()
          .forEachRemaining(
              en -> {
                try {
                  Enum.valueOf(canon, en.getKey());
                } catch (IllegalArgumentException e) {
                  throw fail(
                      path + ".values." + en.getKey(),
                      "not a canonical value; allowed: "
                          + java.util.Arrays.toString(canon.getEnumConstants()));
                }
                checkType(param, en.getValue(), path + ".values." + en.getKey());
                out.put(en.getKey(), en.getValue());
                natives.add(en.getValue().asText());
              });
      checkEnum(param, natives, path + ".values");
      return new FieldMappings.Values(param, out);
    }

    private FieldMappings.Ranged ranged(JsonNode r, String path) {
      if (r == null) {
        return null;
      }
      keys(r, path, List.of("max", "min", "param"));
      String param = paramName(r.get("param"), path + ".param", true);
      ParamSpec p = params.get(param);
      double min =
          r.has("min") ? number(r.get("min"), path + ".min") : p.min() != null ? p.min() : 0;
      double max =
          r.has("max")
              ? number(r.get("max"), path + ".max")
              : p.max() != null ? p.max() : Double.MAX_VALUE;
      if (max < min) {
        throw fail(path + ".max", "is below min");
      }
      return new FieldMappings.Ranged(param, min, max);
    }

    /**
     * A size rule: {@code min}, {@code max} and {@code multiple}, or {@code sides} listing every
     * allowed width and height (checked against the enumerations of {@code sideParams}); optional
     * pixel and ratio ranges.
     */
    private DimensionRule rule(JsonNode r, String path, String... sideParams) {
      DimensionRule grid;
      if (r.has("sides")) {
        for (String k : List.of("min", "max", "multiple")) {
          if (r.has(k)) {
            throw fail(
                path + "." + k,
                "sides lists every allowed value; min, max and multiple do not apply");
          }
        }
        JsonNode list = r.get("sides");
        if (!list.isArray() || list.isEmpty()) {
          throw fail(path + ".sides", "must be a non-empty array of side lengths");
        }
        List<Integer> sides = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (JsonNode v : list) {
          if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
            throw fail(path + ".sides", v + " is not a positive whole number");
          }
          if (sides.contains(v.asInt())) {
            throw fail(path + ".sides", v.asInt() + " is listed twice");
          }
          sides.add(v.asInt());
          texts.add(v.asText());
        }
        for (String param : sideParams) {
          checkEnum(param, texts, path + ".sides");
        }
        grid = DimensionRule.listed(sides);
      } else {
        int min = intValue(r, path + ".min", "min", 1, 100_000, null);
        int max = intValue(r, path + ".max", "max", 1, 100_000, null);
        if (max < min) {
          throw fail(path + ".max", "is below " + path + ".min");
        }
        int multiple =
            r.has("multiple") ? intValue(r, path + ".multiple", "multiple", 1, 4096, null) : 1;
        try {
          grid = DimensionRule.of(min, max, multiple);
        } catch (IllegalArgumentException e) {
          throw fail(path, e.getMessage());
        }
      }
      long minPixels = r.has("minPixels") ? longValue(r.get("minPixels"), path + ".minPixels") : 0;
      long maxPixels = r.has("maxPixels") ? longValue(r.get("maxPixels"), path + ".maxPixels") : 0;
      double minRatio = r.has("minRatio") ? ratio(r.get("minRatio"), path + ".minRatio") : 0;
      double maxRatio = r.has("maxRatio") ? ratio(r.get("maxRatio"), path + ".maxRatio") : 0;
      try {
        return grid.withPixels(minPixels, maxPixels).withRatios(minRatio, maxRatio);
      } catch (IllegalArgumentException e) {
        throw fail(path, e.getMessage());
      }
    }

    /** An object of preset name to {@code WxH}. */
    private Map<String, PixelSize> presetMap(JsonNode p, String path) {
      Map<String, PixelSize> out = new LinkedHashMap<>();
      p.fields()
          .forEachRemaining(
              en -> out.put(en.getKey(), pixel(en.getValue(), path + "." + en.getKey())));
      if (out.isEmpty()) {
        throw fail(path, "must not be empty");
      }
      return out;
    }

    private double ratio(JsonNode n, String path) {
      if (n.isTextual() && AspectRatio.isAspectRatio(n.asText())) {
        return AspectRatio.parse(n.asText()).value();
      }
      return number(n, path);
    }

    private PixelSize pixel(JsonNode n, String path) {
      try {
        return PixelSize.parse(n.asText());
      } catch (InvalidRequestException e) {
        throw fail(path, "'" + n.asText() + "' is not a size WxH");
      }
    }

    private void checkEnum(String param, Collection<String> values, String path) {
      List<String> allowed = params.get(param).enumValues();
      if (allowed.isEmpty()) {
        return;
      }
      for (String v : values) {
        if (!allowed.contains(v)) {
          throw fail(
              path, "'" + v + "' is not an allowed value of parameter '" + param + "' " + allowed);
        }
      }
    }

    private String defaultOf(String param) {
      JsonNode d = params.get(param).defaultValue();
      return d == null ? null : d.asText();
    }

    private String paramName(JsonNode n, String path, boolean required) {
      if (n == null || n.isNull()) {
        if (required) {
          throw fail(path, "is required");
        }
        return null;
      }
      String name = n.asText();
      if (!params.containsKey(name)) {
        throw fail(path, "names parameter '" + name + "', which is not in params");
      }
      return name;
    }

    private String text(JsonNode o, String key, boolean required) {
      return text(o, key, required, key);
    }

    private String text(JsonNode o, String key, boolean required, String path) {
      JsonNode n = o.get(key);
      if (n == null || n.isNull()) {
        if (required) {
          throw fail(path, "is required");
        }
        return null;
      }
      if (!n.isTextual() || n.asText().isBlank()) {
        throw fail(path, "must be a non-blank string");
      }
      return n.asText();
    }

    /** Fails on the first key of {@code o} not in {@code allowed}; {@code o} must be an object. */
    private void keys(JsonNode o, String path, List<String> allowed) {
      if (!o.isObject()) {
        throw fail(path, "must be an object");
      }
      Iterator<String> it = o.fieldNames();
      while (it.hasNext()) {
        String k = it.next();
        if (!allowed.contains(k)) {
          throw fail(
              path + "." + k,
              "unknown key; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
      }
    }

    /** Fails unless {@code value} has the JSON type that parameter {@code param} declares. */
    private void checkType(String param, JsonNode value, String path) {
      checkType(param, params.get(param).type(), value, path);
    }

    private void checkType(String param, ParamSpec.Type type, JsonNode value, String path) {
      if (!type.matches(value)) {
        throw fail(
            path,
            value
                + " is not a JSON "
                + type
                + ", the type parameter '"
                + param
                + "' declares; write it as a value of that type");
      }
    }

    private long longValue(JsonNode n, String path) {
      if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
        throw fail(path, "must be an integer");
      }
      return n.asLong();
    }

    private double number(JsonNode n, String path) {
      if (n == null || !n.isNumber()) {
        throw fail(path, "must be a number");
      }
      return n.asDouble();
    }

    private int intValue(JsonNode o, String path, String key, int min, int max, Integer fallback) {
      JsonNode n = o.get(key);
      if (n == null) {
        if (fallback != null) {
          return fallback;
        }
        throw fail(path, "is required");
      }
      if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < min || n.asInt() > max) {
        throw fail(path, "must be an integer between " + min + " and " + max);
      }
      return n.asInt();
    }

    private CatalogFormatException fail(String field, String problem) {
      return new CatalogFormatException(source, model, field, problem);
    }
  }
}
