package io.genport.spitck.seed;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The derived seed tables: the parameter tables of the seed documents, as JSON resources on the
 * class path ({@value #RESOURCE_DIR}{@code seed-000.json} ... {@code seed-004.json}), written by
 * {@link SeedTableTool}. Tests read these, never the seed documents, which are not part of the
 * repository.
 *
 * <p>A derived table holds data only: per model its slug, title and source line; per parameter its
 * name, type, required flag, default (as the document wrote it, without quotes), enumeration
 * (possibly cut short, with the cut last item), range, step and the reader's notes. Descriptions
 * and other prose are left out. {@link #toJson} writes the one canonical form (so regenerating an
 * unchanged seed changes no byte) and {@link #fromJson} reads it strictly (an unknown key is an
 * error, so a hand edit cannot slip in a field nothing checks).
 *
 * <p>Thread-safe; loaded tables are cached.
 *
 * @since 1
 */
public final class SeedTables {
  /** Where the derived tables are on the class path. */
  public static final String RESOURCE_DIR = "/io/genport/spitck/seed/tables/";

  /** The Each Labs model reference: 62 text-to-image models (model-reference format). */
  public static final String SEED_000 = "seed-000";

  /** A Replicate FLUX dev/schnell LoRA schema page (schema-page format). */
  public static final String SEED_001 = "seed-001";

  /** Oxen.ai's FLUX.2 [pro] model page (model-page format). */
  public static final String SEED_002 = "seed-002";

  /** Amazon Nova Canvas as a gateway exposes it (parameter-rows format). */
  public static final String SEED_003 = "seed-003";

  /** Leonardo.ai's create-generation request body (body-params format). */
  public static final String SEED_004 = "seed-004";

  /** The value of the {@code generator} key of every derived table. */
  public static final String GENERATOR = SeedTableWriter.GENERATOR;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> TOP_KEYS =
      Set.of("generator", "source", "format", "notes", "endpoints", "requestFields", "models");
  private static final Set<String> MODEL_KEYS = Set.of("slug", "title", "line", "params");
  private static final Set<String> PARAM_KEYS =
      Set.of(
          "name",
          "type",
          "required",
          "default",
          "enum",
          "enumTruncated",
          "enumTail",
          "min",
          "max",
          "multipleOf",
          "notes");
  private static final Map<String, SeedModelTables> CACHE = new ConcurrentHashMap<>();

  private SeedTables() {}

  /** The Each Labs model reference (seed 000). */
  public static SeedModelTables seed000() {
    return load(SEED_000);
  }

  /** The Replicate schema page (seed 001): one model. */
  public static SeedModelTables seed001() {
    return load(SEED_001);
  }

  /** Oxen.ai's FLUX.2 [pro] page (seed 002): one model, with its example endpoints and fields. */
  public static SeedModelTables seed002() {
    return load(SEED_002);
  }

  /** Amazon Nova Canvas (seed 003): one model. */
  public static SeedModelTables seed003() {
    return load(SEED_003);
  }

  /** Leonardo.ai create generation (seed 004): one model. */
  public static SeedModelTables seed004() {
    return load(SEED_004);
  }

  /**
   * The derived table {@code name} ({@code seed-000} ...), from the class path.
   *
   * @throws IllegalArgumentException when there is no such table
   */
  public static SeedModelTables load(String name) {
    requireNonNull(name, "name is null");
    return CACHE.computeIfAbsent(name, SeedTables::readResource);
  }

  /** The text of the derived table {@code name}, exactly as stored. */
  public static String resourceText(String name) {
    String path = RESOURCE_DIR + name + ".json";
    try (InputStream in = SeedTables.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no derived seed table " + path + " on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private static SeedModelTables readResource(String name) {
    return fromJson(resourceText(name), name + ".json");
  }

  /**
   * The canonical JSON form of {@code tables}: descriptions dropped, keys in a fixed order, one
   * parameter per line. {@link SeedTableTool} writes exactly this.
   */
  public static String toJson(SeedModelTables tables) {
    return SeedTableWriter.write(tables);
  }

  // ------------------------------------------------------------------ reading

  /**
   * Reads a derived table.
   *
   * @param source names the table in error messages
   * @throws IllegalArgumentException when the JSON is malformed, lacks a key or has an unknown one
   */
  public static SeedModelTables fromJson(String json, String source) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(source + ": not a JSON object");
    }
    keys(root, TOP_KEYS, source);
    String generator = text(root, "generator", source);
    if (!generator.equals(GENERATOR)) {
      throw new IllegalArgumentException(
          source + ": generator is '" + generator + "', expected " + GENERATOR);
    }
    List<SeedModel> models = new ArrayList<>();
    for (JsonNode m : array(root, "models", source)) {
      String where = source + " model " + models.size();
      keys(m, MODEL_KEYS, where);
      String slug = text(m, "slug", where);
      where = source + " model '" + slug + "'";
      List<SeedParam> params = new ArrayList<>();
      for (JsonNode p : array(m, "params", where)) {
        params.add(param(p, where));
      }
      JsonNode line = m.get("line");
      if (line == null || !line.canConvertToInt()) {
        throw new IllegalArgumentException(where + ": 'line' must be a whole number");
      }
      models.add(new SeedModel(slug, text(m, "title", where), params, line.intValue()));
    }
    return SeedModelTables.of(
        text(root, "source", source),
        SeedFormat.fromId(text(root, "format", source)),
        models,
        strings(root, "notes", source),
        strings(root, "endpoints", source),
        strings(root, "requestFields", source));
  }

  private static SeedParam param(JsonNode p, String model) {
    String name = text(p, "name", model);
    String where = model + " param '" + name + "'";
    keys(p, PARAM_KEYS, where);
    JsonNode required = p.get("required");
    if (required == null || !required.isBoolean()) {
      throw new IllegalArgumentException(where + ": 'required' must be true or false");
    }
    JsonNode def = p.get("default");
    JsonNode truncated = p.get("enumTruncated");
    if (truncated != null && !(truncated.isBoolean() && truncated.booleanValue())) {
      throw new IllegalArgumentException(where + ": 'enumTruncated' is true or absent");
    }
    boolean isEnum = p.has("enum");
    if (!isEnum && (truncated != null || p.has("enumTail"))) {
      throw new IllegalArgumentException(where + ": enumTruncated/enumTail without enum");
    }
    JsonNode multiple = p.get("multipleOf");
    if (multiple != null && !multiple.canConvertToInt()) {
      throw new IllegalArgumentException(where + ": 'multipleOf' must be a whole number");
    }
    List<String> options = strings(p, "enum", where);
    if (isEnum && options.isEmpty() && truncated == null) {
      throw new IllegalArgumentException(where + ": an empty enum must be enumTruncated");
    }
    return new SeedParam(
        name,
        text(p, "type", where),
        required.booleanValue(),
        def == null ? null : textValue(def, where + " default"),
        options,
        truncated != null,
        p.has("enumTail") ? text(p, "enumTail", where) : null,
        null,
        strings(p, "notes", where),
        number(p, "min", where),
        number(p, "max", where),
        multiple == null ? null : multiple.intValue());
  }

  private static void keys(JsonNode node, Set<String> allowed, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + ": not a JSON object");
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(where + ": unknown key '" + key + "'");
      }
    }
  }

  private static String text(JsonNode node, String key, String where) {
    JsonNode v = node.get(key);
    if (v == null) {
      throw new IllegalArgumentException(where + ": '" + key + "' is missing");
    }
    return textValue(v, where + " '" + key + "'");
  }

  private static String textValue(JsonNode v, String where) {
    if (!v.isTextual()) {
      throw new IllegalArgumentException(where + " must be a string");
    }
    return v.textValue();
  }

  private static JsonNode array(JsonNode node, String key, String where) {
    JsonNode v = node.get(key);
    if (v == null || !v.isArray()) {
      throw new IllegalArgumentException(where + ": '" + key + "' must be an array");
    }
    return v;
  }

  private static List<String> strings(JsonNode node, String key, String where) {
    if (!node.has(key)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (JsonNode v : array(node, key, where)) {
      out.add(textValue(v, where + " '" + key + "' item"));
    }
    return out;
  }

  private static Double number(JsonNode node, String key, String where) {
    JsonNode v = node.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException(where + ": '" + key + "' must be a number");
    }
    return v.doubleValue();
  }
}
