package io.genport.spi.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the test catalog {@code catalog/seed-models.json} against its source: the parameter tables
 * of shared/seeds/000_f1a03a70191845e5.txt, kept verbatim in {@code catalog/seed-000-excerpt.md}.
 * Names, order, types, required flags, defaults (typed), enums and descriptions must match; the
 * only allowed differences are the ones the seed itself forces: an enum the seed truncates with
 * {@code ...} continues the seed's list, and an empty item between two commas is dropped.
 */
class SeedCatalogTest {
  private static final Pattern SLUG = Pattern.compile("\\*\\*Slug:\\*\\* `([^`]+)`");

  private static final ModelCatalog CATALOG =
      ModelCatalog.fromResource(SeedCatalogTest.class, "catalog/seed-models.json");
  private static final Map<String, List<Row>> SEED = seedTables();

  /** One row of a seed table, as written. */
  record Row(
      String name,
      String type,
      boolean required,
      String defaultValue,
      List<String> options,
      String description) {}

  private static Map<String, List<Row>> seedTables() {
    String text;
    try (InputStream in =
        SeedCatalogTest.class.getClassLoader().getResourceAsStream("catalog/seed-000-excerpt.md")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, List<Row>> out = new LinkedHashMap<>();
    for (String section : text.split("\n---\n")) {
      Matcher m = SLUG.matcher(section);
      if (!m.find()) {
        continue;
      }
      List<Row> rows = new ArrayList<>();
      for (String line : section.split("\n")) {
        if (!line.startsWith("| `")) {
          continue;
        }
        String[] cells = line.substring(2, line.length() - 2).split(" \\| ", -1);
        assertEquals(6, cells.length, line);
        String def = cells[3].strip();
        List<String> options = new ArrayList<>();
        if (!cells[4].strip().equals("—")) {
          for (String o : cells[4].split(",", -1)) {
            options.add(o.strip());
          }
        }
        rows.add(
            new Row(
                cells[0].strip().replace("`", ""),
                cells[1].strip(),
                cells[2].strip().equals("Yes"),
                def.equals("—") ? null : def.substring(2, def.length() - 2),
                options,
                cells[5].strip().equals("—") ? null : cells[5].strip()));
      }
      out.put(m.group(1), rows);
    }
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
    assertNotNull(rows, slug + " is not in the seed excerpt");
    ModelSpec spec = CATALOG.require(slug);
    assertEquals("0.0.1", spec.version());

    assertEquals(
        rows.stream().map(Row::name).toList(),
        List.copyOf(spec.params().keySet()),
        "parameter names and order");
    for (Row row : rows) {
      ParamSpec p = spec.param(row.name());
      String where = slug + "." + row.name();
      assertEquals(row.type(), p.type(), where + " type");
      assertEquals(row.required(), p.required(), where + " required");
      assertEquals(row.description(), p.description(), where + " description");
      assertDefault(row, p.defaultValue(), where);
      assertEnum(row.options(), p.enumValues(), where);
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
   * The enum equals the seed's options, except that empty items are dropped and an option list
   * truncated with {@code ...} continues: the catalog starts with the seed's complete items and its
   * next item starts with the truncated one.
   */
  private static void assertEnum(List<String> seed, List<String> actual, String where) {
    List<String> complete = new ArrayList<>();
    String truncated = null;
    for (int i = 0; i < seed.size(); i++) {
      String o = seed.get(i);
      if (i == seed.size() - 1 && o.endsWith("...")) {
        truncated = o.substring(0, o.length() - 3);
      } else if (!o.isEmpty()) {
        complete.add(o);
      }
    }
    if (truncated == null) {
      assertEquals(complete, actual, where + " enum");
      return;
    }
    assertTrue(actual.size() > complete.size(), where + " enum is shorter than the seed's");
    assertEquals(complete, actual.subList(0, complete.size()), where + " enum");
    String next = actual.get(complete.size());
    assertTrue(
        next.startsWith(truncated),
        where + " enum continues with " + next + ", not with " + truncated + "...");
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
      for (JsonNode m :
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).get("models")) {
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
