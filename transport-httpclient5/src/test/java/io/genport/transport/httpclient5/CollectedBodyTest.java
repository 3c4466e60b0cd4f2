package io.genport.transport.httpclient5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.spi.http.CollectableBody;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.HttpTransportException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bodies collected by the transport on its I/O threads ({@link CollectableBody}), the way the
 * provider toolkit and the downloader read answers: whole, cut at the caller's limit, failed when
 * the connection breaks; every time the connection is released.
 */
class CollectedBodyTest {
  private TestServer server;
  private HttpClient5Transport transport;

  @BeforeEach
  void start() throws IOException {
    server = new TestServer();
    transport = new HttpClient5Transport(HttpClient5TransportTest.testSettings());
  }

  @AfterEach
  void stop() {
    transport.close();
    server.close();
  }

  private HttpResponse get(String path) throws Exception {
    return transport.send(HttpRequest.get(server.uri(path), Map.of())).get(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/bytes", "/chunked-bytes"})
  void aLargeBodyIsCollectedWholeAndTheConnectionReleased(String path) throws Exception {
    int n = 3 * 1024 * 1024 + 17;
    HttpResponse response = get(path + "?n=" + n);
    assertInstanceOf(CollectableBody.class, response.body());

    byte[] body = response.readBodyAsync(Integer.MAX_VALUE).get(10, TimeUnit.SECONDS);

    assertEquals(n, body.length);
    for (int i = 0; i < n; i += 4099) {
      assertEquals(TestServer.byteAt(i), body[i], "byte " + i);
    }
    HttpClient5TransportTest.assertNoLeak(transport);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/bytes", "/chunked-bytes"})
  void aBodyPastTheLimitGivesTheLimitAndAbandonsTheExchange(String path) throws Exception {
    HttpResponse response = get(path + "?n=" + (4 * 1024 * 1024));

    byte[] body = response.readBodyAsync(100_000).get(10, TimeUnit.SECONDS);

    assertEquals(100_000, body.length);
    HttpClient5TransportTest.assertNoLeak(transport);
    // The transport is still usable.
    try (HttpResponse again = get("/echo")) {
      assertEquals(200, again.status());
    }
  }

  /**
   * Hundreds of collections in a row on one kept-alive connection, some started only after the read
   * window filled up: every one ends. (Granting credit from inside the data callback lost grants
   * here and stalled a body until the response timeout.)
   */
  @Test
  void collectionsInARowOnOneConnectionNeverStall() throws Exception {
    for (int i = 0; i < 200; i++) {
      boolean late = i % 3 == 1;
      byte[] body =
          transport
              .send(HttpRequest.get(server.uri("/bytes?n=262144"), Map.of()))
              .thenCompose(
                  r -> {
                    if (late) {
                      // The I/O thread fills the window and asks for capacity before collect().
                      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
                    }
                    return r.readBodyAsync(Integer.MAX_VALUE);
                  })
              .get(5, TimeUnit.SECONDS);
      assertEquals(262144, body.length, "collection " + i);
    }
    HttpClient5TransportTest.assertNoLeak(transport);
  }

  @Test
  void aConnectionCutMidBodyFailsTheCollection() throws Exception {
    try (RawServer raw = new RawServer(true)) {
      HttpResponse response =
          transport.send(HttpRequest.get(raw.uri(), Map.of())).get(10, TimeUnit.SECONDS);
      var collected = response.readBodyAsync(Integer.MAX_VALUE);
      raw.cut.countDown();

      ExecutionException e =
          assertThrows(ExecutionException.class, () -> collected.get(10, TimeUnit.SECONDS));

      HttpTransportException t = assertInstanceOf(HttpTransportException.class, e.getCause());
      assertTrue(t.requestSent());
    }
    HttpClient5TransportTest.assertNoLeak(transport);
  }

  @Test
  void aCollectedBodyCannotBeCollectedTwiceNorReadAfterwards() throws Exception {
    HttpResponse response = get("/bytes?n=1000");
    CollectableBody body = (CollectableBody) response.body();
    byte[] got = body.collect(2000).get(10, TimeUnit.SECONDS);
    assertEquals(1000, got.length);
    assertThrows(IllegalStateException.class, () -> body.collect(2000));
    response.close();
    HttpClient5TransportTest.assertNoLeak(transport);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/bytes", "/chunked-bytes"})
  void aStreamedBodyKeepsItsBytesInOrderThroughReusedChunks(String path) throws Exception {
    int n = 2 * 1024 * 1024 + 5;
    try (HttpResponse response = get(path + "?n=" + n)) {
      byte[] small = new byte[777];
      long at = 0;
      for (int k = response.body().read(small); k >= 0; k = response.body().read(small)) {
        for (int i = 0; i < k; i++) {
          assertEquals(TestServer.byteAt(at + i), small[i], "byte " + (at + i));
        }
        at += k;
      }
      assertEquals(n, at);
    }
    HttpClient5TransportTest.assertNoLeak(transport);
  }
}
