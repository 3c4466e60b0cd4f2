package io.genport.simulators.fal;

import static io.genport.simulators.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.Endpoint;
import io.genport.simulators.Fault;
import io.genport.simulators.FaultRule;
import io.genport.simulators.Json;
import io.genport.simulators.RecordedRequest;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.TestHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FalFaultInjectionTest {
  private static final String KEY = FalSimulator.DEFAULT_KEY;
  private static final String BODY = "{\"prompt\":\"a fox\",\"seed\":1}";

  private FalSimulator fal;

  @BeforeEach
  void start() {
    fal = FalSimulator.builder().start();
  }

  @AfterEach
  void stop() {
    fal.close();
  }

  private URI submitUri() {
    return URI.create(fal.queueBaseUri() + "/fal-ai/flux/dev");
  }

  private URI runUri() {
    return URI.create(fal.syncBaseUri() + "/fal-ai/flux/dev");
  }

  @Test
  void statusWithRetryAfterReplacesTheSubmitAndCreatesNoJob() throws Exception {
    FaultRule rule = fal.faults().on(FalSimulator.SUBMIT).inject(FalFaults.rateLimited(2));
    TestHttp http = new TestHttp();
    HttpResponse<byte[]> first = http.post(submitUri(), KEY, BODY);
    assertEquals(429, first.statusCode());
    assertEquals("2", first.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(json(first).has("detail"));
    assertEquals(0, fal.jobsCreated());

    assertEquals(200, http.post(submitUri(), KEY, BODY).statusCode());
    assertEquals(2, fal.submitCount());
    assertEquals(1, fal.jobsCreated());
    assertEquals(1, rule.fired());
    assertFalse(rule.active());
    assertEquals("status 429", fal.requests().all().get(0).fault());
    assertNull(fal.requests().all().get(1).fault());
  }

  @Test
  void infrastructureErrorsHaveFalsShapeAndDoNotCountAsPolls() throws Exception {
    TestHttp http = new TestHttp();
    JsonNode receipt = json(http.post(submitUri(), KEY, BODY));
    fal.faults()
        .on(FalSimulator.STATUS)
        .times(2)
        .inject(FalFaults.infrastructure("runner_scheduling_failure"));
    URI status = URI.create(receipt.get("status_url").asText());
    for (int i = 0; i < 2; i++) {
      HttpResponse<byte[]> r = http.get(status, KEY);
      assertEquals(503, r.statusCode());
      assertEquals(
          "runner_scheduling_failure", r.headers().firstValue("X-Fal-Error-Type").orElseThrow());
      assertEquals("runner_scheduling_failure", json(r).get("error_type").asText());
      assertTrue(json(r).get("detail").isTextual());
      assertTrue(r.headers().firstValue("x-fal-request-id").isEmpty());
    }
    assertEquals(202, http.get(status, KEY).statusCode());
    assertEquals(1, fal.statusPolls(receipt.get("request_id").asText()));
  }

  @Test
  void resetBeforeBodyCreatesNoJob() throws Exception {
    fal.faults().on(FalSimulator.SUBMIT).inject(Fault.resetBeforeBody());
    assertThrows(IOException.class, () -> new TestHttp().post(submitUri(), KEY, BODY));
    assertEquals(1, fal.submitCount());
    assertEquals(0, fal.jobsCreated());
    RecordedRequest rec = fal.requests().last(FalSimulator.SUBMIT).orElseThrow();
    assertFalse(rec.bodyRead());
    assertEquals(0, rec.body().length);
    assertEquals("reset_before_body", rec.fault());
    // The next submit goes through.
    assertEquals(200, new TestHttp().post(submitUri(), KEY, BODY).statusCode());
    assertEquals(1, fal.jobsCreated());
  }

  @Test
  void resetAfterBodyCreatesTheJobButTheClientNeverLearnsIt() throws Exception {
    fal.faults().on(FalSimulator.SUBMIT).inject(Fault.resetAfterBody());
    assertThrows(IOException.class, () -> new TestHttp().post(submitUri(), KEY, BODY));
    assertEquals(1, fal.submitCount());
    assertEquals(1, fal.jobsCreated());
    RecordedRequest rec = fal.requests().last(FalSimulator.SUBMIT).orElseThrow();
    assertTrue(rec.bodyRead());
    assertEquals("a fox", rec.bodyJson().get("prompt").asText());
    assertEquals("a fox", fal.jobs().get(0).prompt().orElseThrow());
  }

  @Test
  void closeBeforeAndAfterBody() throws Exception {
    fal.faults().on(FalSimulator.SUBMIT).inject(Fault.closeBeforeBody());
    fal.faults().on(FalSimulator.SUBMIT).inject(Fault.closeAfterBody());
    assertThrows(IOException.class, () -> new TestHttp().post(submitUri(), KEY, BODY));
    assertEquals(0, fal.jobsCreated());
    assertThrows(IOException.class, () -> new TestHttp().post(submitUri(), KEY, BODY));
    assertEquals(1, fal.jobsCreated());
    assertEquals(2, fal.submitCount());
  }

  @Test
  void resetIsARealTcpResetAndCloseIsAnOrderlyClose() throws Exception {
    fal.faults().on(FalSimulator.RUN).inject(Fault.resetBeforeBody());
    RawResult reset = raw(fal.syncBaseUri(), "POST", "/fal-ai/flux/dev", BODY);
    assertNotNull(reset.error, "expected a reset, got " + reset.text());
    assertTrue(reset.error.getMessage().toLowerCase().contains("reset"), reset.error.toString());
    assertEquals(0, reset.bytes.length);

    fal.faults().on(FalSimulator.RUN).inject(Fault.closeAfterBody());
    RawResult closed = raw(fal.syncBaseUri(), "POST", "/fal-ai/flux/dev", BODY);
    assertNull(closed.error, String.valueOf(closed.error));
    assertEquals(0, closed.bytes.length);
    assertEquals(1, fal.syncRuns().size());
  }

  @Test
  void resetDuringResponseSendsTheHeadAndHalfTheBody() throws Exception {
    fal.faults().on(FalSimulator.RUN).inject(Fault.resetDuringResponse());
    RawResult r = raw(fal.syncBaseUri(), "POST", "/fal-ai/flux/dev", BODY);
    String text = r.text();
    assertTrue(text.startsWith("HTTP/1.1 200"), text);
    int declared = contentLength(text);
    int received = text.length() - text.indexOf("\r\n\r\n") - 4;
    assertTrue(received < declared, received + " of " + declared);

    fal.faults().on(FalSimulator.RUN).inject(Fault.resetDuringResponse());
    assertThrows(IOException.class, () -> new TestHttp().post(runUri(), KEY, BODY));
  }

  @Test
  void withoutTheTcpFrontResetsDegradeToCloses() throws Exception {
    try (FalSimulator plain =
        FalSimulator.builder().options(SimulatorOptions.defaults().withTcpFront(false)).start()) {
      plain.faults().on(FalSimulator.SUBMIT).inject(Fault.resetAfterBody());
      URI uri = URI.create(plain.queueBaseUri() + "/fal-ai/flux/dev");
      assertThrows(IOException.class, () -> new TestHttp().post(uri, KEY, BODY));
      assertEquals(1, plain.jobsCreated());
      assertEquals(200, new TestHttp().post(uri, KEY, BODY).statusCode());
    }
  }

  @Test
  void slowResponses() throws Exception {
    TestHttp http = new TestHttp();
    // Warm up, so the short client timeout below measures only the injected delay.
    assertEquals(200, http.post(runUri(), KEY, BODY).statusCode());
    fal.faults().on(FalSimulator.RUN).inject(Fault.delay(Duration.ofMillis(600)));
    assertThrows(
        HttpTimeoutException.class,
        () -> http.send("POST", runUri(), KEY, BODY, Duration.ofMillis(200)));
    // The server did the work all the same (the delay comes after the handler).
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (fal.syncRuns().size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(2, fal.syncRuns().size());

    fal.faults().on(FalSimulator.RUN).inject(Fault.delay(Duration.ofMillis(150)));
    long t0 = System.nanoTime();
    assertEquals(200, http.post(runUri(), KEY, BODY).statusCode());
    assertTrue(System.nanoTime() - t0 >= 150_000_000L);

    fal.faults()
        .on(FalSimulator.RUN)
        .inject(FalFaults.infrastructure("request_timeout").afterDelay(Duration.ofMillis(150)));
    t0 = System.nanoTime();
    assertEquals(504, http.post(runUri(), KEY, BODY).statusCode());
    assertTrue(System.nanoTime() - t0 >= 150_000_000L);
  }

  @Test
  void malformedJsonKeepsStatusAndCutsTheBody() throws Exception {
    TestHttp http = new TestHttp();
    String good = new String(http.post(runUri(), KEY, BODY).body(), StandardCharsets.UTF_8);
    fal.faults().on(FalSimulator.RUN).inject(Fault.malformedJson());
    HttpResponse<byte[]> bad = http.post(runUri(), KEY, BODY);
    assertEquals(200, bad.statusCode());
    assertEquals("application/json", bad.headers().firstValue("content-type").orElseThrow());
    assertTrue(bad.body().length < good.length());
    assertThrows(UncheckedIOException.class, () -> Json.parse(bad.body()));
  }

  @Test
  void probabilisticFaultsAreRepeatableForASeed() throws Exception {
    List<Integer> a = statuses(7);
    List<Integer> b = statuses(7);
    assertEquals(a, b);
    assertTrue(a.contains(503) && a.contains(200), a.toString());
  }

  private List<Integer> statuses(long seed) throws Exception {
    List<Integer> out = new ArrayList<>();
    try (FalSimulator sim = FalSimulator.builder().randomSeed(seed).start()) {
      sim.faults()
          .on(Endpoint.of("POST", "/fal-ai/**").onHost(FalSimulator.SYNC_HOST))
          .withProbability(0.5)
          .inject(Fault.status(503));
      TestHttp http = new TestHttp();
      URI uri = URI.create(sim.syncBaseUri() + "/fal-ai/flux/dev");
      for (int i = 0; i < 20; i++) {
        out.add(http.post(uri, KEY, BODY).statusCode());
      }
      assertEquals(out.stream().filter(s -> s == 503).count(), sim.faults().rules().get(0).fired());
    }
    return out;
  }

  @Test
  void skipLetsTheFirstRequestsThrough() throws Exception {
    fal.faults()
        .on(Endpoint.of("POST", "/fal-ai/flux/dev"))
        .skip(1)
        .times(2)
        .inject(Fault.status(500).withTextBody("boom"));
    TestHttp http = new TestHttp();
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      got.add(http.post(runUri(), KEY, BODY).statusCode());
    }
    assertEquals(List.of(200, 500, 500, 200), got);
    assertEquals(2, fal.faults().injectedCount());
  }

  // ---------------------------------------------------------------- raw socket helpers

  private static final class RawResult {
    final byte[] bytes;
    final IOException error;

    RawResult(byte[] bytes, IOException error) {
      this.bytes = bytes;
      this.error = error;
    }

    String text() {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  /** Sends one HTTP/1.1 request on a fresh socket and reads until EOF or an error. */
  private static RawResult raw(URI base, String method, String path, String body)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    String head =
        method
            + " "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Key "
            + KEY
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + b.length
            + "\r\nConnection: close\r\n\r\n";
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(5000);
      try {
        // A reset may already hit the writes, so they are inside the try as well.
        OutputStream out = s.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(b);
        out.flush();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
          got.write(buf, 0, n);
        }
      } catch (SocketException e) {
        return new RawResult(got.toByteArray(), e);
      }
    }
    return new RawResult(got.toByteArray(), null);
  }

  private static int contentLength(String response) {
    for (String line : response.substring(0, response.indexOf("\r\n\r\n")).split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    throw new AssertionError("no Content-Length in " + response);
  }
}
