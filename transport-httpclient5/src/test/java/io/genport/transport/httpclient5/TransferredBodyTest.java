package io.genport.transport.httpclient5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.spi.http.CollectableBody;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.HttpTransportException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bodies written by the transport into a channel as they arrive ({@link CollectableBody#transfer}),
 * the way the downloader streams an image into a file: in order, cut at the caller's limit, failed
 * when the connection or the target breaks; every time the connection is released.
 */
class TransferredBodyTest {
  private TestServer server;
  private HttpClient5Transport transport;
  @TempDir Path dir;

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

  private FileChannel file() throws IOException {
    return FileChannel.open(
        dir.resolve("body"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  }

  private void assertFileHoldsTheBody(long n) throws IOException {
    byte[] got = Files.readAllBytes(dir.resolve("body"));
    assertEquals(n, got.length);
    for (int i = 0; i < n; i++) {
      if (got[i] != TestServer.byteAt(i)) {
        assertEquals(TestServer.byteAt(i), got[i], "byte " + i);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/bytes", "/chunked-bytes"})
  void aLargeBodyIsWrittenInOrderAndTheConnectionReleased(String path) throws Exception {
    int n = 5 * 1024 * 1024 + 13;
    HttpResponse response = get(path + "?n=" + n);
    assertInstanceOf(CollectableBody.class, response.body());

    try (FileChannel file = file()) {
      long written = response.transferBodyAsync(file, Long.MAX_VALUE).get(10, TimeUnit.SECONDS);
      assertEquals(n, written);
    }

    assertFileHoldsTheBody(n);
    HttpClient5TransportTest.assertNoLeak(transport);
  }

  /** Bytes that arrived before the transfer started are written first, in order. */
  @Test
  void aTransferStartedLateWritesTheQueuedBytesFirst() throws Exception {
    int n = 1024 * 1024 + 3;
    HttpResponse response = get("/bytes?n=" + n);
    // The I/O thread fills the read window before the transfer starts.
    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
    try (FileChannel file = file()) {
      assertEquals(n, response.transferBodyAsync(file, n + 1L).get(10, TimeUnit.SECONDS));
    }
    assertFileHoldsTheBody(n);
    HttpClient5TransportTest.assertNoLeak(transport);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/bytes", "/chunked-bytes"})
  void aBodyPastTheLimitWritesTheLimitAndAbandonsTheExchange(String path) throws Exception {
    HttpResponse response = get(path + "?n=" + (4 * 1024 * 1024));

    try (FileChannel file = file()) {
      assertEquals(100_001L, response.transferBodyAsync(file, 100_001).get(10, TimeUnit.SECONDS));
    }

    assertFileHoldsTheBody(100_001);
    HttpClient5TransportTest.assertNoLeak(transport);
    try (HttpResponse again = get("/echo")) {
      assertEquals(200, again.status());
    }
  }

  @Test
  void aFailingTargetFailsTheTransferWithItsErrorAndAbandonsTheExchange() throws Exception {
    HttpResponse response = get("/chunked-bytes?n=" + (4 * 1024 * 1024));
    IOException full = new IOException("disk full");
    WritableByteChannel target =
        new WritableByteChannel() {
          long written;

          @Override
          public int write(ByteBuffer src) throws IOException {
            if (written > 1024 * 1024) {
              throw full;
            }
            int n = src.remaining();
            src.position(src.limit());
            written += n;
            return n;
          }

          @Override
          public boolean isOpen() {
            return true;
          }

          @Override
          public void close() {}
        };

    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> response.transferBodyAsync(target, Long.MAX_VALUE).get(10, TimeUnit.SECONDS));

    assertSame(full, e.getCause());
    HttpClient5TransportTest.assertNoLeak(transport);
  }

  @Test
  void aConnectionCutMidBodyFailsTheTransfer() throws Exception {
    try (RawServer raw = new RawServer(true);
        FileChannel file = file()) {
      HttpResponse response =
          transport.send(HttpRequest.get(raw.uri(), Map.of())).get(10, TimeUnit.SECONDS);
      var transferred = response.transferBodyAsync(file, Long.MAX_VALUE);
      raw.cut.countDown();

      ExecutionException e =
          assertThrows(ExecutionException.class, () -> transferred.get(10, TimeUnit.SECONDS));

      HttpTransportException t = assertInstanceOf(HttpTransportException.class, e.getCause());
      assertTrue(t.requestSent());
    }
    HttpClient5TransportTest.assertNoLeak(transport);
  }

  @Test
  void aTransferredBodyCannotBeCollectedOrTransferredAgain() throws Exception {
    HttpResponse response = get("/bytes?n=1000");
    CollectableBody body = (CollectableBody) response.body();
    try (FileChannel file = file()) {
      assertEquals(1000L, body.transfer(file, 2000).get(10, TimeUnit.SECONDS));
      assertThrows(IllegalStateException.class, () -> body.transfer(file, 2000));
      assertThrows(IllegalStateException.class, () -> body.collect(2000));
    }
    response.close();
    HttpClient5TransportTest.assertNoLeak(transport);
  }
}
