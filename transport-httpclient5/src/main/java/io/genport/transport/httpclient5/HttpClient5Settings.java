package io.genport.transport.httpclient5;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;

/**
 * Settings of an {@link HttpClient5Transport}. Every instance is valid: the compact constructor
 * rejects non-positive durations and sizes, so a misconfiguration fails where it is made rather
 * than on the first request.
 *
 * @param connectTimeout TCP connect plus TLS handshake; 10 s by default
 * @param responseTimeout inactivity timeout while waiting for the response head and between body
 *     bytes; 60 s by default, overridden per request by {@link
 *     io.genport.spi.http.HttpRequest#timeout()}. A consumer that stops reading a body for longer
 *     than this also fails the exchange, because the connection sees no traffic for that long
 * @param poolWaitTimeout how long a request may wait for a pooled connection; 30 s by default
 * @param maxConnectionsTotal pool size over all hosts; 200 by default
 * @param maxConnectionsPerRoute pool size per host and port; 50 by default
 * @param maxResponseBytes response body cap; past it the body stream throws {@link
 *     ResponseTooLargeException}; 64 MiB by default
 * @param ioThreads I/O reactor threads; the number of available processors by default
 * @param idleTimeout pooled connections unused for this long are closed; 60 s by default
 * @param userAgent the {@code User-Agent} sent with every request; {@code genport/<version>} by
 *     default
 */
public record HttpClient5Settings(
    Duration connectTimeout,
    Duration responseTimeout,
    Duration poolWaitTimeout,
    int maxConnectionsTotal,
    int maxConnectionsPerRoute,
    long maxResponseBytes,
    int ioThreads,
    Duration idleTimeout,
    String userAgent) {

  /** 64 MiB: large enough for a 4K PNG or a JSON document with a few base64 images. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L * 1024 * 1024;

  public HttpClient5Settings {
    positive(connectTimeout, "connectTimeout");
    positive(responseTimeout, "responseTimeout");
    positive(poolWaitTimeout, "poolWaitTimeout");
    positive(idleTimeout, "idleTimeout");
    if (maxConnectionsTotal < 1) {
      throw new IllegalArgumentException(
          "maxConnectionsTotal must be >= 1: " + maxConnectionsTotal);
    }
    if (maxConnectionsPerRoute < 1 || maxConnectionsPerRoute > maxConnectionsTotal) {
      throw new IllegalArgumentException(
          "maxConnectionsPerRoute must be in [1, maxConnectionsTotal]: " + maxConnectionsPerRoute);
    }
    if (maxResponseBytes < 1) {
      throw new IllegalArgumentException("maxResponseBytes must be >= 1: " + maxResponseBytes);
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be >= 1: " + ioThreads);
    }
    requireNonNull(userAgent, "userAgent is null");
    if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("userAgent must be non-blank printable text");
    }
  }

  /** The defaults described on each component. */
  public static HttpClient5Settings defaults() {
    return new HttpClient5Settings(
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        Duration.ofSeconds(30),
        200,
        50,
        DEFAULT_MAX_RESPONSE_BYTES,
        Runtime.getRuntime().availableProcessors(),
        Duration.ofSeconds(60),
        "genport/" + Version.VALUE);
  }

  public HttpClient5Settings withConnectTimeout(Duration v) {
    return new HttpClient5Settings(
        v,
        responseTimeout,
        poolWaitTimeout,
        maxConnectionsTotal,
        maxConnectionsPerRoute,
        maxResponseBytes,
        ioThreads,
        idleTimeout,
        userAgent);
  }

  public HttpClient5Settings withResponseTimeout(Duration v) {
    return new HttpClient5Settings(
        connectTimeout,
        v,
        poolWaitTimeout,
        maxConnectionsTotal,
        maxConnectionsPerRoute,
        maxResponseBytes,
        ioThreads,
        idleTimeout,
        userAgent);
  }

  public HttpClient5Settings withPoolWaitTimeout(Duration v) {
    return new HttpClient5Settings(
        connectTimeout,
        responseTimeout,
        v,
        maxConnectionsTotal,
        maxConnectionsPerRoute,
        maxResponseBytes,
        ioThreads,
        idleTimeout,
        userAgent);
  }

  /** Both pool limits at once, because per-route may not exceed total. */
  public HttpClient5Settings withMaxConnections(int total, int perRoute) {
    return new HttpClient5Settings(
        connectTimeout,
        responseTimeout,
        poolWaitTimeout,
        total,
        perRoute,
        maxResponseBytes,
        ioThreads,
        idleTimeout,
        userAgent);
  }

  public HttpClient5Settings withMaxResponseBytes(long v) {
    return new HttpClient5Settings(
        connectTimeout,
        responseTimeout,
        poolWaitTimeout,
        maxConnectionsTotal,
        maxConnectionsPerRoute,
        v,
        ioThreads,
        idleTimeout,
        userAgent);
  }

  public HttpClient5Settings withIoThreads(int v) {
    return new HttpClient5Settings(
        connectTimeout,
        responseTimeout,
        poolWaitTimeout,
        maxConnectionsTotal,
        maxConnectionsPerRoute,
        maxResponseBytes,
        v,
        idleTimeout,
        userAgent);
  }

  public HttpClient5Settings withIdleTimeout(Duration v) {
    return new HttpClient5Settings(
        connectTimeout,
        responseTimeout,
        poolWaitTimeout,
        maxConnectionsTotal,
        maxConnectionsPerRoute,
        maxResponseBytes,
        ioThreads,
        v,
        userAgent);
  }

  public HttpClient5Settings withUserAgent(String v) {
    return new HttpClient5Settings(
        connectTimeout,
        responseTimeout,
        poolWaitTimeout,
        maxConnectionsTotal,
        maxConnectionsPerRoute,
        maxResponseBytes,
        ioThreads,
        idleTimeout,
        v);
  }

  private static void positive(Duration d, String name) {
    requireNonNull(d, name + " is null");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  /** The module version, read from a resource that Maven filters at build time. */
  static final class Version {
    static final String VALUE = load();

    private Version() {}

    private static String load() {
      try (InputStream in =
          HttpClient5Settings.class.getResourceAsStream("genport-transport.properties")) {
        if (in == null) {
          return "dev";
        }
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "dev").trim();
        // An unfiltered resource (e.g. run from an IDE without Maven) still yields a valid token.
        return v.isEmpty() || v.startsWith("$") ? "dev" : v;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
