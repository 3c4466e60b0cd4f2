package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.bootstrap.BootstrapSettings;
import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.simulation.SimulatorSession;
import io.genport.spi.Credentials;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genport simulators} serves the registered vendor simulators until it is stopped, and what
 * it prints is enough to use them: GenPort, configured with the printed variables as if they were
 * the vendors (no {@code --simulate}, no embedded simulators), generates against each of them.
 */
class SimulatorsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EXPORT = Pattern.compile("^  export ([A-Z0-9_]+)=(.*)$");

  /** A running {@code genport simulators} in a thread of this JVM. */
  private static final class Served implements AutoCloseable {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final CountDownLatch stop = new CountDownLatch(1);
    final AtomicInteger status = new AtomicInteger(-1);
    final Thread thread;

    Served(String... args) throws InterruptedException {
      BootstrapSettings settings =
          new BootstrapSettings(
              Map.of(), Credentials.none(), SimulatorsCommandTest.class.getClassLoader());
      thread =
          new Thread(
              () ->
                  status.set(
                      GenportCommand.commandLine(
                              Launcher.of(settings),
                              SimulatorSession.forOneCommand(),
                              stop::await,
                              new PrintWriter(out, true),
                              new PrintWriter(err, true))
                          .execute(args)));
      thread.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!out.toString().contains("serving (") && thread.isAlive()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the simulators did not come up: " + out + err);
        }
        Thread.sleep(20);
      }
      if (!thread.isAlive()) {
        throw new AssertionError("genport simulators ended (" + status + "): " + out + err);
      }
    }

    /** The printed variables, by vendor. */
    Map<String, Map<String, String>> variables() {
      Map<String, Map<String, String>> byVendor = new TreeMap<>();
      Map<String, String> current = null;
      for (String line : out.toString().split("\n")) {
        Matcher m = EXPORT.matcher(line);
        if (m.matches() && current != null) {
          current.put(m.group(1), m.group(2));
        } else if (!line.startsWith(" ") && !line.startsWith("#") && !line.isBlank()) {
          current = new LinkedHashMap<>();
          byVendor.put(line.substring(0, line.indexOf(' ')), current);
        }
      }
      return byVendor;
    }

    @Override
    public void close() {
      stop.countDown();
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while stopping the simulators", e);
      }
    }
  }

  @Test
  void servesEveryVendorAndGenportGeneratesAgainstEachWithThePrintedVariables(@TempDir Path dir)
      throws Exception {
    Map<String, String> targets =
        Map.of(
            "fal", "fal:flux-2",
            "replicate", "replicate:black-forest-labs/flux-schnell",
            "eachlabs", "eachlabs:flux-dev",
            "oxen", "oxen:flux-2-pro",
            "bedrock", "bedrock:amazon.nova-canvas-v1:0",
            "leonardo", "leonardo:phoenix-1.0");
    try (Served served = new Served("simulators", "--timing", "instant")) {
      Map<String, Map<String, String>> variables = served.variables();

      assertTrue(variables.keySet().containsAll(targets.keySet()), served.out.toString());
      assertTrue(variables.containsKey("cog"), "Cog is served too: " + variables.keySet());
      for (Map.Entry<String, String> t : targets.entrySet()) {
        Map<String, String> vars = new TreeMap<>(variables.get(t.getKey()));
        Map<String, String> genportEnv = new TreeMap<>();
        Map<String, String> credentials = new TreeMap<>();
        vars.forEach((k, v) -> (k.startsWith("GENPORT_") ? genportEnv : credentials).put(k, v));
        // Run as a user would with the printed variables: the vendor counts as configured.
        BootstrapSettings asUser =
            new BootstrapSettings(
                genportEnv,
                Credentials.fromMap(credentials),
                SimulatorsCommandTest.class.getClassLoader());
        CliRun r =
            CliRun.generateJson(
                asUser,
                dir.resolve(t.getKey()),
                "--target",
                t.getValue(),
                "--size",
                "1024x768",
                "a red fox in the snow");

        assertEquals(0, r.status(), t + ": " + r.err());
        JsonNode summary = JSON.readTree(r.out());
        assertFalse(summary.path("simulated").asBoolean(), "served, not embedded: " + t);
        assertEquals(1, summary.path("images").size(), t + ": " + r.out());
      }
      assertTrue(
          variables.get("replicate").containsKey("REPLICATE_BASE_URL"),
          "the SDK's variable: " + variables.get("replicate"));
      assertTrue(
          variables.get("bedrock").containsKey("AWS_ENDPOINT_URL_BEDROCK_RUNTIME"),
          "the SDK's variable: " + variables.get("bedrock"));
    }
  }

  @Test
  void realisticTimingOnAPortBaseAnswersReplicatesPreferWaitWithTheFinishedPrediction()
      throws Exception {
    int base = freePorts(2);
    try (Served served =
        new Served(
            "simulators",
            "--vendor",
            "replicate",
            "--port-base",
            Integer.toString(base),
            "--timing",
            "realistic")) {
      Map<String, String> vars = served.variables().get("replicate");
      URI api = URI.create(vars.get("REPLICATE_BASE_URL"));
      assertEquals(base, api.getPort(), served.out.toString());
      assertEquals(List.of("replicate"), List.copyOf(served.variables().keySet()));

      HttpResponse<String> created =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .build()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(api + "/v1/models/black-forest-labs/flux-schnell/predictions"))
                      .header("Authorization", "Bearer " + vars.get("REPLICATE_API_TOKEN"))
                      .header("Prefer", "wait=90")
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString("{\"input\":{\"prompt\":\"a fox\"}}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertEquals(201, created.statusCode(), created.body());
      assertEquals("wait=60", created.headers().firstValue("Preference-Applied").orElse(""));
      JsonNode prediction = JSON.readTree(created.body());
      assertEquals("succeeded", prediction.path("status").asText(), created.body());
      assertTrue(prediction.path("output").path(0).asText().startsWith("data:image/"));
    }
  }

  @Test
  void stopsWhenStoppedAndNamesAnUnknownVendor() throws Exception {
    Served served = new Served("simulators", "--vendor", "fal", "--timing", "instant");
    URI fal = URI.create(served.variables().get("fal").get("GENPORT_FAL_BASE_URL"));
    served.close();

    assertEquals(0, served.status.get(), served.err.toString());
    assertTrue(
        served.err.toString().contains("genport: simulators stopped"), served.err.toString());
    try (java.net.Socket s = new java.net.Socket()) {
      assertFalse(
          connects(s, fal), "the simulator's port is closed after the command ends: " + fal);
    }

    CliRun unknown = CliRun.run(() -> null, "simulators", "--vendor", "fall");
    assertEquals(2, unknown.status(), unknown.err());
    assertTrue(unknown.err().contains("--vendor: no simulator for 'fall'"), unknown.err());
    assertTrue(unknown.err().contains("fal"), unknown.err());

    CliRun noRoom = CliRun.run(() -> null, "simulators", "--port-base", "65530");
    assertEquals(2, noRoom.status(), noRoom.err());
    assertTrue(noRoom.err().contains("--port-base: 65530 leaves no room for"), noRoom.err());
  }

  /**
   * A start port with {@code n} free ports from it, below Linux's ephemeral range (32768 and up),
   * so that no client socket of a concurrent test takes one between the probe and the bind.
   */
  static int freePorts(int n) {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int start = 20_000 + random.nextInt(10_000);
      boolean free = true;
      for (int p = start; p < start + n && free; p++) {
        try (ServerSocket s = new ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
          free = s.isBound();
        } catch (java.io.IOException taken) {
          free = false;
        }
      }
      if (free) {
        return start;
      }
    }
    throw new IllegalStateException("no " + n + " free ports found from 20000 to 30000");
  }

  private static boolean connects(java.net.Socket s, URI uri) {
    try {
      s.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
      return true;
    } catch (java.io.IOException refused) {
      return false;
    }
  }
}
