package io.genport.spitck.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each reader refuses, and the rules for the slug and title a document does not state. */
class SeedReadersTest {
  static final String SCHEMA_HEADER =
      "Field | Type | Default value | Description |\n---|---|---|---|\n";

  static SeedFormatException fails(String text, String slug, String title) {
    return assertThrows(
        SeedFormatException.class, () -> SeedModelTables.parse(text, "doc", slug, title));
  }

  static void mentions(SeedFormatException e, String part) {
    assertTrue(e.getMessage().contains(part), e.getMessage());
    assertTrue(e.getMessage().startsWith("doc"), e.getMessage());
  }

  @Test
  void detectsEveryFormatAndRefusesOtherText() {
    assertEquals(SeedFormat.MODEL_REFERENCE, SeedFormat.detect("## T\n\n**Slug:** `t`\n", "doc"));
    assertEquals(SeedFormat.MODEL_PAGE, SeedFormat.detect("# T\n**Model ID:** `t`\n", "doc"));
    assertEquals(SeedFormat.SCHEMA_PAGE, SeedFormat.detect(SCHEMA_HEADER, "doc"));
    assertEquals(SeedFormat.BODY_PARAMS, SeedFormat.detect("T\nBody Params\n", "doc"));
    assertEquals(
        SeedFormat.PARAMETER_ROWS, SeedFormat.detect("a | string | no | - | x |\n\n", "doc"));
    mentions(
        assertThrows(SeedFormatException.class, () -> SeedFormat.detect("prose\n", "doc")),
        "not a known seed format");
    assertThrows(
        SeedFormatException.class,
        () -> SeedFormat.detect("a | string | no | - | x |\nprose\n", "doc"),
        "every line must be a row");
    assertEquals(SeedFormat.BODY_PARAMS, SeedFormat.fromId("body-params"));
    assertThrows(IllegalArgumentException.class, () -> SeedFormat.fromId("body_params"));
  }

  @Test
  void aSlugAndTitleAreGivenExactlyWhenTheDocumentLacksThem() {
    String rows = "prompt | string | yes | - | x |\n";
    mentions(fails(rows, null, "T"), "give its slug");
    mentions(fails(rows, "s", null), "give the model's title");
    SeedModelTables t = SeedModelTables.parse(rows, "doc", "s", "T");
    assertEquals("T", t.require("s").title());

    String reference =
        SeedModelTablesTest.doc(
            SeedModelTablesTest.section("M", "m", "| `a` | string | No | — | — | x |\n"));
    mentions(fails(reference, "s", null), "states its slugs");
    mentions(fails(reference, null, "T"), "states its title");
    assertEquals(1, SeedModelTables.parse(reference, "doc", null, null).size());

    String page = "Some Page\n\nBody Params\n\nboolean | null\n\nResponse\n";
    mentions(fails(page, "s", "T"), "states its title");
    mentions(fails(page, null, null), "give its slug");
  }

  @Test
  void theSchemaPageReaderRefusesBrokenTables() {
    mentions(fails("Field | Type | Default value | Description |\n", "s", "T"), "---|");
    mentions(fails(SCHEMA_HEADER + "a |\nstring\n|\nx\n|\n", "s", "T"), "not a multiple of 4");
    mentions(fails(SCHEMA_HEADER + "a |\ntext\n|\n|\nx\n|\n", "s", "T"), "type cell");
    mentions(
        fails(SCHEMA_HEADER + "a |\nstring\n(enum)\n|\n1\n|\nx\n|\n", "s", "T"),
        "an enum without Options");
    mentions(
        fails(SCHEMA_HEADER + "a |\nstring\n|\n1\nOptions: 1, 2 |\nx\n|\n", "s", "T"),
        "Options on a non-enum");
    mentions(
        fails(SCHEMA_HEADER + "a |\nstring\n|\n1\n2\n|\nx\n|\n", "s", "T"), "a second default");
    mentions(
        fails(SCHEMA_HEADER + "a |\nstring\n|\n|\nx\n|\na |\nstring\n|\n|\ny\n|\n", "s", "T"),
        "listed twice");
    SeedParam p =
        SeedModelTables.parse(SCHEMA_HEADER + "n |\ninteger\n|\nMax: 7 |\nx\n|\n", "doc", "s", "T")
            .require("s")
            .param("n");
    assertEquals(null, p.min());
    assertEquals(7.0, p.max());
    assertEquals(false, p.required(), "only prompt is taken as required");
  }

