package io.genport.spitck.seed;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spitck.seed.CatalogSeedCheck.Difference;
import io.genport.spitck.seed.CatalogSeedCheck.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogSeedCheckTest {
  static final SeedModel SEED =
      SeedModelTables.parse(
              SeedModelTablesTest.doc(
                  SeedModelTablesTest.section(
                      "Flux 2 |  Lora",
                      "m",
                      "| `prompt` | string | Yes | — | — | p |\n"
                          + "| `num_inference_steps` | integer | No | `\"28\"` | — | s |\n"
                          + "| `guidance_scale` | number | No | `\"1\"` | — | g |\n"
                          + "| `sync_mode` | boolean | No | `\"False\"` | — | m |\n"
                          + "| `safety_tolerance` | string | No | `\"2\"` | 1, 2, 3 | t |\n"
                          + "| `image_size` | string | No | `\"square_hd\"` | square_hd,square,auto... | i |\n")),
              "t")
          .require("m");

  static final String GOOD_PARAMS =
      "{\"name\":\"prompt\",\"type\":\"string\",\"required\":true},"
          + "{\"name\":\"num_inference_steps\",\"type\":\"integer\",\"default\":28},"
          + "{\"name\":\"guidance_scale\",\"type\":\"number\",\"default\":1.0},"
          + "{\"name\":\"sync_mode\",\"type\":\"boolean\",\"default\":false},"
          + "{\"name\":\"safety_tolerance\",\"type\":\"string\",\"default\":\"2\","
          + "\"enum\":[\"1\",\"2\",\"3\"]},"
          + "{\"name\":\"image_size\",\"type\":\"string\",\"default\":\"square_hd\","
          + "\"enum\":[\"square_hd\",\"square\",\"auto_2K\",\"auto_4K\"]}";

  static ModelSpec spec(String name, String params) {
    String json =
        "{\"provider\":\"x\",\"models\":[{\"id\":\"m\",\"name\":"
            + (name == null ? "null" : "\"" + name + "\"")
            + ",\"params\":["
            + params
            + "],\"prompt\":\"prompt\"}]}";
    return ModelCatalog.parse(json, "test").require("m");
  }

  static List<Difference> diff(String params) {
    return CatalogSeedCheck.differences(spec("Flux 2 |  Lora", params), SEED);
  }

  @Test
  void aFaithfulEntryHasNoDifferences() {
    assertEquals(List.of(), diff(GOOD_PARAMS));
    assertDoesNotThrow(
        () -> CatalogSeedCheck.assertMatches(spec("Flux 2 | Lora", GOOD_PARAMS), SEED));
  }

  @Test
  void reportsMissingAndExtraParameters() {
    String params =
        GOOD_PARAMS.replace("{\"name\":\"sync_mode\",\"type\":\"boolean\",\"default\":false},", "")
            + ",{\"name\":\"loras\",\"type\":\"array\"}";
    List<Difference> d = diff(params);
    assertEquals(2, d.size(), d.toString());
    assertEquals(new Difference(Kind.MISSING_PARAM, "sync_mode", "boolean", null), d.get(0));
    assertEquals(new Difference(Kind.EXTRA_PARAM, "loras", null, "array"), d.get(1));
  }

  @Test
  void reportsTypeAndRequiredFlag() {
    String params =
        GOOD_PARAMS
            .replace("\"type\":\"string\",\"required\":true", "\"type\":\"string\"")
            .replace("\"type\":\"number\",\"default\":1.0", "\"type\":\"integer\",\"default\":1");
    List<Difference> d = diff(params);
    assertEquals(2, d.size(), d.toString());
    assertEquals(Kind.WRONG_REQUIRED, d.get(0).kind());
    assertEquals("prompt", d.get(0).param());
    assertEquals(Kind.WRONG_TYPE, d.get(1).kind());
    assertEquals("guidance_scale", d.get(1).param());
  }

  @Test
  void comparesDefaultsAsValuesOfTheDeclaredType() {
    ObjectMapper m = new ObjectMapper();
    assertTrue(CatalogSeedCheck.sameDefault("integer", "28", m.valueToTree(28)));
    assertTrue(CatalogSeedCheck.sameDefault("number", "1", m.valueToTree(1.0)));
    assertTrue(CatalogSeedCheck.sameDefault("number", "2.5", m.valueToTree(2.5)));
    assertTrue(CatalogSeedCheck.sameDefault("boolean", "False", m.valueToTree(false)));
    assertTrue(CatalogSeedCheck.sameDefault("boolean", "true", m.valueToTree(true)));
    assertTrue(CatalogSeedCheck.sameDefault("string", "2", m.valueToTree("2")));
    assertTrue(CatalogSeedCheck.sameDefault("string", null, null));

    assertFalse(CatalogSeedCheck.sameDefault("integer", "28", m.valueToTree(30)));
    assertFalse(CatalogSeedCheck.sameDefault("integer", "28", m.valueToTree("28")), "a string");
    assertFalse(CatalogSeedCheck.sameDefault("string", "2", m.valueToTree(2)), "a number");
    assertFalse(CatalogSeedCheck.sameDefault("boolean", "False", m.valueToTree("False")));
    assertFalse(CatalogSeedCheck.sameDefault("boolean", "False", m.valueToTree(true)));
    assertFalse(CatalogSeedCheck.sameDefault("integer", "28", null), "missing in catalog");
    assertFalse(CatalogSeedCheck.sameDefault("integer", null, m.valueToTree(28)), "extra");
    assertFalse(CatalogSeedCheck.sameDefault("integer", "abc", m.valueToTree(28)));
    JsonNode array = m.createArrayNode().add("a");
    assertTrue(CatalogSeedCheck.sameDefault("array", "[\"a\"]", array));

    List<Difference> d =
        diff(GOOD_PARAMS.replace("\"default\":28", "\"default\":30").replace("false}", "true}"));
    assertEquals(2, d.size(), d.toString());
    assertTrue(d.stream().allMatch(x -> x.kind() == Kind.WRONG_DEFAULT), d.toString());
  }

  @Test
  void comparesEnumerationsIncludingTruncatedOnes() {
    assertEquals(
        List.of(Kind.WRONG_ENUM),
        diff(GOOD_PARAMS.replace("[\"1\",\"2\",\"3\"]", "[\"1\",\"2\",\"3\",\"4\"]")).stream()
            .map(Difference::kind)
            .toList());
    assertEquals(
        List.of(Kind.WRONG_ENUM),
        diff(GOOD_PARAMS.replace("[\"1\",\"2\",\"3\"]", "[\"2\",\"1\",\"3\"]")).stream()
            .map(Difference::kind)
            .toList(),
        "order matters");
    assertEquals(
        List.of(Kind.WRONG_ENUM),
        diff(GOOD_PARAMS.replace("\"auto_2K\",\"auto_4K\"", "\"custom\"")).stream()
            .map(Difference::kind)
            .toList(),
        "the item after the complete ones must start with the cut tail");
    assertEquals(
        List.of(Kind.WRONG_ENUM),
        diff(GOOD_PARAMS.replace(",\"auto_2K\",\"auto_4K\"", "")).stream()
            .map(Difference::kind)
            .toList(),
        "a cut list has more items");
    assertEquals(
        List.of(Kind.WRONG_ENUM),
        diff(GOOD_PARAMS.replace("\"square\",\"auto_2K\"", "\"auto_2K\"")).stream()
            .map(Difference::kind)
            .toList(),
        "the complete items must all be there");
  }

  @Test
  void reportsTheNameAndDescribesEverything() {
    ModelSpec unnamed = spec(null, GOOD_PARAMS);
    List<Difference> d = CatalogSeedCheck.differences(unnamed, SEED);
    assertEquals(List.of(new Difference(Kind.NAME, null, "Flux 2 |  Lora", "m")), d);
    AssertionError e =
        assertThrows(AssertionError.class, () -> CatalogSeedCheck.assertMatches(unnamed, SEED));
    assertTrue(
        e.getMessage().contains("catalog entry 'm' differs from seed model 'm'"), e.getMessage());
    assertTrue(e.getMessage().contains("name (seed: Flux 2 |  Lora, catalog: m)"), e.getMessage());
  }

  @Test
  void comparesTheBoundsTheSeedStates() {
    SeedModel ranged =
        new SeedModel(
            "m",
            "R",
            List.of(
                new SeedParam(
                    "prompt", "string", true, null, List.of(), false, null, null, List.of()),
                new SeedParam(
                    "steps", "integer", false, null, List.of(), false, null, null, List.of(), 1.0,
                    50.0, null),
                new SeedParam(
                    "scale", "number", false, null, List.of(), false, null, null, List.of(), null,
                    10.0, null)),
            0);
    String prompt = "{\"name\":\"prompt\",\"type\":\"string\",\"required\":true},";
    String good =
        prompt
            + "{\"name\":\"steps\",\"type\":\"integer\",\"min\":1,\"max\":50},"
            + "{\"name\":\"scale\",\"type\":\"number\",\"min\":0,\"max\":10}";
    assertEquals(
        List.of(),
        CatalogSeedCheck.differences(spec("R", good), ranged),
        "a bound the seed does not state (scale's minimum) is the catalog's business");
    List<Difference> d =
        CatalogSeedCheck.differences(spec("R", good.replace("\"max\":50", "\"max\":40")), ranged);
    assertEquals(List.of(new Difference(Kind.WRONG_RANGE, "steps", "1.0..50.0", "1.0..40.0")), d);
    assertEquals(
        List.of(Kind.WRONG_RANGE),
        CatalogSeedCheck.differences(spec("R", good.replace(",\"min\":0,\"max\":10", "")), ranged)
            .stream()
            .map(Difference::kind)
            .toList(),
        "a stated bound the catalog lacks");
  }
}
