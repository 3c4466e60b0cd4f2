package io.genport.transport.httpclient5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.HttpTransportException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

/**
 * The adapter against loopback servers. Every scenario ends by asserting that no connection is left
 * leased. Timeouts are a few hundred milliseconds; nothing asserts on elapsed time.
 */
class HttpClient5TransportTest {

  private static final long CAP = 64 * 1024;

  private TestServer server;
  private HttpClient5Transport transport;

  static HttpClient5Settings testSettings() {
    return HttpClient5Settings.defaults()
        .withConnectTimeout(Duration.ofSeconds(2))
        .withResponseTimeout(Duration.ofSeconds(5))
        .withPoolWaitTimeout(Duration.ofSeconds(2))
        .withIoThreads(2);
  }

  @BeforeEach
  void start() throws IOException {
    CapturedLogs.reset();
    server = new TestServer();
    transport = new HttpClient5Transport(testSettings());
  }

  @AfterEach
  void stop() {
    transport.close();
    server.close();
  }

  /** Waits (bounded) for the pool to settle, then asserts that nothing is leased or waiting. */
  static void assertNoLeak(HttpClient5Transport t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    HttpClient5Transport.PoolStats s = t.poolStats();
    while ((s.leased() > 0 || s.pending() > 0) && System.nanoTime() < deadline) {
      Thread.sleep(5);
      s = t.poolStats();
    }
    assertEquals(0, s.leased(), "leased connections: " + s);
    assertEquals(0, s.pending(), "pending requests: " + s);
  }

