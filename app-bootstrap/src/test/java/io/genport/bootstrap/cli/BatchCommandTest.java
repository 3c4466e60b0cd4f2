package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.bootstrap.BootstrapSettings;
import io.genport.bootstrap.GenportRuntime;
import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.ProviderSetup;
import io.genport.spi.Credentials;
import io.genport.spi.download.ImageProbe;
import io.genport.spi.http.HttpTransport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code genport batch} in-process, against the embedded simulators (no credential set). */
class BatchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static Launcher simulated() {
    return Launcher.of(
        new BootstrapSettings(
            Map.of(), Credentials.none(), BatchCommandTest.class.getClassLoader()));
  }

  /** A launcher for input that must be refused before anything is set up or sent. */
  private static Launcher untouchable() {
    return new Launcher() {
      @Override
      public ProviderSetup setup(Map<String, String> extraEnvironment) {
        throw new AssertionError("set up although the input is invalid");
      }

      @Override
      public GenportRuntime start() {
        throw new AssertionError("started although the input is invalid");
      }

      @Override
      public GenportRuntime start(
          HttpTransport transport, Map<String, String> extraEnvironment, Credentials credentials) {
        throw new AssertionError("started although the input is invalid");
      }
    };
  }

  private static CliRun batch(Launcher launcher, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "batch";
    System.arraycopy(args, 0, all, 1, args.length);
    int status = GenportCommand.execute(launcher, new PrintWriter(out), new PrintWriter(err), all);
    return new CliRun(status, out.toString(), err.toString());
  }

  private Path file(String... lines) throws Exception {
    return Files.write(dir.resolve("requests.jsonl"), List.of(lines));
  }

  private static Map<String, JsonNode> results(Path out) throws Exception {
    Map<String, JsonNode> m = new TreeMap<>();
    for (String line : Files.readAllLines(out.resolve(BatchCommand.RESULTS))) {
      JsonNode r = JSON.readTree(line);
      assertEquals(null, m.put(r.path("id").asText(), r), "one result per line");
    }
    return m;
  }

  @Test
  void validLinesAreServedAndInvalidOnesNameTheirFieldWhileTheBatchGoesOn() throws Exception {
    Path requests =
        file(
            "{\"id\": \"fox\", \"prompt\": \"a red fox\", \"aspect\": \"16:9\", \"seed\": 7}",
            "{\"prompt\": \"two castles\", \"count\": 2, \"size\": \"1000x700\","
                + " \"target\": \"fal:flux-2\"}",
            "",
            "{\"prompt\": \"a cat\", \"seed\": \"seven\"}",
            "{\"prompt\": \"a dog\", \"colour\": \"red\"}",
            "{\"prompt\": \"   \"}",
            "{\"prompt\": \"a bird\", \"params\": {\"bogus_knob\": 3}}");
    Path out = dir.resolve("out");

    CliRun r =
        batch(
            simulated(),
            "--target",
            "fal:flux-2",
            "--out",
            out.toString(),
            "--progress",
            "log",
            "--json",
            requests.toString());

    assertEquals(BatchCommand.PARTIAL, r.status(), r.err());
    assertTrue(r.err().contains("running against the embedded simulators"), r.err());
    assertTrue(r.err().contains("genport: batch [6/6]"), r.err());
    JsonNode s = JSON.readTree(r.out());
    assertEquals(6, s.path("lines").asInt());
    assertEquals(2, s.path("ok").asInt());
    assertEquals(4, s.path("invalid").asInt(), r.out());
    assertEquals(2, s.path("submitted").asInt(), "nothing is sent for an invalid line");
    assertEquals(3, s.path("images").asInt());
    Map<String, JsonNode> res = results(out);
    JsonNode fox = res.get("fox");
    assertEquals("OK", fox.path("status").asText());
    assertEquals("fal:flux-2", fox.path("route").asText());
    JsonNode img = fox.path("images").get(0);
    assertEquals(7, img.path("seed").asLong());
    Path foxFile = Path.of(img.path("path").asText());
    assertTrue(foxFile.getFileName().toString().startsWith("fox-1."), foxFile.toString());
    byte[] bytes = Files.readAllBytes(foxFile);
    assertEquals(img.path("width").asInt(), ImageProbe.size(bytes).width());
    assertEquals(img.path("height").asInt(), ImageProbe.size(bytes).height());
    assertTrue(img.path("width").asInt() > img.path("height").asInt(), "16:9");
    assertEquals(1, fox.path("attempts").size());
    assertTrue(fox.path("attempts").get(0).path("accepted").asBoolean());
    assertEquals(2, res.get("line-2").path("images").size());
    assertEquals("seed", res.get("line-4").path("error").path("field").asText());
    assertEquals("colour", res.get("line-5").path("error").path("field").asText());
    assertEquals("prompt", res.get("line-6").path("error").path("field").asText());
    assertEquals("bogus_knob", res.get("line-7").path("error").path("field").asText(), r.out());
    assertEquals(
        0,
        res.get("line-7").path("attempts").findValues("accepted").stream()
            .filter(JsonNode::asBoolean)
            .count(),
        "refused while planning, nothing sent");

    // Resumed once finished: nothing is sent, every result is there once, from the journal.
    CliRun again =
        batch(
            simulated(),
            "--resume",
            out.resolve(BatchCommand.JOURNAL).toString(),
            "--progress",
            "none",
            "--json");
    assertEquals(BatchCommand.PARTIAL, again.status(), again.err());
    JsonNode s2 = JSON.readTree(again.out());
    assertEquals(0, s2.path("submitted").asInt());
    assertEquals(2, s2.path("finishedEarlier").asInt());
    assertEquals(6, results(out).size());
    assertTrue(results(out).get("fox").path("earlierRun").asBoolean());
  }

  @Test
  void aLineWithNoTargetInABatchWithoutOneIsInvalidNamingTarget() throws Exception {
    Path requests =
        file(
            "{\"prompt\": \"a fox\", \"target\": [\"fal:flux-2\"]}",
            "{\"prompt\": \"a cat\"}",
            "{\"prompt\": \"a dog\", \"target\": \"nosuch:model\"}");
    Path out = dir.resolve("out");

    CliRun r =
        batch(simulated(), "--out", out.toString(), "--progress", "none", requests.toString());

    assertEquals(BatchCommand.PARTIAL, r.status(), r.err() + r.out());
    Map<String, JsonNode> res = results(out);
    assertEquals("OK", res.get("line-1").path("status").asText());
    assertEquals("target", res.get("line-2").path("error").path("field").asText());
    assertEquals("target", res.get("line-3").path("error").path("field").asText());
    assertTrue(r.out().contains("1 ok"), r.out());
  }

  @Test
  void anOutputFolderThatCannotBeUsedExitsTwoBeforeAnythingIsSetUpOrSent() throws Exception {
    Path requests = file("{\"prompt\": \"a fox\"}");
    Path afile = Files.writeString(dir.resolve("afile"), "x");

    for (Path out : List.of(afile, afile.resolve("sub"))) {
      CliRun r =
          batch(
              untouchable(),
              "--target",
              "fal:flux-2",
              "--out",
              out.toString(),
              requests.toString());
      assertEquals(2, r.status(), r.err());
      assertTrue(r.err().contains("out: "), r.err());
    }
    CliRun j =
        batch(
            untouchable(),
            "--target",
            "fal:flux-2",
            "--out",
            dir.resolve("ok").toString(),
            "--journal",
            afile.resolve("journal.jsonl").toString(),
            requests.toString());
    assertEquals(2, j.status(), j.err());
    assertTrue(j.err().contains("journal: "), j.err());
  }

  @Test
  void anExistingJournalIsNeverStartedOverAndResumeTakesNothingItFixes() throws Exception {
    Path requests = file("{\"prompt\": \"a fox\"}");
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve(BatchCommand.JOURNAL), "{}\n");

    CliRun r =
        batch(
            untouchable(), "--target", "fal:flux-2", "--out", out.toString(), requests.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--resume"), r.err());

    CliRun both =
        batch(
            untouchable(),
            "--resume",
            out.resolve(BatchCommand.JOURNAL).toString(),
            "--target",
            "fal:flux-2");
    assertEquals(2, both.status());
    assertTrue(both.err().contains("the journal fixes --target"), both.err());

    CliRun notAJournal =
        batch(simulated(), "--resume", out.resolve(BatchCommand.JOURNAL).toString());
    assertEquals(2, notAJournal.status());
    assertTrue(notAJournal.err().contains("not a genport batch journal"), notAJournal.err());

    CliRun neither = batch(untouchable(), "--target", "fal:flux-2");
    assertEquals(2, neither.status());
    assertFalse(neither.err().contains("internal error"), neither.err());
  }

  @Test
  void badOptionsExitTwo() throws Exception {
    Path requests = file("{\"prompt\": \"a fox\"}");
    assertEquals(
        2,
        batch(untouchable(), "--concurrency", "0", "--target", "fal:flux-2", requests.toString())
            .status());
    assertEquals(
        2,
        batch(untouchable(), "--deadline", "soon", "--target", "fal:flux-2", requests.toString())
            .status());
    assertEquals(
        2,
        batch(untouchable(), "--target", "fal:flux-2", dir.resolve("none.jsonl").toString())
            .status());
  }

  @Test
  void durationsReadAsTheConfigurationFileReadsThem() {
    assertEquals(java.time.Duration.ofSeconds(90), BatchCommand.duration("90s"));
    assertEquals(java.time.Duration.ofMinutes(2), BatchCommand.duration("2m"));
    assertEquals(java.time.Duration.ofMillis(500), BatchCommand.duration("0.5"));
    assertEquals(java.time.Duration.ofSeconds(30), BatchCommand.duration("PT30S"));
    assertEquals(null, BatchCommand.duration(null));
  }
}
