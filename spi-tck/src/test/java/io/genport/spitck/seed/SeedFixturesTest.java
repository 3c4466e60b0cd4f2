package io.genport.spitck.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The derived-table pipeline on seed documents written for these tests (invented models, one
 * fixture per {@link SeedFormat}): the table the readers produce must equal the committed expected
 * table byte for byte, and the tool must write exactly that. The real seed documents are not in the
 * repository; these fixtures keep every reader covered without them.
 */
class SeedFixturesTest {
  static final String DIR = "/io/genport/spitck/seed/fixtures/";

  static Path fixture(String name) {
    try {
      return Paths.get(SeedFixturesTest.class.getResource(DIR + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(String name) throws IOException {
    return Files.readString(fixture(name), StandardCharsets.UTF_8);
  }

  static String[] args(String slug, String title, String... rest) {
    List<String> a = new java.util.ArrayList<>();
    if (!slug.isEmpty()) {
      a.addAll(List.of("--slug", slug));
    }
    if (!title.isEmpty()) {
      a.addAll(List.of("--title", title));
    }
    a.addAll(List.of(rest));
    return a.toArray(String[]::new);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "model-reference.md, model-reference.json, MODEL_REFERENCE, '', ''",
    "schema-page.txt, schema-page.json, SCHEMA_PAGE, box-small, Box Small",
    "model-page.md, model-page.json, MODEL_PAGE, '', ''",
    "parameter-rows.txt, parameter-rows.json, PARAMETER_ROWS, rows-model, Rows Model"
  })
  void theReaderYieldsTheCommittedTableAndTheToolWritesIt(
      String seed, String expected, SeedFormat format, String slug, String title, @TempDir Path tmp)
      throws IOException {
    String committed = text(expected);
    assertEquals(format, SeedFormat.detect(text(seed), seed));

    SeedModelTables parsed =
        SeedModelTables.read(
            fixture(seed), slug.isEmpty() ? null : slug, title.isEmpty() ? null : title);
    assertEquals(format, parsed.format());
    assertEquals(committed, SeedTables.toJson(parsed));

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errs = new PrintStream(err, true, StandardCharsets.UTF_8);
    Path out = tmp.resolve("out.json");
    assertEquals(
        0,
        SeedTableTool.run(
            args(slug, title, "--out", out.toString(), fixture(seed).toString()), System.out, errs),
        err::toString);
    assertEquals(committed, Files.readString(out, StandardCharsets.UTF_8));
    assertEquals(
        0,
        SeedTableTool.run(
            args(slug, title, "--check", fixture(expected).toString(), fixture(seed).toString()),
            System.out,
            errs),
        err::toString);

    // Loading the committed table gives the parsed models, minus their descriptions.
    SeedModelTables loaded = SeedTables.fromJson(committed, expected);
    assertEquals(committed, SeedTables.toJson(loaded), "the committed table is canonical");
    assertEquals(List.copyOf(parsed.models().keySet()), List.copyOf(loaded.models().keySet()));
    for (SeedModel m : parsed.models().values()) {
      SeedModel l = loaded.require(m.slug());
      assertEquals(m.title(), l.title());
      assertEquals(m.line(), l.line());
      assertEquals(m.params().stream().map(SeedParam::withoutDescription).toList(), l.params());
    }
    assertEquals(parsed.notes(), loaded.notes());
    assertEquals(parsed.endpoints(), loaded.endpoints());
    assertEquals(parsed.requestFields(), loaded.requestFields());
  }

  @Test
  void theModelReferenceFixtureKeepsEveryInterpretationVisible() throws IOException {
    SeedModelTables t = SeedModelTables.read(fixture("model-reference.md"));
    assertEquals("What to draw.", t.require("lantern-sketch").param("prompt").description());
    assertEquals(
        "How closely to follow | the prompt.",
        t.require("lantern-sketch").param("scale").description(),
        "a pipe inside the description");
    SeedParam size = t.require("lantern-paint").param("size");
    assertEquals(List.of("small_a", "small_b"), size.options());
    assertEquals("large", size.optionsTail());
    assertEquals(
        "a kite that says \"hi\"", t.require("lantern-paint").param("prompt").defaultValue());
    assertEquals(1, t.require("lantern-paint").param("checker").notes().size());
  }

  @Test
  void theModelPageFixtureRecordsItsExamples() throws IOException {
    SeedModelTables t = SeedModelTables.read(fixture("model-page.md"));
    assertEquals(
        List.of(
            "https://api.example.test/v1/paint",
            "https://api.example.test/v1/jobs/{generation_id}"),
        t.endpoints(),
        "the URLs called, not the reference image in a body");
    assertEquals(List.of("model", "prompt", "refs", "style"), t.requestFields());
    SeedParam steps = t.require("paint-box-mini").param("steps");
    assertEquals(1.0, steps.min());
    assertEquals(40.0, steps.max());
    assertEquals("Passes Range: 1 – 40.", steps.description());
  }

  @Test
  void theBodyParamsFixtureYieldsTheCommittedTable() throws IOException {
    String page = text("body-params.txt");
    assertEquals(SeedFormat.BODY_PARAMS, SeedFormat.detect(page, "body-params.txt"));
    BodyParamsReader reader =
        new BodyParamsReader(
            page,
            "body-params.txt",
            Map.of(
                "Paint a Picture",
                List.of("size", "layers", "legacy", "prompt", "mood", "brush", "zoom", "passes")));
    SeedModelTables parsed = reader.read("paint");
    String committed = text("body-params.json");
    assertEquals(committed, SeedTables.toJson(parsed));
    assertEquals(committed, SeedTables.toJson(SeedTables.fromJson(committed, "body-params.json")));
    assertEquals(
        "Edge length. Must be between 64 and 1024 and be a multiple of 16.",
        parsed.require("paint").param("size").description());
  }
}