  static HttpTransportException failure(CompletableFuture<HttpResponse> f) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
    return assertInstanceOf(HttpTransportException.class, e.getCause());
  }

  @Test
  void postRoundTripCarriesHeadersAndBody() throws Exception {
    String json = "{\"prompt\":\"a red fox\"}";
    HttpRequest request =
        HttpRequest.postJson(
            server.uri("/echo"),
            Map.of("X-Trace", "t-1", "Authorization", "Bearer sk-test-123"),
            json);

    try (HttpResponse response = transport.send(request).get(10, TimeUnit.SECONDS)) {
      assertEquals(200, response.status());
      assertEquals("t-1", response.header("x-echo-trace"));
      assertEquals("POST", response.header("X-Echo-Method"));
      assertEquals(List.of("a", "b"), response.headers().get("x-multi"));
      assertEquals(json, new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
    }

    TestServer.Received r = server.received.get(0);
    assertEquals("POST", r.method());
    assertEquals("Bearer sk-test-123", r.headers().getFirst("Authorization"));
    assertEquals("application/json", r.headers().getFirst("Content-Type"));
    assertEquals(String.valueOf(json.length()), r.headers().getFirst("Content-Length"));
    assertTrue(r.headers().getFirst("User-Agent").startsWith("genport/"));
    assertNull(r.headers().getFirst("Cookie"));
    assertNoLeak(transport);
  }

  @Test
  void getRoundTripWithoutBody() throws Exception {
    try (HttpResponse response =
        transport.send(HttpRequest.get(server.uri("/echo"), Map.of())).get(10, TimeUnit.SECONDS)) {
      assertEquals(200, response.status());
      assertEquals("GET", response.header("X-Echo-Method"));
      assertEquals(-1, response.body().read());
    }
    assertEquals("GET", server.received.get(0).method());
    assertNoLeak(transport);
  }

  @Test
  void bodylessResponseEndsAtOnce() throws Exception {
    try (HttpResponse response =
        transport
            .send(HttpRequest.get(server.uri("/nocontent"), Map.of()))
            .get(10, TimeUnit.SECONDS)) {
      assertEquals(204, response.status());
      assertEquals(-1, response.body().read());
    }
    assertNoLeak(transport);
  }

  @Test
  void bodyIsReadableBeforeTheServerFinishesIt() throws Exception {
    HttpResponse response =
        transport.send(HttpRequest.get(server.uri("/stream"), Map.of())).get(10, TimeUnit.SECONDS);
    try (response) {
      InputStream body = response.body();
      // The server is parked on streamGate: these bytes can only come from a streamed body.
      assertArrayEquals(TestServer.FIRST, body.readNBytes(TestServer.FIRST.length));
      server.streamGate.countDown();
      assertArrayEquals(TestServer.SECOND, body.readAllBytes());
    }
    assertNoLeak(transport);
  }

  @Test
  void aDependentStageMayReadTheWholeBody() throws Exception {
    // Adapters parse responses in thenApply/thenCompose. If the future completed on an I/O
    // dispatcher, this blocking read would wait for the thread it runs on and never finish.
    int size = 4 * 1024 * 1024;
    byte[] body =
        transport
            .send(HttpRequest.get(server.uri("/bytes?n=" + size), Map.of()))
            .thenApply(r -> r.readBody(size))
            .get(10, TimeUnit.SECONDS);
    assertEquals(size, body.length);
    assertNoLeak(transport);
  }

  @Test
  void aStalledReaderHoldsBackAContentLengthBody() throws Exception {
    int size = 16 * 1024 * 1024;
    try (HttpResponse response =
        transport
            .send(HttpRequest.get(server.uri("/bytes?n=" + size), Map.of()))
            .get(10, TimeUnit.SECONDS)) {
      InputStream body = response.body();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (StreamingExchange.bufferedBytes(body) == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(200); // give a missing flow control the chance to show
      long buffered = StreamingExchange.bufferedBytes(body);

      assertTrue(buffered > 0 && buffered <= 256 * 1024, "buffered while stalled: " + buffered);
      assertEquals(size, body.readAllBytes().length);
    }
    assertNoLeak(transport);
  }

  @Test
  void responseTimeoutAfterTheRequestWasSentIsAmbiguous() throws Exception {
    HttpRequest request =
        new HttpRequest("GET", server.uri("/slow"), Map.of(), null, Duration.ofMillis(200));

    HttpTransportException e = failure(transport.send(request));

    assertTrue(e.requestSent());
    assertTrue(e.getMessage().contains("timed out"), e.getMessage());
    assertEquals(1, server.received.size());
    assertNoLeak(transport);
  }

  @Test
  void refusedConnectionWasNotSent() throws Exception {
    URI closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/nothing-here");
    }

    HttpTransportException e = failure(transport.send(HttpRequest.get(closed, Map.of())));

    assertFalse(e.requestSent());
    assertTrue(e.getMessage().contains("refused"), e.getMessage());
    assertNoLeak(transport);
  }

  @Test
  void poolWaitTimeoutWasNotSent() throws Exception {
    try (HttpClient5Transport one =
        new HttpClient5Transport(
            testSettings().withMaxConnections(1, 1).withPoolWaitTimeout(Duration.ofMillis(200)))) {
      HttpResponse holder =
          one.send(HttpRequest.get(server.uri("/stream"), Map.of())).get(10, TimeUnit.SECONDS);
      assertEquals(1, one.poolStats().leased());

      HttpTransportException e = failure(one.send(HttpRequest.get(server.uri("/echo"), Map.of())));

      assertFalse(e.requestSent());
      assertTrue(e.getMessage().contains("pooled connection"), e.getMessage());
      holder.close();
      assertNoLeak(one);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/bytes", "/chunked-bytes"})
  void bodyOverTheCapFailsTypedAndReleasesTheConnection(String path) throws Exception {
    try (HttpClient5Transport capped =
        new HttpClient5Transport(testSettings().withMaxResponseBytes(CAP))) {
      HttpResponse response =
          capped
              .send(HttpRequest.get(server.uri(path + "?n=" + (CAP * 16)), Map.of()))
              .get(10, TimeUnit.SECONDS);
      assertEquals(200, response.status());

      ResponseTooLargeException e =
          assertThrows(ResponseTooLargeException.class, () -> response.body().readAllBytes());

      assertEquals(CAP, e.maxBytes());
      assertTrue(e.requestSent());
      assertTrue(e.getMessage().contains(String.valueOf(CAP)), e.getMessage());
      response.close();
      assertNoLeak(capped);
    }
  }

  @Test
  void bodyExactlyAtTheCapIsAccepted() throws Exception {
    try (HttpClient5Transport capped =
        new HttpClient5Transport(testSettings().withMaxResponseBytes(CAP))) {
      try (HttpResponse response =
          capped
              .send(HttpRequest.get(server.uri("/chunked-bytes?n=" + CAP), Map.of()))
              .get(10, TimeUnit.SECONDS)) {
        assertEquals(CAP, response.body().readAllBytes().length);
      }
      assertNoLeak(capped);
    }
  }

  @ParameterizedTest(name = "reset={0}")
  @ValueSource(booleans = {true, false})
  void connectionCutMidBodyFailsTheStream(boolean reset) throws Exception {
    try (RawServer raw = new RawServer(reset)) {
      HttpResponse response =
          transport.send(HttpRequest.get(raw.uri(), Map.of())).get(10, TimeUnit.SECONDS);
      try (response) {
        assertEquals(200, response.status());
        InputStream body = response.body();
        assertTrue(body.read() >= 0, "the first body bytes arrive before the cut");
        raw.cut.countDown();

        HttpTransportException e =
            assertThrows(HttpTransportException.class, () -> body.readAllBytes());

        assertTrue(e.requestSent());
      }
    }
    assertNoLeak(transport);
  }

  @Test
  void closingEarlyCancelsTheExchangeAndFreesTheConnection() throws Exception {
    HttpResponse response =
        transport.send(HttpRequest.get(server.uri("/endless"), Map.of())).get(10, TimeUnit.SECONDS);
    assertEquals(100, response.body().readNBytes(100).length);
    assertEquals(1, transport.poolStats().leased());

    response.close();

    assertNoLeak(transport);
    assertThrows(IOException.class, () -> response.body().read());
    // The transport is still usable afterwards.
    try (HttpResponse again =
        transport.send(HttpRequest.get(server.uri("/echo"), Map.of())).get(10, TimeUnit.SECONDS)) {
      assertEquals(200, again.status());
    }
    assertNoLeak(transport);
  }

  @Test
  void cancellingTheFutureBeforeTheHeadFreesTheConnection() throws Exception {
    CompletableFuture<HttpResponse> f =
        transport.send(HttpRequest.get(server.uri("/slow"), Map.of()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (server.received.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(1, server.received.size());

    f.cancel(true);

    assertNoLeak(transport);
  }

  @Test
  void invalidRequestsAreRejectedBeforeSending() {
    assertThrows(
        IllegalArgumentException.class,
        () -> transport.send(HttpRequest.get(URI.create("ftp://example.com/x"), Map.of())));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                transport.send(
                    HttpRequest.get(URI.create("http://user:hunter22@example.com/x"), Map.of())));
    assertFalse(e.getMessage().contains("hunter22"), e.getMessage());
  }

  @Test
  void closedTransportFailsWithoutSending() throws Exception {
    transport.close();
    HttpTransportException e =
        failure(transport.send(HttpRequest.get(server.uri("/echo"), Map.of())));
    assertFalse(e.requestSent());
    assertTrue(server.received.isEmpty());
  }

  @Test
  void managedHeadersFromTheCallerAreNotForwarded() throws Exception {
    HttpRequest request =
        new HttpRequest(
            "POST",
            server.uri("/echo"),
            Map.of("Content-Length", "999", "Host", "evil.example", "Connection", "close"),
            "abc".getBytes(StandardCharsets.US_ASCII),
            null);
    try (HttpResponse response = transport.send(request).get(10, TimeUnit.SECONDS)) {
      assertEquals("abc", new String(response.body().readAllBytes(), StandardCharsets.US_ASCII));
    }
    TestServer.Received r = server.received.get(0);
    assertEquals("3", r.headers().getFirst("Content-Length"));
    assertFalse(r.headers().getFirst("Host").contains("evil"));
    assertNoLeak(transport);
  }
}
