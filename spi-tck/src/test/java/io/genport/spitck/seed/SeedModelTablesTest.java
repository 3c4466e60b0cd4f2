package io.genport.spitck.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeedModelTablesTest {
  static final String HEADER =
      "| Parameter | Type | Required | Default | Options / Constraints | Description |\n"
          + "|-----------|------|----------|---------|----------------------|-------------|\n";

  static String doc(String... sections) {
    return "# Reference\n\nAll models use version `0.0.1`.\n\n---\n\n"
        + String.join("\n---\n\n", sections);
  }

  static String section(String title, String slug, String rows) {
    return "## " + title + "\n\n**Slug:** `" + slug + "`\n\n" + HEADER + rows + "\n";
  }

  @Test
  void readsTitlesSlugsAndRowsInOrder() {
    SeedModelTables t =
        SeedModelTables.parse(
            doc(
                section(
                    "Flux 2 |  Text to Image",
                    "flux-2",
                    "| `prompt` | string | Yes | — | — | The prompt. |\n"
                        + "| `num_inference_steps` | integer | No | `\"28\"` | — | Steps. |\n"
                        + "| `sync_mode` | boolean | No | `\"False\"` | — | — |\n"),
                section("Other", "other", "| `seed` | string | No | — | — | Seed as text. |\n")),
            "test.md");

    assertEquals(List.of("flux-2", "other"), List.copyOf(t.models().keySet()));
    SeedModel m = t.require("flux-2");
    assertEquals("Flux 2 |  Text to Image", m.title(), "inner spacing is kept");
    assertEquals(List.of("prompt", "num_inference_steps", "sync_mode"), m.paramNames());
    SeedParam prompt = m.param("prompt");
    assertTrue(prompt.required());
    assertNull(prompt.defaultValue());
    assertFalse(prompt.isEnum());
    assertEquals("28", m.param("num_inference_steps").defaultValue());
    assertEquals("integer", m.param("num_inference_steps").type());
    assertEquals("False", m.param("sync_mode").defaultValue());
    assertNull(m.param("sync_mode").description(), "an em dash means no description");
    assertEquals("string", t.require("other").param("seed").type());
    assertNull(t.model("missing"));
    assertThrows(IllegalArgumentException.class, () -> t.require("missing"));
  }

  @Test
  void readsCompleteAndTruncatedOptionLists() {
    SeedModel m =
        SeedModelTables.parse(
                doc(
                    section(
                        "M",
                        "m",
                        "| `a` | string | No | `\"x\"` | x, y ,z | complete |\n"
                            + "| `b` | string | No | — | p,q,auto... | cut inside an item |\n"
                            + "| `c` | string | No | — | None,512x1536,... | cut after a comma |\n"
                            + "| `d` | string | No | — | 1:1,2:3,,3:4 | empty item |\n")),
                "t")
            .require("m");

    SeedParam a = m.param("a");
    assertEquals(List.of("x", "y", "z"), a.options());
    assertFalse(a.optionsTruncated());
    assertNull(a.optionsTail());

    SeedParam b = m.param("b");
    assertEquals(List.of("p", "q"), b.options(), "the item before ... may be cut");
    assertTrue(b.optionsTruncated());
    assertEquals("auto", b.optionsTail());

    SeedParam c = m.param("c");
    assertEquals(List.of("None", "512x1536"), c.options());
    assertTrue(c.optionsTruncated());
    assertNull(c.optionsTail());

    SeedParam d = m.param("d");
    assertEquals(List.of("1:1", "2:3", "3:4"), d.options());
    assertEquals(1, d.notes().size());
  }

  @Test
  void keepsQuotesInsideDefaultsAndPipesInsideDescriptions() {
    SeedModel m =
        SeedModelTables.parse(
                doc(
                    section(
                        "M",
                        "m",
                        "| `prompt` | string | No | `\"a sign that says \"Sana\"\"` | — | a | b |\n")),
                "t")
            .require("m");
    assertEquals("a sign that says \"Sana\"", m.param("prompt").defaultValue());
    assertEquals("a | b", m.param("prompt").description());
  }

  @Test
  void repairsANameCellThatRepeatsTheType() {
    SeedParam p =
        SeedModelTables.parse(
                doc(
                    section(
                        "M",
                        "m",
                        "| `enable_safety_checker boolean` | boolean | No | `\"true\"` | — | x |\n")),
                "t")
            .require("m")
            .param("enable_safety_checker");
    assertEquals("boolean", p.type());
    assertEquals(1, p.notes().size());
  }

  @Test
  void rejectsMalformedDocumentsNamingTheLine() {
    String badType = doc(section("M", "m", "| `a` | text | No | — | — | x |\n"));
    SeedFormatException e =
        assertThrows(SeedFormatException.class, () -> SeedModelTables.parse(badType, "doc.md"));
    assertTrue(e.getMessage().startsWith("doc.md:"), e.getMessage());
    assertTrue(e.getMessage().contains("'text' is not a type"), e.getMessage());
    assertTrue(e.line() > 0);

    assertThrows(
        SeedFormatException.class,
        () ->
            SeedModelTables.parse(
                doc(section("M", "m", "| `a` | string | Maybe | — | — | x |\n")), "t"));
    assertThrows(
        SeedFormatException.class,
        () ->
            SeedModelTables.parse(
                doc(section("M", "m", "| `a b` | string | No | — | — | x |\n")), "t"));
    assertThrows(
        SeedFormatException.class,
        () ->
            SeedModelTables.parse(
                doc(
                    section("M", "m", "| `a` | string | No | — | — | x |\n"),
                    section("N", "m", "| `a` | string | No | — | — | x |\n")),
                "t"),
        "duplicate slug");
    assertThrows(
        SeedFormatException.class,
        () ->
            SeedModelTables.parse(
                doc(
                    section(
                        "M",
                        "m",
                        "| `a` | string | No | — | — | x |\n| `a` | string | No | — | — | y |\n")),
                "t"),
        "duplicate parameter");
    assertThrows(
        SeedFormatException.class,
        () ->
            SeedModelTables.parse("## M\n\n" + HEADER + "| `a` | string | No | — | — | x |\n", "t"),
        "table without slug");
    assertThrows(
        SeedFormatException.class,
        () -> SeedModelTables.parse("## M\n\n**Slug:** `m`\n\nno table\n", "t"),
        "slug without table");
    assertThrows(
        SeedFormatException.class,
        () ->
            SeedModelTables.parse(
                "## M\n\n**Slug:** `m`\n\n| Parameter | Type | Required |\n|---|---|---|\n", "t"),
        "wrong columns");
  }

  @Test
  void ignoresSectionsWithoutASlug() {
    SeedModelTables t =
        SeedModelTables.parse(
            "## Notes\n\nsome prose\n\n" + section("M", "m", "| `a` | string | No | — | — | x |\n"),
            "t");
    assertEquals(1, t.size());
  }
}
