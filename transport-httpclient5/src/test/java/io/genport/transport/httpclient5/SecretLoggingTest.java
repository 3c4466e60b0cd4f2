package io.genport.transport.httpclient5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.HttpTransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;

/**
 * No credential reaches a log: every logger, HttpClient's included, is captured at TRACE while
 * requests carrying a canary key succeed and fail in every way the transport knows; the canary must
 * appear zero times. HttpClient's clear-text header loggers make the transport refuse credentials
 * instead.
 */
class SecretLoggingTest {

  private static final String CANARY = "sk-CANARY-7f3a9b2e41d0";

  private TestServer server;
  private final List<Throwable> failures = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    CapturedLogs.reset();
    server = new TestServer();
  }

  @AfterEach
  void stop() {
    server.close();
    CapturedLogs.reset();
  }

  private static Map<String, String> credentials() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Authorization", "Bearer " + CANARY);
    h.put("x-api-key", CANARY);
    h.put("X-Goog-Api-Key", CANARY);
    h.put("X-Trace", "visible-trace-id");
    return h;
  }

  private static String everything(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  private void expectFailure(CompletableFuture<HttpResponse> f) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
    failures.add(e.getCause());
  }

  private void expectStreamFailure(HttpResponse response) throws IOException {
    try (response) {
      failures.add(
          assertThrows(HttpTransportException.class, () -> response.body().readAllBytes()));
    }
  }

  @Test
  void canaryNeverReachesAnyLogger() throws Exception {
    CapturedLogs.level("", Level.TRACE);
    // Off, as the package documentation requires; the wire logger stays at TRACE on purpose.
    CapturedLogs.level(HttpClient5Transport.HEADERS_LOGGER, Level.INFO);
    CapturedLogs.level(HttpClient5Transport.FRAME_PAYLOAD_LOGGER, Level.INFO);

    try (HttpClient5Transport t =
        new HttpClient5Transport(
            HttpClient5TransportTest.testSettings().withMaxResponseBytes(128 * 1024))) {
      // Success.
      try (HttpResponse r =
          t.send(HttpRequest.postJson(server.uri("/echo"), credentials(), "{}"))
              .get(10, TimeUnit.SECONDS)) {
        assertEquals(200, r.status());
        r.body().readAllBytes();
      }
      // Response timeout after sending.
      expectFailure(
          t.send(
              new HttpRequest(
                  "GET", server.uri("/slow"), credentials(), null, Duration.ofMillis(200))));
      // Refused connection.
      URI closed;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        closed = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/x");
      }
      expectFailure(t.send(HttpRequest.get(closed, credentials())));
      // Body over the cap.
      expectStreamFailure(
          t.send(HttpRequest.get(server.uri("/chunked-bytes?n=1000000"), credentials()))
              .get(10, TimeUnit.SECONDS));
      // Early close.
      t.send(HttpRequest.get(server.uri("/endless"), credentials()))
          .get(10, TimeUnit.SECONDS)
          .close();
      // Reset mid-body.
      try (RawServer raw = new RawServer(true)) {
        HttpResponse r =
            t.send(HttpRequest.get(raw.uri(), credentials())).get(10, TimeUnit.SECONDS);
        InputStream body = r.body();
        body.read();
        raw.cut.countDown();
        expectStreamFailure(r);
      }
      HttpClient5TransportTest.assertNoLeak(t);
    }

    assertEquals("Bearer " + CANARY, server.received.get(0).headers().getFirst("Authorization"));
    assertEquals(4, failures.size());
    for (Throwable f : failures) {
      assertFalse(everything(f).contains(CANARY), everything(f));
    }
    List<CapturedLogs.Event> events = CapturedLogs.events();
    assertTrue(
        events.stream()
            .anyMatch(e -> e.logger().startsWith("io.genport") && e.text().contains("<redacted>")),
        "our DEBUG line with redacted headers");
    assertTrue(
        events.stream().anyMatch(e -> e.logger().startsWith("org.apache.hc.client5")),
        "HttpClient's own DEBUG output was captured");
    assertTrue(
        events.stream().noneMatch(e -> e.logger().equals(HttpClient5Transport.WIRE_LOGGER)),
        "the wire logger is never installed");
    assertEquals(0, CapturedLogs.occurrences(CANARY));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {HttpClient5Transport.HEADERS_LOGGER, HttpClient5Transport.FRAME_PAYLOAD_LOGGER})
  void credentialsAreRefusedWhileAClearTextLoggerIsOn(String logger) throws Exception {
    CapturedLogs.level(logger, Level.DEBUG);
    CapturedLogs.level("io.genport", Level.DEBUG);

    try (HttpClient5Transport t =
        new HttpClient5Transport(HttpClient5TransportTest.testSettings())) {
      assertTrue(
          CapturedLogs.events().stream()
              .anyMatch(e -> e.level() == Level.WARN && e.text().contains(logger)),
          "the constructor warns once");

      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () ->
                  t.send(HttpRequest.get(server.uri("/echo"), credentials()))
                      .get(10, TimeUnit.SECONDS));
      IllegalStateException refused = assertInstanceOf(IllegalStateException.class, e.getCause());
      assertTrue(refused.getMessage().contains(logger), refused.getMessage());
      assertTrue(server.received.isEmpty(), "nothing was sent");

      // Without credentials the logger is harmless and requests go through.
      try (HttpResponse r =
          t.send(HttpRequest.get(server.uri("/echo"), Map.of("X-Trace", "plain")))
              .get(10, TimeUnit.SECONDS)) {
        assertEquals(200, r.status());
      }
      HttpClient5TransportTest.assertNoLeak(t);
    }
    if (logger.equals(HttpClient5Transport.HEADERS_LOGGER)) {
      assertTrue(
          CapturedLogs.events().stream()
              .anyMatch(ev -> ev.logger().equals(logger) && ev.text().contains("X-Trace")),
          "the header logger really was printing headers");
    }
    assertEquals(0, CapturedLogs.occurrences(CANARY));
  }

  @Test
  void exceptionsQuotingACredentialAreScrubbed() {
    HttpRequest request =
        HttpRequest.get(URI.create("https://api.example/v1?key=abc"), credentials());
    IOException quoting =
        new IOException(
            "protocol error near 'Authorization: Bearer " + CANARY + "'",
            new SocketException("x-api-key=" + CANARY));

    HttpTransportException e =
        Failures.map(quoting, true, Failures.target(request), Failures.Secrets.of(request));

    assertFalse(everything(e).contains(CANARY), everything(e));
    assertTrue(e.getMessage().contains("<redacted>"), e.getMessage());
    assertTrue(e.requestSent());
    assertFalse(e.getMessage().contains("key=abc"), "the query is never echoed");
  }
}
