package io.genport.simulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.genport.simulators.fal.FalSimulator;
import io.genport.simulators.replicate.ReplicateSimulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What serving the simulators to other programs needs: known ports, one job timing for all, and
 * status lines with reason phrases (the JDK's server leaves some out).
 */
class SimulatorServingTest {

  /** The status line a raw HTTP/1.1 request gets. */
  private static String statusLine(URI base, String method, String path) throws IOException {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(
          (method
                  + " "
                  + path
                  + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new BufferedReader(
              new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
    }
  }

  @Test
  void everyErrorStatusCarriesItsReasonPhrase() throws Exception {
    try (FalSimulator fal = FalSimulator.builder().start()) {
      for (int status : List.of(400, 401, 402, 404, 409, 422, 429, 500, 503)) {
        fal.faults().on(Endpoint.any()).inject(Fault.status(status));
        String line = statusLine(fal.syncBaseUri(), "POST", "/fal-ai/flux/dev");
        assertEquals(
            status, Integer.parseInt(line.substring(9, 12)), "the injected status: " + line);
        String phrase = line.substring(13);
        assertEquals(
            java.util.Map.of(
                    400, "Bad Request",
                    401, "Unauthorized",
                    402, "Payment Required",
                    404, "Not Found",
                    409, "Conflict",
                    422, "Unprocessable Entity",
                    429, "Too Many Requests",
                    500, "Internal Server Error",
                    503, "Service Unavailable")
                .get(status),
            phrase,
            line);
      }
    }
  }

  @Test
  void reasonPhrasesAreAddedOnlyToBareStatusLines() {
    byte[] bare = "HTTP/1.1 429 \r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] fine = "HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    assertEquals(
        "HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n",
        new String(ReasonPhrases.complete(bare, bare.length), StandardCharsets.US_ASCII));
    assertEquals(null, ReasonPhrases.complete(fine, fine.length));
    assertEquals("Status 499", ReasonPhrases.of(499));
  }

  @Test
  void portBasePutsTheHostsOnConsecutivePortsFromIt() throws Exception {
    int base = freeRange(3);
    try (FalSimulator fal =
        FalSimulator.builder().options(SimulatorOptions.defaults().withPortBase(base)).start()) {
      assertEquals(base, fal.syncBaseUri().getPort());
      assertEquals(base + 1, fal.queueBaseUri().getPort());
      assertEquals(base + 2, fal.mediaBaseUri().getPort());
      assertEquals(
          "HTTP/1.1 401 Unauthorized", statusLine(fal.syncBaseUri(), "POST", "/fal-ai/flux/dev"));
    }
    assertThrows(
        IllegalArgumentException.class, () -> SimulatorOptions.defaults().withPortBase(70_000));
  }

  @Test
  void theOptionsJobTimingOverridesTheSimulatorsOwn() throws Exception {
    SimulatorOptions instant =
        SimulatorOptions.defaults()
            .withJobTiming(JobTiming.durations(Duration.ZERO, Duration.ZERO));

    String withOverride = firstStatusSeen(instant);
    String withoutOverride = firstStatusSeen(SimulatorOptions.defaults());

    assertEquals("succeeded", withOverride);
    assertEquals("starting", withoutOverride, "the builder's own polls(5, 5)");
  }

  /** The status the first GET of a new prediction sees, on a simulator built with polls(5, 5). */
  private static String firstStatusSeen(SimulatorOptions options) throws Exception {
    TestHttp http = new TestHttp();
    try (ReplicateSimulator sim =
        ReplicateSimulator.builder().jobTiming(JobTiming.polls(5, 5)).options(options).start()) {
      String auth = "Bearer " + ReplicateSimulator.DEFAULT_TOKEN;
      String id =
          TestHttp.json(
                  http.sendAuthorized(
                      "POST",
                      URI.create(sim.baseUri() + "/v1/models/a/b/predictions"),
                      auth,
                      "{\"input\":{\"prompt\":\"p\"}}"))
              .get("id")
              .asText();
      return TestHttp.json(
              http.sendAuthorized(
                  "GET", URI.create(sim.baseUri() + "/v1/predictions/" + id), auth, null))
          .get("status")
          .asText();
    }
  }

  /**
   * A start port with {@code n} free ports from it, below Linux's ephemeral range (32768 and up),
   * so that no client socket of a concurrent test takes one between the probe and the bind.
   */
  private static int freeRange(int n) {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int start = 20_000 + random.nextInt(10_000);
      boolean free = true;
      for (int p = start; p < start + n && free; p++) {
        try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
          free = s.isBound();
        } catch (IOException taken) {
          free = false;
        }
      }
      if (free) {
        return start;
      }
    }
    throw new IllegalStateException("no " + n + " free ports found from 20000 to 30000");
  }
}
