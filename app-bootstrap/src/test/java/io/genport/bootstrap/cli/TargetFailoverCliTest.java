package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.bootstrap.BootstrapSettings;
import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.simulation.EmbeddedSimulators;
import io.genport.spi.Credentials;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genport generate} over a route of two real providers, each pointed at its simulator and
 * used for real (fal is configured, so nothing is simulated on the command's side): when the first
 * target cannot serve, fal serves, and the summary lists every target tried and why it was left.
 */
class TargetFailoverCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPLICATE = "replicate:black-forest-labs/flux-schnell";
  private static final String WRONG_TOKEN = "r8_wrong0token0that0must0never0be0printed00";

  @TempDir Path dir;

  private EmbeddedSimulators sims;

  @BeforeEach
  void start() {
    sims =
        EmbeddedSimulators.discover(getClass().getClassLoader()).start(Set.of("replicate", "fal"));
  }

  @AfterEach
  void stop() {
    sims.close();
  }

  /** Runs with the simulators' addresses and {@code credentials}; captures System.err too. */
  private Run generate(Map<String, String> credentials, String... args) {
    return run(true, credentials, args);
  }

  private Run run(boolean json, Map<String, String> credentials, String... args) {
    BootstrapSettings settings =
        new BootstrapSettings(
            sims.environment(), Credentials.fromMap(credentials), getClass().getClassLoader());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all =
        Stream.concat(
                Stream.of("generate", "--out", dir.resolve("out").toString()),
                Stream.concat(json ? Stream.of("--json") : Stream.empty(), Stream.of(args)))
            .toArray(String[]::new);
    // The router's WARN goes through slf4j-simple to System.err.
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream original = System.err;
    int status;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      status =
          GenportCommand.execute(
              Launcher.of(settings), new PrintWriter(out), new PrintWriter(err), all);
    } finally {
      System.setErr(original);
    }
    return new Run(
        new CliRun(status, out.toString(), err.toString()), log.toString(StandardCharsets.UTF_8));
  }

  private record Run(CliRun cli, String log) {}

  private Map<String, String> credentials(String replicateToken) {
    Map<String, String> c = new LinkedHashMap<>(sims.credentials());
    if (replicateToken == null) {
      c.remove("REPLICATE_API_TOKEN");
    } else {
      c.put("REPLICATE_API_TOKEN", replicateToken);
    }
    return c;
  }

  @Test
  void withoutAReplicateTokenTheRouteMovesOnToFalAtOnce() throws Exception {
    Run r = generate(credentials(null), "--target", REPLICATE, "--target", "fal:flux-2", "a fox");

    assertEquals(0, r.cli().status(), r.cli().err());
    assertFalse(r.cli().err().contains("embedded simulators"), "fal is used for real");
    JsonNode s = JSON.readTree(r.cli().out());
    assertEquals("fal:flux-2", s.path("target").asText());
    assertEquals(1, s.path("images").size());

    JsonNode tried = s.path("tried");
    assertEquals(2, tried.size(), tried.toString());
    JsonNode replicate = tried.get(0);
    assertEquals(REPLICATE, replicate.path("target").asText());
    assertFalse(replicate.path("served").asBoolean());
    assertEquals("NO_CREDENTIAL", replicate.path("reason").asText());
    assertEquals("no credential configured", replicate.path("left").asText());
    assertTrue(
        replicate.path("message").asText().contains("REPLICATE_API_TOKEN"), replicate.toString());
    assertEquals("fal:flux-2", tried.get(1).path("target").asText());
    assertTrue(tried.get(1).path("served").asBoolean());

    JsonNode first = s.path("attempts").get(0);
    assertEquals("FAILED", first.path("outcome").asText());
    assertEquals("TARGET_UNAVAILABLE", first.path("kind").asText());
    assertEquals(1, countAttemptsOn(s, REPLICATE), "no retry on a target without a credential");
    assertTrue(r.cli().err().contains("failing over to fal:flux-2"), r.cli().err());
    assertTrue(r.log().contains("WARN"), "logged at WARN: " + r.log());
    assertTrue(r.log().contains(REPLICATE + " cannot serve"), r.log());
  }

  @Test
  void aRefusedTokenIsLeftTooAndNoSecretIsPrinted() throws Exception {
    Run r =
        generate(
            credentials(WRONG_TOKEN), "--target", REPLICATE, "--target", "fal:flux-2", "a fox");

    assertEquals(0, r.cli().status(), r.cli().err());
    JsonNode s = JSON.readTree(r.cli().out());
    assertEquals("fal:flux-2", s.path("target").asText());
    JsonNode replicate = s.path("tried").get(0);
    assertEquals("CREDENTIAL_REFUSED", replicate.path("reason").asText(), replicate.toString());
    assertTrue(replicate.path("message").asText().contains("401"), replicate.toString());
    assertEquals(1, countAttemptsOn(s, REPLICATE), "a 401 is not retried");
    String everything = r.cli().out() + r.cli().err() + r.log();
    assertFalse(everything.contains(WRONG_TOKEN), "the token is never printed");
    for (String secret : sims.credentials().values()) {
      assertFalse(everything.contains(secret), "no simulator credential is printed");
    }
    assertTrue(r.log().contains("WARN"), r.log());
  }

  @Test
  void whenNoTargetCanServeTheTextSummaryNamesEachAndWhy() {
    Map<String, String> wrongFal = credentials(null);
    wrongFal.put("FAL_KEY", "fal-wrong-key:nope");

    Run r = run(false, wrongFal, "--target", REPLICATE, "--target", "fal:flux-2", "a fox");

    assertEquals(1, r.cli().status(), r.cli().err());
    String out = r.cli().out();
    assertTrue(out.startsWith("no target produced images\n"), out);
    assertTrue(
        out.contains(
            "  left " + REPLICATE + " (no credential configured): no Replicate credential"),
        out);
    assertTrue(out.contains("  failed on fal:flux-2: NOT_RETRYABLE"), out);
    assertTrue(out.contains("HTTP 401"), out);
    assertFalse(out.contains("fal-wrong-key"), out);
  }

  private static int countAttemptsOn(JsonNode summary, String target) {
    int n = 0;
    for (JsonNode a : summary.path("attempts")) {
      if (a.path("target").asText().equals(target)) {
        n++;
      }
    }
    return n;
  }
}
