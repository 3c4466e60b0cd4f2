package io.genport.spi.download;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.ImageSource;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.RetryableProviderException;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.HttpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches result images under a {@link DownloadPolicy}. Never sends a credential or cookie: the
 * request carries only {@code Accept}. Thread-safe.
 *
 * <p>Each hop (the first URL and every redirect target) must be https on port 443 and resolve only
 * to public addresses, unless its host is explicitly allowed. The check happens here, before the
 * transport connects; the transport resolves the name again, so a DNS answer that changes between
 * the two (rebinding) is not covered — an accepted limitation, see docs/architecture.md section 5.
 *
 * @since 1
 */
public final class ResultDownloader {
  private static final Logger LOG = LoggerFactory.getLogger(ResultDownloader.class);

  private final HttpTransport transport;
  private final DownloadPolicy policy;
  private final String allowedBy;
  private final ImageStore store;

  /** A downloader whose refusals say to allow the host with the {@code download-allow} option. */
  public ResultDownloader(HttpTransport transport, DownloadPolicy policy) {
    this(transport, policy, DownloadPolicy.CONFIG_KEY);
  }

  /**
   * A downloader that keeps images in memory.
   *
   * @param allowedBy how a user allows a host, named in refusals, e.g. {@code download-allow
   *     (GENPORT_FAL_DOWNLOAD_ALLOW)}
   */
  public ResultDownloader(HttpTransport transport, DownloadPolicy policy, String allowedBy) {
    this(transport, policy, allowedBy, ImageStore.memory());
  }

