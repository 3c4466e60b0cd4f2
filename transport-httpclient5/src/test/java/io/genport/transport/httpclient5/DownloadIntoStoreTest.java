package io.genport.transport.httpclient5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.RetryableProviderException;
import io.genport.spi.download.DownloadPolicy;
import io.genport.spi.download.DownloadedImage;
import io.genport.spi.download.ImageStore;
import io.genport.spi.download.ResultDownloader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The downloader over the real transport into a directory store: a large image streamed from a
 * loopback server straight into a file, and the failures that must leave no partial file behind.
 */
class DownloadIntoStoreTest {
  private static final int IMAGE_BYTES = 30 * 1024 * 1024;

  private HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private HttpClient5Transport transport;
  private final AtomicInteger brokenRequests = new AtomicInteger();
  @TempDir Path dir;

  /** Byte {@code i} of the served image: a 640x480 PNG header, then a pattern. */
  static byte imageByte(long i) {
    byte[] head = PNG_HEAD;
    return i < head.length ? head[(int) i] : (byte) (i * 31 + (i >>> 11));
  }

  private static final byte[] PNG_HEAD = {
    (byte) 0x89,
    'P',
    'N',
    'G',
    '\r',
    '\n',
    0x1a,
    '\n',
    0,
    0,
    0,
    13,
    'I',
    'H',
    'D',
    'R',
    0,
    0,
    2,
    (byte) 0x80,
    0,
    0,
    1,
    (byte) 0xe0,
    8,
    2,
    0,
    0,
    0
  };

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(executor);
    server.createContext("/image", ex -> serve(ex, IMAGE_BYTES, false, IMAGE_BYTES));
    server.createContext("/chunked-image", ex -> serve(ex, IMAGE_BYTES, true, IMAGE_BYTES));
    // The first request breaks off after 2 MiB of a declared 30 MiB; the next ones are whole.
    server.createContext(
        "/broken-once",
        ex ->
            serve(
                ex,
                IMAGE_BYTES,
                false,
                brokenRequests.getAndIncrement() == 0 ? 2 * 1024 * 1024 : IMAGE_BYTES));
    server.start();
    transport = new HttpClient5Transport(HttpClient5TransportTest.testSettings());
  }

  @AfterEach
  void stop() {
    transport.close();
    server.stop(0);
    executor.shutdownNow();
  }

  private static void serve(HttpExchange ex, long length, boolean chunked, long sendOnly)
      throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      in.readAllBytes();
    }
    ex.getResponseHeaders().add("Content-Type", "image/png");
    ex.sendResponseHeaders(200, chunked ? 0 : length);
    OutputStream out = ex.getResponseBody();
    byte[] buf = new byte[64 * 1024];
    long at = 0;
    try {
      while (at < sendOnly) {
        int n = (int) Math.min(buf.length, sendOnly - at);
        for (int i = 0; i < n; i++) {
          buf[i] = imageByte(at + i);
        }
        out.write(buf, 0, n);
        at += n;
      }
      out.flush();
    } catch (IOException e) {
      // The client abandoned the body (an oversize image): nothing more to send.
    }
    if (sendOnly < length) {
      // The JDK server closes the connection when a handler fails: the body ends short.
      throw new IOException("breaking the body off after " + sendOnly + " bytes");
    }
    ex.close();
  }

  private ResultDownloader downloader(long maxBytes) {
    DownloadPolicy policy =
        new DownloadPolicy(
            Set.of(InetAddress.getLoopbackAddress().getHostAddress()),
            3,
            maxBytes,
            DownloadPolicy.Resolver.SYSTEM);
    return new ResultDownloader(transport, policy, "download-allow", ImageStore.directory(dir));
  }

  private String url(String path) {
    return "http://"
        + InetAddress.getLoopbackAddress().getHostAddress()
        + ":"
        + server.getAddress().getPort()
        + path;
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/image", "/chunked-image"})
  void aLargeImageIsStreamedIntoOneFileWithItsBytesInOrder(String path) throws Exception {
    DownloadedImage image =
        downloader(DownloadPolicy.DEFAULT_MAX_BYTES).fetch(url(path)).get(30, TimeUnit.SECONDS);

    assertEquals("image/png", image.mediaType());
    assertEquals(new PixelSize(640, 480), image.size());
    assertEquals(IMAGE_BYTES, image.length());
    Path file = image.source().file().orElseThrow();
    assertEquals(List.of(file), files(), "only the finished image, no partial file");
    assertTrue(file.getFileName().toString().endsWith(".png"), file.toString());
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      long at = 0;
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        for (int i = 0; i < n; i++) {
          if (buf[i] != imageByte(at + i)) {
            assertEquals(imageByte(at + i), buf[i], "byte " + (at + i));
          }
        }
        at += n;
      }
      assertEquals(IMAGE_BYTES, at);
    }
    HttpClient5TransportTest.assertNoLeak(transport);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/image", "/chunked-image"})
  void anImagePastTheLimitIsRefusedAndLeavesNoFile(String path) throws Exception {
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> downloader(1024 * 1024).fetch(url(path)).get(30, TimeUnit.SECONDS));

    NonRetryableProviderException refused =
        assertInstanceOf(NonRetryableProviderException.class, e.getCause());
    assertTrue(
        refused.getMessage().contains("larger than the 1048576-byte limit"), refused.getMessage());
    assertEquals(List.of(), files());
    HttpClient5TransportTest.assertNoLeak(transport);
  }

  @Test
  void aDownloadBrokenMidBodyLeavesNoFileAndTheNextAttemptDownloadsAgain() throws Exception {
    ResultDownloader downloader = downloader(DownloadPolicy.DEFAULT_MAX_BYTES);

    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> downloader.fetch(url("/broken-once")).get(30, TimeUnit.SECONDS));

    RetryableProviderException failed =
        assertInstanceOf(RetryableProviderException.class, e.getCause());
    assertTrue(failed.getMessage().contains("failed mid-body"), failed.getMessage());
    assertEquals(List.of(), files());

    DownloadedImage image = downloader.fetch(url("/broken-once")).get(30, TimeUnit.SECONDS);
    assertEquals(IMAGE_BYTES, Files.size(image.source().file().orElseThrow()));
    assertEquals(List.of(image.source().file().orElseThrow()), files());
    assertEquals(2, brokenRequests.get());
    HttpClient5TransportTest.assertNoLeak(transport);
  }
}