  @Test
  void theModelPageReaderNeedsItsIdTitleAndRows() {
    String table =
        "### Required parameters\n\n| Field | Type | Default | Description |\n| - | - | - | - |\n"
            + "| `prompt` | `string` | — | x |\n";
    mentions(fails("# T\n" + table, null, null), "not a known seed format");
    mentions(fails("**Model ID:** `m`\n" + table, null, null), "no '# ' title");
    mentions(fails("# T\n**Model ID:** `m`\n", null, null), "no rows");
    mentions(fails("# T\n**Model ID:** `m`\n**Model ID:** `n`\n" + table, null, null), "a second");
    mentions(
        fails("# T\n**Model ID:** `m`\n" + table.replace("`string`", "`text`"), null, null),
        "'text' is not a type");
    mentions(
        fails("# T\n**Model ID:** `m`\n" + table.replace("| — |", "| 5 |"), null, null),
        "not in backticks");
    SeedModelTables t =
        SeedModelTables.parse("# T\n**Model ID:** `m`\n" + table, "doc", null, null);
    assertTrue(t.require("m").param("prompt").required());
    assertEquals(List.of(), t.endpoints());
  }

  @Test
  void theParameterRowsReaderRefusesBrokenRows() {
    mentions(fails("a | string | maybe | - | x |\n", "s", "T"), "not a known seed format");
    mentions(fails("a | text | no | - | x |\n", "s", "T"), "'text' is not a type");
    mentions(fails("a | enum | no | - | x |\n", "s", "T"), "an enum without 'Allowed:'");
    mentions(
        fails("a | string | no | - | x · Allowed: p, q |\n", "s", "T"), "'Allowed:' on a string");
    mentions(fails("a | string | no | - | x · Maybe: 3 |\n", "s", "T"), "unknown part");
    mentions(
        fails("a | string | no | - | x |\na | string | no | - | y |\n", "s", "T"), "listed twice");
    SeedParam p =
        SeedModelTables.parse("n | number | no | 2 | x · Range: 1 – 9 |\n", "doc", "s", "T")
            .require("s")
            .param("n");
    assertEquals("2", p.defaultValue());
    assertEquals(1.0, p.min());
    assertEquals(9.0, p.max());
  }

  @Test
  void theBodyParamsReaderChecksItsNameListAgainstThePage() {
    String page =
        "Page\n\nBody Params\n\nboolean | null\n\nFirst.\n\nitems\narray of objects | null\nitems\n"
            + "Response\n";
    Map<String, List<String>> names = Map.of("Page", List.of("first", "items"));
    SeedModelTables t = new BodyParamsReader(page, "doc", names).read("p");
    assertEquals(List.of("first", "items"), t.require("p").paramNames());

    SeedFormatException count =
        assertThrows(
            SeedFormatException.class,
            () -> new BodyParamsReader(page, "doc", Map.of("Page", List.of("first"))).read("p"));
    mentions(count, "2 parameters on the page");
    SeedFormatException name =
        assertThrows(
            SeedFormatException.class,
            () ->
                new BodyParamsReader(page, "doc", Map.of("Page", List.of("first", "other")))
                    .read("p"));
    mentions(name, "names this parameter 'items'");
    mentions(
        assertThrows(
            SeedFormatException.class,
            () -> new BodyParamsReader(page, "doc", Map.of("Other", List.of())).read("p")),
        "no parameter-name list");
    mentions(
        assertThrows(
            SeedFormatException.class,
            () -> new BodyParamsReader("Page\n\nBody Params\n", "doc", names).read("p")),
        "'Response' section");
    mentions(
        assertThrows(
            SeedFormatException.class,
            () ->
                new BodyParamsReader(
                        "Page\nBody Params\nstring\n\nx\n\nAllowed: a\nResponse\n",
                        "doc",
                        Map.of("Page", List.of("s")))
                    .read("p")),
        "'Allowed:' without 'enum'");
  }

  @Test
  void theLeonardoPageHasANameListOfItsOwn() {
    List<String> names = BodyParamsReader.NAMES.get("Create a Generation of Images");
    assertEquals(49, names.size());
    assertEquals(names.size(), new java.util.HashSet<>(names).size(), "no name twice");
  }
}
