package io.genport.spitck.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The committed derived tables: present, canonical, strictly read. */
class SeedTablesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "seed-000, 000_f1a03a70191845e5.txt, MODEL_REFERENCE, 62",
    "seed-001, 001_224e536406205d3e.txt, SCHEMA_PAGE, 1",
    "seed-002, 002_78a037284c165377.txt, MODEL_PAGE, 1",
    "seed-003, 003_dadb1cad0cddb575.txt, PARAMETER_ROWS, 1",
    "seed-004, 004_c4a029e97f0c3167.txt, BODY_PARAMS, 1"
  })
  void everyTableLoadsAndIsInTheToolsCanonicalForm(
      String name, String source, SeedFormat format, int models) {
    String text = SeedTables.resourceText(name);
    SeedModelTables t = SeedTables.load(name);
    assertEquals(source, t.source(), "names the seed document it was derived from");
    assertEquals(format, t.format());
    assertEquals(models, t.size());
    assertEquals(text, SeedTables.toJson(t), "written by SeedTableTool, not edited by hand");
    assertSame(t, SeedTables.load(name), "cached");
    for (SeedModel m : t.models().values()) {
      assertTrue(m.paramNames().contains("prompt"), m.slug());
      for (SeedParam p : m.params()) {
        assertEquals(null, p.description(), "derived tables hold no prose");
        assertTrue(SeedModelTables.TYPES.contains(p.type()), m.slug() + "." + p.name());
      }
    }
  }

  @Test
  void theNamedAccessorsLoadTheirTables() {
    assertSame(SeedTables.load(SeedTables.SEED_000), SeedTables.seed000());
    assertSame(SeedTables.load(SeedTables.SEED_001), SeedTables.seed001());
    assertSame(SeedTables.load(SeedTables.SEED_002), SeedTables.seed002());
    assertSame(SeedTables.load(SeedTables.SEED_003), SeedTables.seed003());
    assertSame(SeedTables.load(SeedTables.SEED_004), SeedTables.seed004());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SeedTables.load("seed-999"));
    assertTrue(e.getMessage().contains("seed-999.json"), e.getMessage());
  }

  static final String HEAD =
      "{\"generator\": \"io.genport.spitck.seed.SeedTableTool\", \"source\": \"s\","
          + " \"format\": \"parameter-rows\", \"models\": [{\"slug\": \"m\", \"title\": \"M\","
          + " \"line\": 1, \"params\": [";

  static String table(String param) {
    return HEAD + param + "]}]}";
  }

  static void refused(String json, String part) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SeedTables.fromJson(json, "t.json"));
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }

  @Test
  void readsStrictly() {
    SeedParam ok =
        SeedTables.fromJson(
                table(
                    "{\"name\": \"n\", \"type\": \"integer\", \"required\": false, \"default\": \"4\","
                        + " \"min\": 1, \"max\": 8.5, \"multipleOf\": 2}"),
                "t.json")
            .require("m")
            .param("n");
    assertEquals("4", ok.defaultValue());
    assertEquals(1.0, ok.min());
    assertEquals(8.5, ok.max());
    assertEquals(2, ok.multipleOf());

    refused("[]", "not a JSON object");
    refused("{", "not JSON");
    refused(
        table("{\"name\": \"n\", \"type\": \"string\", \"required\": false, \"hint\": \"x\"}"),
        "unknown key 'hint'");
    refused(table("{\"name\": \"n\", \"type\": \"string\"}"), "'required' must be true or false");
    refused(
        table("{\"name\": \"n\", \"type\": \"string\", \"required\": false, \"default\": 4}"),
        "must be a string");
    refused(
        table("{\"name\": \"n\", \"type\": \"string\", \"required\": false, \"enum\": []}"),
        "an empty enum must be enumTruncated");
    refused(
        table("{\"name\": \"n\", \"type\": \"string\", \"required\": false, \"enumTail\": \"x\"}"),
        "without enum");
    refused(
        table("{\"name\": \"n\", \"type\": \"number\", \"required\": false, \"min\": \"1\"}"),
        "'min' must be a number");
    refused(HEAD.replace("SeedTableTool", "Other") + "]}]}", "generator");
    refused(HEAD.replace("parameter-rows", "csv") + "]}]}", "unknown seed format");
    refused(
        HEAD.replace("\"line\": 1", "\"line\": \"1\"") + "]}]}", "'line' must be a whole number");
    refused(
        HEAD + "]}, {\"slug\": \"m\", \"title\": \"M\", \"line\": 2, \"params\": []}]}",
        "appears twice");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SeedTables.fromJson(
                table(
                    "{\"name\": \"n\", \"type\": \"number\", \"required\": false, \"min\": 3, \"max\": 1}"),
                "t.json"),
        "a range upside down");
  }

  @Test
  void writesNumbersAndStringsCanonically() {
    assertEquals("256", SeedTableWriter.number(256.0));
    assertEquals("4.5", SeedTableWriter.number(4.5));
    assertEquals("-1", SeedTableWriter.number(-1.0));
    assertEquals("0.1", SeedTableWriter.number(0.1));
    assertThrows(IllegalArgumentException.class, () -> SeedTableWriter.number(Double.NaN));
    assertEquals(
        "\"a \\\"b\\\" \\\\ c\\n\\u0001 – é\"", SeedTableWriter.str("a \"b\" \\ c\n\u0001 – é"));
    SeedModelTables t =
        SeedTables.fromJson(
            table(
                "{\"name\": \"q\", \"type\": \"string\", \"required\": true, \"default\": \"say \\\"hi\\\"\"}"),
            "t.json");
    assertEquals("say \"hi\"", t.require("m").param("q").defaultValue());
    assertEquals(
        t.require("m").params(),
        SeedTables.fromJson(SeedTables.toJson(t), "again").require("m").params());
    assertEquals(List.of(), t.notes());
  }
}
