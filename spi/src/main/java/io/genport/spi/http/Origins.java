package io.genport.spi.http;

import java.net.URI;
import java.util.Locale;

/**
 * Where a credential may go. Providers check every URL before attaching their vendor's credential
 * (including URLs the vendor returned, such as status and result URLs), so a key is only ever sent
 * to the host it was configured for.
 *
 * @since 1
 */
public final class Origins {
  private Origins() {}

  /**
   * Whether {@code uri} has {@code base}'s scheme, host and port (default ports made explicit), and
   * carries no user info.
   */
  public static boolean same(URI uri, URI base) {
    return uri.getScheme() != null
        && base.getScheme() != null
        && uri.getScheme().equalsIgnoreCase(base.getScheme())
        && uri.getHost() != null
        && uri.getHost().equalsIgnoreCase(base.getHost())
        && port(uri) == port(base)
        && uri.getRawUserInfo() == null;
  }

  /** {@link #same} and, in addition, a path at or below {@code base}'s path. */
  public static boolean within(URI uri, URI base) {
    String prefix = base.getRawPath() == null ? "" : base.getRawPath();
    return same(uri, base) && uri.getRawPath() != null && uri.getRawPath().startsWith(prefix);
  }

  private static int port(URI u) {
    if (u.getPort() != -1) {
      return u.getPort();
    }
    return u.getScheme().toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
  }
}
