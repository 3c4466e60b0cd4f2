package io.genport.spi.download;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@link ResultDownloader} may fetch.
 *
 * @param allowedHosts hosts (names or literal addresses, lower case) that may be reached over plain
 *     http and may resolve to private or loopback addresses — for local simulators and self-hosted
 *     servers; empty by default
 * @param maxRedirects how many redirects to follow, each re-checked
 * @param maxBytes the largest image accepted, in bytes
 * @param resolver how host names are resolved (injectable for tests)
 * @since 1
 */
public record DownloadPolicy(
    Set<String> allowedHosts, int maxRedirects, long maxBytes, Resolver resolver) {

  /** The provider configuration key that lists the allowed hosts. */
  public static final String CONFIG_KEY = "download-allow";

  /** The default cap on one image: 50 MiB. */
  public static final long DEFAULT_MAX_BYTES = 50L * 1024 * 1024;

  /** Resolves a host name to its addresses. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;

    Resolver SYSTEM = InetAddress::getAllByName;
  }

  public DownloadPolicy {
    Set<String> hosts = new TreeSet<>();
    allowedHosts.forEach(h -> hosts.add(h.strip().toLowerCase(Locale.ROOT)));
    allowedHosts = Set.copyOf(hosts);
    if (maxRedirects < 0 || maxBytes < 1) {
      throw new IllegalArgumentException("maxRedirects >= 0 and maxBytes >= 1 are required");
    }
    requireNonNull(resolver, "resolver is null");
  }

  /** https only, public addresses only, 3 redirects, 50 MiB. */
  public static DownloadPolicy strict() {
    return new DownloadPolicy(Set.of(), 3, DEFAULT_MAX_BYTES, Resolver.SYSTEM);
  }

  /**
   * The strict policy plus the hosts of a comma-separated list such as the value of {@code
   * GENPORT_FAL_DOWNLOAD_ALLOW} ({@code 127.0.0.1,localhost}); {@code null} or blank adds none.
   */
  public static DownloadPolicy allowing(String commaSeparatedHosts) {
    Set<String> hosts = new TreeSet<>();
    if (commaSeparatedHosts != null) {
      for (String h : commaSeparatedHosts.split(",")) {
        if (!h.isBlank()) {
          hosts.add(h.strip());
        }
      }
    }
    return new DownloadPolicy(hosts, 3, DEFAULT_MAX_BYTES, Resolver.SYSTEM);
  }

  /** A copy with another resolver. */
  public DownloadPolicy withResolver(Resolver resolver) {
    return new DownloadPolicy(allowedHosts, maxRedirects, maxBytes, resolver);
  }

  /** Whether {@code host} is explicitly allowed. */
  public boolean allows(String host) {
    return host != null && allowedHosts.contains(host.toLowerCase(Locale.ROOT));
  }
}
