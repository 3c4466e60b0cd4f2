package io.genport.spi.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the test catalog {@code catalog/seed-models.json} against its source: the parameter tables
 * of seed 000 (the Each Labs model reference), as derived by spi-tck's seed-table tool ({@code
 * io/genport/spitck/seed/tables/seed-000.json}, put on this module's test class path by the POM).
 * Names, order, types, required flags, defaults (typed) and enums must match; the only allowed
 * differences are the ones the seed itself forces: an enum the seed truncates with {@code ...}
 * continues the seed's list, and an empty item between two commas is dropped (the derived table
 * already leaves it out). Derived tables hold no descriptions, so descriptions are not compared.
 */
class SeedCatalogTest {
  private static final String SEED_TABLE = "io/genport/spitck/seed/tables/seed-000.json";

  private static final ModelCatalog CATALOG =
      ModelCatalog.fromResource(SeedCatalogTest.class, "/catalog/seed-models.json");
  private static final Map<String, List<Row>> SEED = seedTables();

  /**
   * One parameter of a derived seed table.
   *
   * @param truncated whether the seed cut the enumeration short
   * @param tail the cut last item, or {@code null}
   */
  record Row(
      String name,
      String type,
      boolean required,
      String defaultValue,
      List<String> options,
      boolean truncated,
      String tail) {}

  private static Map<String, List<Row>> seedTables() {
    JsonNode root;
    try (InputStream in = SeedCatalogTest.class.getClassLoader().getResourceAsStream(SEED_TABLE)) {
      assertNotNull(in, SEED_TABLE + " is not on the test class path");
      root = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertEquals("model-reference", root.get("format").asText());
    Map<String, List<Row>> out = new LinkedHashMap<>();
    for (JsonNode model : root.get("models")) {
      List<Row> rows = new ArrayList<>();
      for (JsonNode p : model.get("params")) {
        List<String> options = new ArrayList<>();
        if (p.has("enum")) {
          p.get("enum").forEach(o -> options.add(o.asText()));
        }
        rows.add(
            new Row(
                p.get("name").asText(),
                p.get("type").asText(),
                p.get("required").asBoolean(),
                p.has("default") ? p.get("default").asText() : null,
                options,
                p.path("enumTruncated").asBoolean(false),
                p.has("enumTail") ? p.get("enumTail").asText() : null));
      }
      out.put(model.get("slug").asText(), rows);
    }
    assertEquals(62, out.size(), "seed 000 describes 62 models");
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "flux-2",
        "flux-1-1-pro",
        "flux-schnell",
        "gpt-image-v1-5-text-to-image",
        "fooocus-api",
        "bria-v1-text-to-image-hd",
        "imagen4-preview"
      })
  void theParameterTableMatchesTheSeed(String slug) {
    List<Row> rows = SEED.get(slug);
    assertNotNull(rows, slug + " is not in seed 000");
    ModelSpec spec = CATALOG.require(slug);
    assertEquals("0.0.1", spec.version());

    assertEquals(
        rows.stream().map(Row::name).toList(),
        List.copyOf(spec.params().keySet()),
        "parameter names and order");
    for (Row row : rows) {
      ParamSpec p = spec.param(row.name());
      String where = slug + "." + row.name();
      assertEquals(row.type(), p.type().jsonName(), where + " type");
      assertEquals(row.required(), p.required(), where + " required");
      assertDefault(row, p.defaultValue(), where);
      assertEnum(row, p.enumValues(), where);
    }
  }

  /** The seed quotes every default; the catalog must hold it as a value of the declared type. */
  private static void assertDefault(Row row, JsonNode actual, String where) {
    if (row.defaultValue() == null) {
      assertNull(actual, where + " default");
      return;
    }
    assertNotNull(actual, where + " default");
    String seed = row.defaultValue();
    switch (row.type()) {
      case "string":
        assertTrue(actual.isTextual(), where + " default must be a JSON string");
        assertEquals(seed, actual.asText(), where + " default");
        break;
      case "integer":
        assertTrue(actual.isIntegralNumber(), where + " default must be a JSON integer");
        assertEquals(Long.parseLong(seed), actual.asLong(), where + " default");
        break;
      case "number":
        assertTrue(actual.isNumber(), where + " default must be a JSON number");
        assertEquals(Double.parseDouble(seed), actual.asDouble(), where + " default");
        break;
      case "boolean":
        assertTrue(actual.isBoolean(), where + " default must be a JSON boolean");
        assertEquals(Boolean.parseBoolean(seed.toLowerCase()), actual.asBoolean(), where);
        assertTrue(seed.equalsIgnoreCase("true") || seed.equalsIgnoreCase("false"), where);
        break;
      default:
        throw new AssertionError("unexpected type " + row.type() + " in " + where);
    }
  }

  /**
   * The enum equals the seed's options, except that an option list truncated with {@code ...}
   * continues: the catalog starts with the seed's complete items and its next item starts with the
   * truncated one.
   */
  private static void assertEnum(Row row, List<String> actual, String where) {
    List<String> complete = row.options();
    if (!row.truncated()) {
      assertEquals(complete, actual, where + " enum");
      return;
    }
    assertTrue(actual.size() > complete.size(), where + " enum is shorter than the seed's");
    assertEquals(complete, actual.subList(0, complete.size()), where + " enum");
    String next = actual.get(complete.size());
    String cut = row.tail() == null ? "" : row.tail();
    assertTrue(
        next.startsWith(cut), where + " enum continues with " + next + ", not with " + cut + "...");
  }

  @ParameterizedTest
  @ValueSource(strings = {"fooocus-api", "bria-v1-text-to-image-hd"})
  void everyDeviationFromTheSeedIsExplainedInTheNotes(String slug) {
    // The catalog format has no accessor for notes; they are checked in the raw JSON.
    JsonNode raw = rawEntry(slug);
    assertTrue(raw.hasNonNull("notes"), slug + " has no notes");
    String notes = raw.get("notes").asText();
    if (slug.equals("fooocus-api")) {
      assertTrue(notes.contains("aspect_ratios_selection"), notes);
      assertTrue(notes.contains("uov_method"), notes);
    } else {
      assertTrue(notes.contains("aspect_ratio"), notes);
    }
  }

  @org.junit.jupiter.api.Test
  void fooocusAspectRatiosAreFooocussOwnList() {
    assertEquals(
        List.of(
            "704*1408",
            "704*1344",
            "768*1344",
            "768*1280",
            "832*1216",
            "832*1152",
            "896*1152",
            "896*1088",
            "960*1088",
            "960*1024",
            "1024*1024",
            "1024*960",
            "1088*960",
            "1088*896",
            "1152*896",
            "1152*832",
            "1216*832",
            "1280*768",
            "1344*768",
            "1344*704",
            "1408*704",
            "1472*704",
            "1536*640",
            "1600*640",
            "1664*576",
            "1728*576"),
        CATALOG.require("fooocus-api").param("aspect_ratios_selection").enumValues());
  }

  private static JsonNode rawEntry(String slug) {
    try (InputStream in =
        SeedCatalogTest.class.getClassLoader().getResourceAsStream("catalog/seed-models.json")) {
      for (JsonNode m : new ObjectMapper().readTree(in).get("models")) {
        if (m.get("id").asText().equals(slug)) {
          return m;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError(slug);
  }
}
