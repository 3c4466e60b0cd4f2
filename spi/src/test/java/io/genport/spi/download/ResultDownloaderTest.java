package io.genport.spi.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.RetryableProviderException;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResultDownloaderTest {
  /** A 3x2 PNG header (enough for the probe). */
  static final byte[] PNG = png(3, 2);

  static byte[] png(int w, int h) {
    byte[] b = new byte[33];
    byte[] sig = {
      (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'
    };
    System.arraycopy(sig, 0, b, 0, sig.length);
    b[16] = (byte) (w >>> 24);
    b[17] = (byte) (w >>> 16);
    b[18] = (byte) (w >>> 8);
    b[19] = (byte) w;
    b[20] = (byte) (h >>> 24);
    b[21] = (byte) (h >>> 16);
    b[22] = (byte) (h >>> 8);
    b[23] = (byte) h;
    return b;
  }

  final List<HttpRequest> sent = new ArrayList<>();
  Function<HttpRequest, HttpResponse> server = r -> ok(PNG);

  static HttpResponse ok(byte[] body) {
    return new HttpResponse(200, Map.of(), new ByteArrayInputStream(body));
  }

  /** Resolves names as the test says; public by default. */
  static final DownloadPolicy.Resolver RESOLVER =
      host -> {
        switch (host) {
          case "internal.example":
            return new InetAddress[] {InetAddress.getByName("10.1.2.3")};
          case "rebind.example":
            return new InetAddress[] {
              InetAddress.getByName("93.184.216.34"), InetAddress.getByName("127.0.0.1")
            };
          case "nowhere.example":
            throw new UnknownHostException(host);
          default:
            if (Character.isDigit(host.charAt(0)) || host.contains(":")) {
              return new InetAddress[] {InetAddress.getByName(host)};
            }
            return new InetAddress[] {InetAddress.getByName("93.184.216.34")};
        }
      };

  ResultDownloader downloader(DownloadPolicy policy) {
    return new ResultDownloader(
        r -> {
          sent.add(r);
          return CompletableFuture.completedFuture(server.apply(r));
        },
        policy.withResolver(RESOLVER));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://cdn.example/a.png",
        "file:///etc/passwd",
        "ftp://cdn.example/a.png",
        "https://127.0.0.1/a.png",
        "https://127.1.2.3/a.png",
        "https://[::1]/a.png",
        "https://0.0.0.0/a.png",
        "https://10.0.0.1/a.png",
        "https://172.16.5.4/a.png",
        "https://192.168.1.1/a.png",
        "https://100.64.0.1/a.png",
        "https://169.254.169.254/latest/meta-data",
        "https://[fc00::1]/a.png",
        "https://[fe80::1]/a.png",
        "https://[::ffff:127.0.0.1]/a.png",
        "https://[::ffff:10.0.0.1]/a.png",
        "https://2130706433/a.png",
        "https://internal.example/a.png",
        "https://rebind.example/a.png",
        "https://cdn.example:8443/a.png",
        "https://user:pw@cdn.example/a.png"
      })
  void refusesUnsafeUrlsWithoutSendingAnything(String url) {
    Throwable e =
        assertThrows(Exception.class, () -> downloader(DownloadPolicy.strict()).fetch(url).join());
    Throwable cause = e.getCause() == null ? e : e.getCause();
    assertInstanceOf(NonRetryableProviderException.class, cause, url + ": " + cause);
    assertTrue(sent.isEmpty(), "nothing may be sent to " + url);
  }

  @Test
  void aRefusalNamesTheConfigurationKeyThatAllowsTheHost() {
    ResultDownloader d =
        new ResultDownloader(
            r -> {
              sent.add(r);
              return CompletableFuture.completedFuture(server.apply(r));
            },
            DownloadPolicy.strict().withResolver(RESOLVER),
            "download-allow (GENPORT_ACME_DOWNLOAD_ALLOW)");
    for (String url :
        List.of(
            "http://127.0.0.1:8080/a.png",
            "https://internal.example/a.png",
            "https://cdn.example:8443/a.png")) {
      Throwable e = assertThrows(Exception.class, () -> d.fetch(url).join());
      String message = (e.getCause() == null ? e : e.getCause()).getMessage();
      assertTrue(
          message.contains("to the configuration key download-allow (GENPORT_ACME_DOWNLOAD_ALLOW)"),
          message);
    }
    Throwable plain =
        assertThrows(
            Exception.class,
            () -> downloader(DownloadPolicy.strict()).fetch("http://cdn.example/a.png").join());
    assertTrue(plain.getCause().getMessage().contains("download-allow"), plain.getMessage());
    assertTrue(sent.isEmpty());
  }

  @Test
  void fetchesPublicHttpsAndSendsNoCredentials() {
    DownloadedImage img =
        downloader(DownloadPolicy.strict()).fetch("https://v3.fal.media/f/x.png?sig=SECRET").join();
    assertEquals("image/png", img.mediaType());
    assertEquals(new PixelSize(3, 2), img.size());
    assertEquals(1, sent.size());
    assertEquals(Set.of("Accept"), sent.get(0).headers().keySet());
  }

  @Test
  void allowedHostsMayUseHttpAndLoopback() {
    DownloadedImage img =
        downloader(DownloadPolicy.allowing("127.0.0.1, localhost"))
            .fetch("http://127.0.0.1:41234/files/1.png")
            .join();
    assertArrayEquals(PNG, img.bytes());
  }

  @Test
  void redirectsAreFollowedAndEachHopIsChecked() {
    server =
        r ->
            r.uri().getHost().equals("cdn.example")
                ? new HttpResponse(
                    302,
                    Map.of("Location", List.of("https://internal.example/x.png")),
                    new ByteArrayInputStream(new byte[0]))
                : ok(PNG);
    Throwable e =
        assertThrows(
            Exception.class,
            () -> downloader(DownloadPolicy.strict()).fetch("https://cdn.example/a.png").join());
    assertInstanceOf(NonRetryableProviderException.class, e.getCause());
    assertEquals(1, sent.size(), "the private redirect target is never requested");

    sent.clear();
    server =
        r ->
            r.uri().getPath().equals("/a.png")
                ? new HttpResponse(
                    301,
                    Map.of("Location", List.of("/b.png")),
                    new ByteArrayInputStream(new byte[0]))
                : ok(PNG);
    downloader(DownloadPolicy.strict()).fetch("https://cdn.example/a.png").join();
    assertEquals(2, sent.size());
  }

  @Test
  void redirectLoopsStopAtTheLimit() {
    server =
        r ->
            new HttpResponse(
                302, Map.of("Location", List.of("/again")), new ByteArrayInputStream(new byte[0]));
    Throwable e =
        assertThrows(
            Exception.class,
            () -> downloader(DownloadPolicy.strict()).fetch("https://cdn.example/a").join());
    assertTrue(e.getCause().getMessage().contains("too many redirects"));
    assertEquals(4, sent.size());
  }

  @Test
  void oversizeAndNonImageBodiesAreRejected() {
    server = r -> ok(new byte[2048]);
    DownloadPolicy small = new DownloadPolicy(Set.of(), 3, 1024, DownloadPolicy.Resolver.SYSTEM);
    Throwable e =
        assertThrows(
            Exception.class, () -> downloader(small).fetch("https://cdn.example/a").join());
    assertTrue(e.getCause().getMessage().contains("1024-byte limit"), e.getCause().getMessage());
    e =
        assertThrows(
            Exception.class,
            () -> downloader(DownloadPolicy.strict()).fetch("https://cdn.example/a").join());
    assertTrue(e.getCause().getMessage().contains("not a PNG"));
  }

  /** A stream that gives {@code before} bytes of a PNG, then reads as many as asked (or fails). */
  static java.io.InputStream pngStream(long before, boolean failAfter) {
    return new java.io.InputStream() {
      long at;

      @Override
      public int read() throws java.io.IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws java.io.IOException {
        if (at >= before) {
          if (failAfter) {
            throw new java.io.IOException("connection reset");
          }
          return -1;
        }
        int n = (int) Math.min(len, before - at);
        for (int i = 0; i < n; i++) {
          b[off + i] = at + i < PNG.length ? PNG[(int) (at + i)] : (byte) (at + i);
        }
        at += n;
        return n;
      }
    };
  }

  ResultDownloader downloaderInto(java.nio.file.Path dir, long maxBytes) {
    DownloadPolicy policy = new DownloadPolicy(Set.of(), 3, maxBytes, RESOLVER);
    return new ResultDownloader(
        r -> CompletableFuture.completedFuture(server.apply(r)),
        policy,
        DownloadPolicy.CONFIG_KEY,
        ImageStore.directory(dir));
  }

  static List<java.nio.file.Path> files(java.nio.file.Path dir) throws java.io.IOException {
    try (var s = java.nio.file.Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void aBodyOfUnknownLengthIsRefusedAsItPassesTheLimitAndLeavesNoFile(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    long[] served = new long[1];
    server =
        r ->
            new HttpResponse(
                200,
                Map.of(),
                new java.io.FilterInputStream(pngStream(Long.MAX_VALUE, false)) {
                  @Override
                  public int read(byte[] b, int off, int len) throws java.io.IOException {
                    int n = super.read(b, off, len);
                    served[0] += n;
                    return n;
                  }
                });

    Throwable e =
        assertThrows(
            Exception.class,
            () -> downloaderInto(dir, 100_000).fetch("https://cdn.example/a").join());

    assertInstanceOf(NonRetryableProviderException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("100000-byte limit"), e.getCause().getMessage());
    // Read through one small buffer and stopped right past the limit, not at the end of the body.
    assertTrue(served[0] <= 100_000 + 16 * 1024, "read " + served[0]);
    assertEquals(List.of(), files(dir));
  }

  @Test
  void aBodyFailingMidwayIsRetryableLeavesNoFileAndTheNextFetchSucceeds(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    server = r -> new HttpResponse(200, Map.of(), pngStream(200_000, true));
    ResultDownloader downloader = downloaderInto(dir, DownloadPolicy.DEFAULT_MAX_BYTES);

    Throwable e =
        assertThrows(Exception.class, () -> downloader.fetch("https://cdn.example/a").join());

    assertInstanceOf(RetryableProviderException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("failed mid-body"), e.getCause().getMessage());
    assertEquals(List.of(), files(dir));

    server = r -> new HttpResponse(200, Map.of(), pngStream(200_000, false));
    DownloadedImage image = downloader.fetch("https://cdn.example/a").join();
    assertEquals(200_000, image.length());
    assertEquals(new PixelSize(3, 2), image.size());
    assertEquals(List.of(image.source().file().orElseThrow()), files(dir));
    assertEquals(200_000, java.nio.file.Files.size(image.source().file().orElseThrow()));
  }

  /** A paid image is not lost because its directory went away: it is held in memory instead. */
  @Test
  void aStoreThatCannotTakeAnImageFallsBackToMemory(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path taken = java.nio.file.Files.writeString(dir.resolve("out"), "a file");
    server = r -> new HttpResponse(200, Map.of(), pngStream(5000, false));

    DownloadedImage image =
        downloaderInto(taken, DownloadPolicy.DEFAULT_MAX_BYTES)
            .fetch("https://cdn.example/a")
            .join();

    assertEquals(java.util.Optional.empty(), image.source().file());
    assertEquals(5000, image.bytes().length);
    assertEquals(PNG[20], image.bytes()[20]);
    assertEquals("a file", java.nio.file.Files.readString(taken));
  }

  @Test
  void serverErrorsAreRetryableClientErrorsAreNot() {
    server = r -> new HttpResponse(503, Map.of(), new ByteArrayInputStream(new byte[0]));
    Throwable e =
        assertThrows(
            Exception.class,
            () -> downloader(DownloadPolicy.strict()).fetch("https://cdn.example/a").join());
    assertInstanceOf(RetryableProviderException.class, e.getCause());
    server = r -> new HttpResponse(404, Map.of(), new ByteArrayInputStream(new byte[0]));
    e =
        assertThrows(
            Exception.class,
            () -> downloader(DownloadPolicy.strict()).fetch("https://cdn.example/a").join());
    assertInstanceOf(NonRetryableProviderException.class, e.getCause());
    e =
        assertThrows(
            Exception.class,
            () -> downloader(DownloadPolicy.strict()).fetch("https://nowhere.example/a").join());
    assertInstanceOf(RetryableProviderException.class, e.getCause());
  }

  @Test
  void dataUrisAreDecodedWithoutNetwork() {
    String uri = "data:image/png;base64," + Base64.getEncoder().encodeToString(png(640, 480));
    DownloadedImage img = downloader(DownloadPolicy.strict()).fetch(uri).join();
    assertEquals(new PixelSize(640, 480), img.size());
    assertTrue(sent.isEmpty());
    assertThrows(
        Exception.class,
        () -> downloader(DownloadPolicy.strict()).fetch("data:image/png,plain").join());
  }

  @Test
  void inlineBytesAreCheckedLikeADownloadWithoutNetwork() {
    DownloadedImage img = downloader(DownloadPolicy.strict()).inline(png(320, 200)).join();
    assertEquals(new PixelSize(320, 200), img.size());
    assertEquals("image/png", img.mediaType());
    assertTrue(sent.isEmpty());

    Throwable notImage =
        assertThrows(
            Exception.class,
            () -> downloader(DownloadPolicy.strict()).inline(new byte[] {1, 2, 3}).join());
    assertInstanceOf(NonRetryableProviderException.class, notImage.getCause());
    assertTrue(notImage.getCause().getMessage().contains("not a PNG"));
  }

  @Test
  void errorMessagesNeverShowQueryStrings() {
    server = r -> new HttpResponse(403, Map.of(), new ByteArrayInputStream(new byte[0]));
    Throwable e =
        assertThrows(
            Exception.class,
            () ->
                downloader(DownloadPolicy.strict())
                    .fetch("https://cdn.example/a.png?X-Amz-Signature=SECRET")
                    .join());
    assertFalse(e.getCause().getMessage().contains("SECRET"));
  }

  @Test
  void probeReadsJpegAndWebpSizes() {
    byte[] jpeg = {
      (byte) 0xff,
      (byte) 0xd8,
      (byte) 0xff,
      (byte) 0xe0,
      0,
      4,
      0,
      0,
      (byte) 0xff,
      (byte) 0xc0,
      0,
      17,
      8,
      0x02,
      0x00,
      0x03,
      0x00,
      3,
      0,
      0,
      0,
      0
    };
    assertEquals("image/jpeg", ImageProbe.mediaType(jpeg));
    assertEquals(new PixelSize(768, 512), ImageProbe.size(jpeg));
  }
}