  /**
   * A downloader that writes images to {@code store} as they arrive.
   *
   * @param allowedBy how a user allows a host, named in refusals
   * @param store where received images are written as they arrive
   */
  public ResultDownloader(
      HttpTransport transport, DownloadPolicy policy, String allowedBy, ImageStore store) {
    this.transport = requireNonNull(transport, "transport is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.allowedBy = requireNonNull(allowedBy, "allowedBy is null");
    this.store = requireNonNull(store, "store is null");
  }

  /**
   * Starts an image that the provider decodes itself while it reads the vendor's answer (base64
   * streamed from the socket with a streaming parser): its bytes go straight to the store, with the
   * checks of a download. The caller writes, then {@linkplain CheckedImage#finish() finishes} it,
   * or closes it to discard it.
   *
   * <p>When the store cannot take an image (its directory was removed or replaced by a file, or is
   * not writable) the image is held in memory instead: it is paid for, and a caller that keeps
   * images as files sees {@code source().file()} empty and writes it itself, where it can.
   *
   * @param expectedBytes the decoded length when known, else {@code -1}
   * @param from what the image is, for messages, e.g. {@code inline image}
   * @throws IOException when not even memory can take the image
   */
  public CheckedImage receive(long expectedBytes, String from) throws IOException {
    requireNonNull(from, "from is null");
    if (expectedBytes > policy.maxBytes()) {
      throw CheckedImage.tooLarge(policy.maxBytes(), from);
    }
    ImageWriter writer;
    try {
      writer = store.newImage(expectedBytes);
    } catch (IOException e) {
      if (store == ImageStore.memory()) {
        throw e;
      }
      // Once per image, so a store that keeps failing is seen, not silently replaced.
      LOG.warn("{} cannot take an image ({}); holding it in memory", store, e.toString());
      writer = ImageStore.memory().newImage(expectedBytes);
    }
    return new CheckedImage(writer, policy.maxBytes(), from);
  }

  /**
   * Fetches {@code url}: an http(s) URL or a {@code data:} URI.
   *
   * @return the image; fails with {@link NonRetryableProviderException} for refused URLs,
   *     non-images and oversize bodies, with {@link RetryableProviderException} for transport
   *     failures, 429 and 5xx (a download is an idempotent GET)
   */
  public CompletableFuture<DownloadedImage> fetch(String url) {
    requireNonNull(url, "url is null");
    if (url.regionMatches(true, 0, "data:", 0, 5)) {
      try {
        return CompletableFuture.completedFuture(decodeDataUri(url));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(
          new NonRetryableProviderException("result URL is malformed: " + shown(url)));
    }
    return fetch(uri, 0);
  }

  /**
   * Accepts an image a vendor sent inline, already decoded (a provider that reads base64 from a
   * JSON answer with a streaming parser hands over the bytes, not a {@code data:} URI): the same
   * checks as a download, the size limit and a PNG, JPEG, WebP or GIF signature.
   *
   * @return the image; fails with {@link NonRetryableProviderException} for non-images and oversize
   *     images
   */
  public CompletableFuture<DownloadedImage> inline(byte[] bytes) {
    requireNonNull(bytes, "bytes is null");
    try {
      return CompletableFuture.completedFuture(image(bytes, "inline image"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<DownloadedImage> fetch(URI uri, int redirects) {
    try {
      check(uri);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return transport
        .send(HttpRequest.get(uri, Map.of("Accept", "image/*")))
        .handle(
            (resp, err) -> {
              if (err != null) {
                Throwable c = err instanceof CompletionException ? err.getCause() : err;
                return CompletableFuture.<DownloadedImage>failedFuture(
                    new RetryableProviderException(
                        "downloading " + shown(uri) + " failed: " + c.getMessage(),
                        null,
                        false,
                        c));
              }
              return onResponse(uri, resp, redirects);
            })
        .thenCompose(f -> f);
  }

  private CompletableFuture<DownloadedImage> onResponse(URI uri, HttpResponse resp, int redirects) {
    int status = resp.status();
    try {
      if (status >= 300 && status < 400 && resp.header("Location") != null) {
        resp.close();
        if (redirects >= policy.maxRedirects()) {
          throw new NonRetryableProviderException(
              "too many redirects downloading "
                  + shown(uri)
                  + " (limit "
                  + policy.maxRedirects()
                  + ")");
        }
        return fetch(uri.resolve(resp.header("Location")), redirects + 1);
      }
      if (status != 200) {
        resp.close();
        String msg = "downloading " + shown(uri) + " returned HTTP " + status;
        throw status == 429 || status >= 500
            ? new RetryableProviderException(msg)
            : new NonRetryableProviderException(msg, status, null);
      }
      if (resp.contentLength() > policy.maxBytes()) {
        resp.close();
        throw tooLarge(shown(uri));
      }
      return stream(uri, resp);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new RetryableProviderException(e.getMessage()));
    }
  }

  /**
   * Streams the body into the store as it arrives (written by the transport's I/O thread where it
   * can, so no thread waits on it and no array of the whole image exists unless the store is
   * memory): the size limit is enforced while writing, so an oversize body is refused as soon as it
   * passes the limit; the signature and pixel size are checked at the end. A failure at any point
   * discards the image, so no partial file is left behind.
   */
  private CompletableFuture<DownloadedImage> stream(URI uri, HttpResponse resp) throws IOException {
    String from = shown(uri);
    CheckedImage image;
    try {
      image = receive(resp.contentLength(), from);
    } catch (IOException | RuntimeException e) {
      resp.close();
      throw e;
    }
    long limit = policy.maxBytes() == Long.MAX_VALUE ? Long.MAX_VALUE : policy.maxBytes() + 1;
    return resp.transferBodyAsync(image, limit)
        .handle(
            (written, err) -> {
              if (err != null) {
                discard(image);
                Throwable c =
                    err instanceof CompletionException && err.getCause() != null
                        ? err.getCause()
                        : err;
                if (c instanceof NonRetryableProviderException refused) {
                  throw refused; // the image's own checks, e.g. the size limit
                }
                throw midBody(uri, c instanceof UncheckedIOException u ? u.getCause() : c);
              }
              try {
                return image.finish();
              } catch (IOException e) {
                discard(image);
                throw new RetryableProviderException(
                    "could not store the image from " + from + ": " + e.getMessage(),
                    null,
                    false,
                    e);
              } catch (RuntimeException e) {
                discard(image);
                throw e;
              }
            });
  }

  private static void discard(CheckedImage image) {
    try {
      image.close();
    } catch (IOException e) {
      // Closing deletes a partial file; if even that fails there is nothing more to do here.
    }
  }

  private static RetryableProviderException midBody(URI uri, Throwable e) {
    return new RetryableProviderException(
        "downloading " + shown(uri) + " failed mid-body: " + e.getMessage(), null, false, e);
  }

  private NonRetryableProviderException tooLarge(String from) {
    return new NonRetryableProviderException(
        "image at " + from + " is larger than the " + policy.maxBytes() + "-byte limit");
  }

  private DownloadedImage image(byte[] bytes, String from) {
    if (bytes.length > policy.maxBytes()) {
      throw tooLarge(from);
    }
    if (store != ImageStore.memory()) {
      try (CheckedImage image = receive(bytes.length, from)) {
        image.write(bytes, 0, bytes.length);
        return image.finish();
      } catch (IOException e) {
        throw new UncheckedIOException("could not store the image from " + from, e);
      }
    }
    String type = ImageProbe.mediaType(bytes);
    if (type == null) {
      throw new NonRetryableProviderException(
          "result at " + from + " is not a PNG, JPEG, WebP or GIF image");
    }
    // In memory the array itself is the image: it was allocated for it alone, so no copy.
    return new DownloadedImage(new HeldBytes(bytes), type, ImageProbe.size(bytes), bytes.length);
  }

  /**
   * Bytes handed over without a copy: the downloader allocated them for this image alone and
   * nothing else holds them. {@link #readAllBytes()} still returns a copy, since its caller may
   * change it.
   */
  private record HeldBytes(byte[] bytes) implements ImageSource {
    @Override
    public InputStream open() {
      return new java.io.ByteArrayInputStream(bytes);
    }

    @Override
    public byte[] readAllBytes() {
      return bytes.clone();
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public String toString() {
      return bytes.length + " bytes";
    }
  }

  private DownloadedImage decodeDataUri(String uri) {
    int comma = uri.indexOf(',');
    if (comma < 0 || !uri.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
      throw new NonRetryableProviderException("result data URI is not base64-encoded");
    }
    return image(decodeBase64(uri, comma + 1, "inline image"), "data URI");
  }

  /**
   * Accepts an image a vendor sent inline as bare base64 (line breaks allowed): decoded straight
   * from the string into one array of the image's size, the same checks as a download.
   *
   * @return the image; fails with {@link NonRetryableProviderException} for invalid base64,
   *     non-images and oversize images
   */
  public CompletableFuture<DownloadedImage> inlineBase64(String base64) {
    requireNonNull(base64, "base64 is null");
    try {
      return CompletableFuture.completedFuture(
          image(decodeBase64(base64, 0, "inline image"), "inline image"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Decodes the base64 from {@code start} to the end of {@code text} without copying the text: the
   * decoded size is counted first, so the image is written once into an array of exactly its size
   * (a payload of many megabytes must not be held two or three times over).
   */
  private byte[] decodeBase64(String text, int start, String what) {
    int symbols = 0;
    int padding = 0;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '=') {
        padding++;
      } else if (c > ' ') {
        symbols++;
      }
    }
    long decoded = (symbols + padding) / 4 * 3L - padding + (symbols + padding) % 4 * 3L / 4;
    if (decoded > policy.maxBytes()) {
      throw new NonRetryableProviderException(
          what + " is larger than the " + policy.maxBytes() + "-byte limit");
    }
    byte[] out = new byte[(int) decoded];
    try (InputStream in = Base64.getMimeDecoder().wrap(new Latin1Chars(text, start))) {
      int n = in.readNBytes(out, 0, out.length);
      if (n != out.length || in.read() >= 0) {
        throw new NonRetryableProviderException(what + " is not valid base64");
      }
      return out;
    } catch (IOException | IllegalArgumentException e) {
      throw new NonRetryableProviderException(what + " is not valid base64");
    }
  }

  /** The characters of a string from an index, as bytes (base64 is ASCII), without a copy. */
  private static final class Latin1Chars extends InputStream {
    private final String text;
    private int next;

    Latin1Chars(String text, int start) {
      this.text = text;
      this.next = start;
    }

    @Override
    public int read() {
      return next < text.length() ? text.charAt(next++) & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (next >= text.length()) {
        return -1;
      }
      int n = Math.min(len, text.length() - next);
      for (int i = 0; i < n; i++) {
        char c = text.charAt(next + i);
        // A character outside ASCII is no base64: make the decoder refuse it.
        b[off + i] = c < 0x80 ? (byte) c : (byte) '*';
      }
      next += n;
      return n;
    }
  }

  /** Refuses URLs the policy does not allow; checks resolved addresses. */
  void check(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null) {
      throw refused(uri, "it has no host");
    }
    boolean allowed = policy.allows(host);
    if (!scheme.equals("https") && !(allowed && scheme.equals("http"))) {
      throw refused(
          uri,
          "only https is allowed; to allow plain http from "
              + host
              + ", add it to the configuration key "
              + allowedBy);
    }
    if (!allowed && uri.getPort() != -1 && uri.getPort() != 443) {
      throw refused(
          uri,
          "port "
              + uri.getPort()
              + " is not allowed; to allow it, add "
              + host
              + " to the configuration key "
              + allowedBy);
    }
    if (uri.getUserInfo() != null) {
      throw refused(uri, "it carries user info");
    }
    if (allowed) {
      return;
    }
    InetAddress[] addresses;
    try {
      addresses =
          policy
              .resolver()
              .resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
    } catch (UnknownHostException e) {
      throw new RetryableProviderException("cannot resolve " + host + " to download a result");
    }
    for (InetAddress a : addresses) {
      if (!isPublic(a)) {
        throw refused(
            uri,
            host
                + " resolves to the non-public address "
                + a.getHostAddress()
                + "; to allow it, add "
                + host
                + " to the configuration key "
                + allowedBy);
      }
    }
  }

  /** Whether {@code a} is a globally routable unicast address. */
  static boolean isPublic(InetAddress a) {
    if (a.isAnyLocalAddress()
        || a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int o0 = b[0] & 0xff;
      int o1 = b[1] & 0xff;
      return !(o0 == 0
          || o0 >= 240
          || (o0 == 100 && o1 >= 64 && o1 <= 127)
          || (o0 == 192 && o1 == 0 && (b[2] & 0xff) == 0)
          || (o0 == 198 && (o1 == 18 || o1 == 19)));
    }
    if (a instanceof Inet6Address) {
      int o0 = b[0] & 0xff;
      if ((o0 & 0xfe) == 0xfc) {
        return false; // fc00::/7 unique local
      }
      boolean firstTenZero = true;
      for (int i = 0; i < 10; i++) {
        firstTenZero &= b[i] == 0;
      }
      if (firstTenZero
          && (((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) || (b[10] == 0 && b[11] == 0))) {
        // IPv4-mapped or IPv4-compatible: judge the embedded IPv4 address.
        try {
          return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
        } catch (UnknownHostException e) {
          return false;
        }
      }
    }
    return true;
  }

  private static NonRetryableProviderException refused(URI uri, String why) {
    return new NonRetryableProviderException(
        "refusing to download a result from " + shown(uri) + ": " + why);
  }

  /** The URL without query or fragment, which may hold signed tokens. */
  private static String shown(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getRawAuthority()
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  private static String shown(String url) {
    int q = url.indexOf('?');
    String s = q < 0 ? url : url.substring(0, q);
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}
