package io.genport.spitck.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedTableToolTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  Path rows;

  @BeforeEach
  void seed(@TempDir Path tmp) throws IOException {
    rows = Files.writeString(tmp.resolve("rows.txt"), "prompt | string | yes | - | x |\n");
  }

  int run(String... args) {
    return SeedTableTool.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsTheTableWithoutOut() {
    assertEquals(0, run("--slug", "m", "--title", "M", rows.toString()), err());
    String json = out.toString(StandardCharsets.UTF_8);
    assertEquals("M", SeedTables.fromJson(json, "stdout").require("m").title(), "a loadable table");
    assertTrue(json.contains("\"source\": \"rows.txt\""), json);
  }

  @Test
  void checkReportsAStaleTable(@TempDir Path tmp) throws IOException {
    Path table = tmp.resolve("t.json");
    assertEquals(0, run("--slug", "m", "--title", "M", "--out", table.toString(), rows.toString()));
    assertEquals(
        0, run("--slug", "m", "--title", "M", "--check", table.toString(), rows.toString()));
    Files.writeString(table, Files.readString(table).replace("\"M\"", "\"N\""));
    assertEquals(
        1, run("--slug", "m", "--title", "M", "--check", table.toString(), rows.toString()));
    assertTrue(err().contains("differs"), err());
  }

  @Test
  void badArgumentsAndBadSeedsExitWithTwo(@TempDir Path tmp) throws IOException {
    assertEquals(2, run());
    assertEquals(2, run("--slug"));
    assertEquals(2, run("--verbose", rows.toString()));
    assertEquals(2, run(rows.toString(), rows.toString()));
    assertEquals(2, run("--out", "a", "--check", "b", rows.toString()));
    assertTrue(err().contains("usage: SeedTableTool"), err());
    assertEquals(2, run(rows.toString()), "rows name no model");
    assertTrue(err().contains("give its slug"), err());
    assertEquals(2, run(tmp.resolve("missing.txt").toString()));
    assertTrue(err().contains("cannot read seed document"), err());
    Path prose = Files.writeString(tmp.resolve("prose.txt"), "just words\n");
    assertEquals(2, run(prose.toString()));
    assertTrue(err().contains("not a known seed format"), err());
  }
}
