package io.genport.redis;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How a {@link RedisFleetState} reaches Redis and how long it may wait. Build one with {@link
 * #builder(String)} or read it from the environment with {@link #fromEnvironment(Map)}. The URL's
 * password never appears in {@link #toString()}, logs or error messages.
 *
 * @param url {@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://...} for TLS
 * @param source where the URL came from, named in errors (e.g. {@code GENPORT_REDIS_URL})
 * @param namespace the prefix of every key, so several fleets can share one Redis; letters, digits,
 *     {@code . _ -}; default {@code genport}
 * @param commandTimeout the longest any call waits on Redis; default 50 ms
 * @param connectTimeout the longest a (re)connection attempt waits, on a background thread except
 *     for the first; default 1 s
 * @param refreshInterval how often circuits are read from Redis (and pending writes retried): the
 *     staleness bound of local reads; at most 1 s, default 200 ms
 * @param jobTtl how long a job record is kept in Redis after its last change; default 7 days
 * @param journal the local file where job records wait while Redis is out of reach, replayed at
 *     start; {@code null} keeps them in memory only (lost if the process dies during an outage)
 */
public record RedisFleetSettings(
    String url,
    String source,
    String namespace,
    Duration commandTimeout,
    Duration connectTimeout,
    Duration refreshInterval,
    Duration jobTtl,
    Path journal) {

  /** The environment variable {@link #fromEnvironment(Map)} reads. */
  public static final String ENV = "GENPORT_REDIS_URL";

  public RedisFleetSettings {
    requireNonNull(source, "source is null");
    checkUrl(url, source);
    if (namespace == null || !namespace.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException(
          "Redis namespace '" + namespace + "' must be 1..64 letters, digits, . _ -");
    }
    positive("commandTimeout", commandTimeout);
    positive("connectTimeout", connectTimeout);
    positive("refreshInterval", refreshInterval);
    positive("jobTtl", jobTtl);
    if (refreshInterval.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException(
          "Redis refreshInterval must be at most 1 s (the staleness bound), was "
              + refreshInterval);
    }
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("Redis " + name + " must be positive, was " + d);
    }
  }

  /**
   * Settings from {@value #ENV}, or empty when it is unset or blank (the router then keeps its
   * in-memory state).
   *
   * @throws IllegalArgumentException naming {@value #ENV} when the URL is malformed
   */
  public static Optional<RedisFleetSettings> fromEnvironment(Map<String, String> env) {
    String url = env.get(ENV);
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(builder(url.trim()).source(ENV).build());
  }

  /** A builder for {@code url}, with the defaults above. */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** Host, port and database of the URL, without user or password. */
  public String redactedUrl() {
    return redact(url);
  }

  @Override
  public String toString() {
    return "RedisFleetSettings[url="
        + redactedUrl()
        + ", namespace="
        + namespace
        + ", commandTimeout="
        + commandTimeout
        + ", refreshInterval="
        + refreshInterval
        + ", journal="
        + journal
        + "]";
  }

  static String redact(String url) {
    try {
      URI u = new URI(url);
      return u.getScheme()
          + "://"
          + (u.getRawUserInfo() == null ? "" : "***@")
          + u.getHost()
          + (u.getPort() < 0 ? "" : ":" + u.getPort())
          + (u.getRawPath() == null ? "" : u.getRawPath());
    } catch (URISyntaxException | RuntimeException e) {
      return "(unparseable URL)";
    }
  }

  /** Checks the URL's form; the error names {@code source} and never repeats the URL itself. */
  static void checkUrl(String url, String source) {
    String form = " (expected redis://[[user]:password@]host[:port][/db] or rediss://...)";
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(source + " is empty" + form);
    }
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(source + " is not a valid URL" + form);
    }
    String scheme = u.getScheme();
    if (scheme == null || !(scheme.equals("redis") || scheme.equals("rediss"))) {
      throw new IllegalArgumentException(
          source + " must start with redis:// or rediss://, was " + scheme + "://" + form);
    }
    if (u.getHost() == null || u.getHost().isBlank()) {
      throw new IllegalArgumentException(source + " names no host" + form);
    }
    if (u.getPort() == 0 || u.getPort() > 65535) {
      throw new IllegalArgumentException(source + " has port " + u.getPort() + form);
    }
    String path = u.getPath();
    if (path != null && !path.isEmpty() && !path.equals("/") && !path.matches("/\\d{1,2}")) {
      throw new IllegalArgumentException(
          source + " path must be a database number such as /0, was " + path + form);
    }
    if (u.getRawQuery() != null
        && !u.getRawQuery()
            .matches("(?:(?:timeout|clientName|libraryName|libraryVersion)=[^&]*&?)*")) {
      throw new IllegalArgumentException(source + " has unknown query options" + form);
    }
  }

  /** Mutable, not thread-safe builder. */
  public static final class Builder {
    private final String url;
    private String source = "the Redis URL";
    private String namespace = "genport";
    private Duration commandTimeout = Duration.ofMillis(50);
    private Duration connectTimeout = Duration.ofSeconds(1);
    private Duration refreshInterval = Duration.ofMillis(200);
    private Duration jobTtl = Duration.ofDays(7);
    private Path journal;

    private Builder(String url) {
      this.url = url;
    }

    /** Where the URL came from, for errors (e.g. {@code GENPORT_REDIS_URL} or a YAML key). */
    public Builder source(String source) {
      this.source = source;
      return this;
    }

    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder refreshInterval(Duration refreshInterval) {
      this.refreshInterval = refreshInterval;
      return this;
    }

    public Builder jobTtl(Duration jobTtl) {
      this.jobTtl = jobTtl;
      return this;
    }

    public Builder journal(Path journal) {
      this.journal = journal;
      return this;
    }

    public RedisFleetSettings build() {
      return new RedisFleetSettings(
          url, source, namespace, commandTimeout, connectTimeout, refreshInterval, jobTtl, journal);
    }
  }
}
