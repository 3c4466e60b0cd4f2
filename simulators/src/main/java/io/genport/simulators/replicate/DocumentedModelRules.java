package io.genport.simulators.replicate;

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

/**
 * The table of per-model input rules, {@code replicate-models.json}: for each simulated Replicate
 * model that does not read its input as FLUX does, the sizes and formats its parameter table
 * documents. Read once; a malformed row fails with the model and key it concerns.
 */
final class DocumentedModelRules {
  static final String RESOURCE = "io/genport/simulators/replicate/replicate-models.json";

  private static final Map<String, ModelRules> TABLE = load();

  private DocumentedModelRules() {}

  /** Model ({@code owner/name}) to its rules, in table order. */
  static Map<String, ModelRules> table() {
    return TABLE;
  }

  private static Map<String, ModelRules> load() {
    JsonNode root;
    try (InputStream in =
        DocumentedModelRules.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      root = Json.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, ModelRules> out = new LinkedHashMap<>();
    for (JsonNode row : root.path("models")) {
      String model = row.path("model").asText(null);
      if (model == null) {
        throw new IllegalStateException(RESOURCE + ": a row has no 'model'");
      }
      try {
        out.put(model, rules(row));
      } catch (RuntimeException e) {
        throw new IllegalStateException(RESOURCE + ": model " + model + ": " + e.getMessage(), e);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private static ModelRules rules(JsonNode row) {
    ModelRules.Builder b = ModelRules.flux().toBuilder();
    if (row.has("formats")) {
      b.formats(texts(row.get("formats")));
    }
    if (row.has("aspectRatios")) {
      b.aspectRatios(texts(row.get("aspectRatios")));
      b.customSize(row.path("custom").asBoolean(true));
    }
    if (row.has("sizeLabels")) {
      JsonNode l = row.get("sizeLabels");
      String separator = l.path("separator").asText("x");
      Map<String, int[]> sizes = new LinkedHashMap<>();
      for (String label : texts(l.get("values"))) {
        String[] wh = label.split(java.util.regex.Pattern.quote(separator), -1);
        if (wh.length != 2) {
          throw new IllegalArgumentException(
              "sizeLabels: '" + label + "' is not W" + separator + "H");
        }
        sizes.put(label, new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])});
      }
      b.sizeLabels(l.path("param").asText(), sizes);
    }
    if (row.has("dimensions")) {
      JsonNode d = row.get("dimensions");
      int side = d.path("default").asInt();
      b.sizeMode(ModelRules.SizeMode.DIMENSIONS)
          .sideRange(d.path("min").asInt(), d.path("max").asInt(), d.path("multiple").asInt())
          .defaultSize(side, side);
    }
    return b.build();
  }

  private static List<String> texts(JsonNode array) {
    if (array == null || !array.isArray() || array.isEmpty()) {
      throw new IllegalArgumentException("expected a non-empty array of strings");
    }
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
