package io.genport.transport.httpclient5;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP/1.1 server on an ephemeral port (the JDK's {@link HttpServer}) with the handlers
 * the transport tests need. Handlers that wait do so on latches with a bounded wait, so a failing
 * test cannot hang the build.
 */
final class TestServer implements AutoCloseable {

  /** What the server received. Header names are as the JDK normalises them. */
  record Received(String method, String path, Headers headers, byte[] body) {}

  static final byte[] FIRST = "first-chunk|".getBytes(StandardCharsets.US_ASCII);
  static final byte[] SECOND = "second-chunk".getBytes(StandardCharsets.US_ASCII);

  final CountDownLatch streamGate = new CountDownLatch(1);
  final CountDownLatch slowGate = new CountDownLatch(1);
  final List<Received> received = new CopyOnWriteArrayList<>();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();

  TestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(executor);
    server.createContext("/echo", this::echo);
    server.createContext("/stream", this::stream);
    server.createContext("/slow", this::slow);
    server.createContext("/bytes", this::bytes);
    server.createContext("/chunked-bytes", this::chunkedBytes);
    server.createContext("/endless", this::endless);
    server.createContext("/nocontent", this::noContent);
    server.start();
  }

  URI uri(String pathAndQuery) {
    return URI.create(
        "http://"
            + InetAddress.getLoopbackAddress().getHostAddress()
            + ":"
            + port()
            + pathAndQuery);
  }

  int port() {
    return server.getAddress().getPort();
  }

  private Received record(HttpExchange ex) throws IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    Received r =
        new Received(
            ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestHeaders(), body);
    received.add(r);
    return r;
  }

  private void echo(HttpExchange ex) throws IOException {
    Received r = record(ex);
    String trace = r.headers().getFirst("X-Trace");
    if (trace != null) {
      ex.getResponseHeaders().add("X-Echo-Trace", trace);
    }
    ex.getResponseHeaders().add("X-Echo-Method", r.method());
    ex.getResponseHeaders().add("X-Multi", "a");
    ex.getResponseHeaders().add("X-Multi", "b");
    ex.sendResponseHeaders(200, r.body().length == 0 ? -1 : r.body().length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(r.body());
    }
  }

  /** Sends FIRST, then waits for {@link #streamGate} before sending SECOND and the end. */
  private void stream(HttpExchange ex) throws IOException {
    record(ex);
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(FIRST);
      out.flush();
      await(streamGate);
      out.write(SECOND);
    } catch (IOException e) {
      // The client went away; expected in the early-close and pool tests.
    }
  }

  private void slow(HttpExchange ex) throws IOException {
    record(ex);
    await(slowGate);
    try {
      byte[] b = "late".getBytes(StandardCharsets.US_ASCII);
      ex.sendResponseHeaders(200, b.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    } catch (IOException e) {
      // The client timed out and closed the connection.
    }
  }

  /** {@code /bytes?n=N}: N bytes with a Content-Length. */
  private void bytes(HttpExchange ex) throws IOException {
    record(ex);
    int n = Integer.parseInt(ex.getRequestURI().getQuery().substring(2));
    try {
      ex.sendResponseHeaders(200, n);
      writeBytes(ex.getResponseBody(), n);
    } catch (IOException e) {
      // Aborted by the client's cap.
    } finally {
      ex.close();
    }
  }

  /**
   * {@code /chunked-bytes?n=N}: N bytes, chunked, so the client only learns the size by reading.
   */
  private void chunkedBytes(HttpExchange ex) throws IOException {
    record(ex);
    int n = Integer.parseInt(ex.getRequestURI().getQuery().substring(2));
    try {
      ex.sendResponseHeaders(200, 0);
      writeBytes(ex.getResponseBody(), n);
    } catch (IOException e) {
      // Aborted by the client's cap.
    } finally {
      ex.close();
    }
  }

  /** A chunked body that goes on until the client disconnects (bounded to 256 MiB). */
  private void endless(HttpExchange ex) throws IOException {
    record(ex);
    try {
      ex.sendResponseHeaders(200, 0);
      writeBytes(ex.getResponseBody(), 256 * 1024 * 1024);
    } catch (IOException e) {
      // Expected: the client closed early.
    } finally {
      ex.close();
    }
  }

  private void noContent(HttpExchange ex) throws IOException {
    record(ex);
    ex.sendResponseHeaders(204, -1);
    ex.close();
  }

  /**
   * The byte at {@code position} of every generated body: a period (251) prime to every buffer
   * size, so bytes that arrive out of order or twice show.
   */
  static byte byteAt(long position) {
    return (byte) (position % 251);
  }

  private static void writeBytes(OutputStream out, int n) throws IOException {
    byte[] chunk = new byte[8192];
    long written = 0;
    while (written < n) {
      int k = (int) Math.min(n - written, chunk.length);
      for (int i = 0; i < k; i++) {
        chunk[i] = byteAt(written + i);
      }
      out.write(chunk, 0, k);
      written += k;
    }
    out.close();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    streamGate.countDown();
    slowGate.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
