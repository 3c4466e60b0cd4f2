package io.genport.simulators.eachlabs;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request schema of every simulated Each Labs model, the simulator's stand-in for Each Labs'
 * per-model {@code request_schema}: parameter names, JSON types, required flags, defaults and
 * enumerations, read from {@value #RESOURCE}. Immutable and thread-safe.
 */
public final class EachLabsModels {
  /** The bundled table: the 62 text-to-image models of GenPort's seed 000. */
  public static final String RESOURCE = "io/genport/simulators/eachlabs/eachlabs-models.json";

  private static final EachLabsModels BUNDLED = load();

  private final Map<String, Model> models;

  private EachLabsModels(Map<String, Model> models) {
    this.models = Collections.unmodifiableMap(models);
  }

  /** The bundled table. */
  public static EachLabsModels bundled() {
    return BUNDLED;
  }

  /** Models by slug, in table order. */
  public Map<String, Model> all() {
    return models;
  }

  /** The model with {@code slug}. */
  public Optional<Model> find(String slug) {
    return Optional.ofNullable(models.get(slug));
  }

  /**
   * One model's schema.
   *
   * @param slug the model slug sent as {@code model}
   * @param title the display title
   * @param params the parameters by name, in table order
   * @param megapixels the scale aspect ratios render at when nothing else says (1 unless hinted)
   * @param multiple the multiple ratio-derived sides are rounded to (16 unless hinted)
   */
  public record Model(
      String slug, String title, Map<String, Param> params, double megapixels, int multiple) {
    public Model {
      params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** The parameter called {@code name}, or {@code null}. */
    public Param param(String name) {
      return params.get(name);
    }
  }

  /**
   * One parameter.
   *
   * @param name the input field name
   * @param type {@code string}, {@code integer}, {@code number}, {@code boolean}, {@code array} or
   *     {@code object}
   * @param required whether the input must carry it
   * @param defaultValue the default, or {@code null}
   * @param enumValues the allowed values (as text), empty when any value of the type is allowed
   */
  public record Param(
      String name, String type, boolean required, JsonNode defaultValue, List<String> enumValues) {
    public Param {
      enumValues = List.copyOf(enumValues);
    }
  }

  private static EachLabsModels load() {
    JsonNode root;
    try (InputStream in = EachLabsModels.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      root = Json.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Model> out = new LinkedHashMap<>();
    for (JsonNode m : root.path("models")) {
      Map<String, Param> params = new LinkedHashMap<>();
      for (JsonNode p : m.path("params")) {
        List<String> enums = new ArrayList<>();
        p.path("enum").forEach(v -> enums.add(v.asText()));
        JsonNode def = p.get("default");
        params.put(
            p.get("name").asText(),
            new Param(
                p.get("name").asText(),
                p.get("type").asText(),
                p.path("required").asBoolean(false),
                def == null || def.isNull() ? null : def,
                enums));
      }
      String slug = m.get("slug").asText();
      out.put(
          slug,
          new Model(
              slug,
              m.path("title").asText(slug),
              params,
              m.path("megapixels").asDouble(1.0),
              m.path("multiple").asInt(16)));
    }
    return new EachLabsModels(out);
  }
}
