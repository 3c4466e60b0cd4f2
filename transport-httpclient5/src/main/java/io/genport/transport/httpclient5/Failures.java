package io.genport.transport.httpclient5;

import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpTransportException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;

/**
 * Turns HttpClient's failures into {@link HttpTransportException}s whose messages are safe to log.
 */
final class Failures {

  private Failures() {}

  /**
   * A description of the exchange for messages and logs: method, scheme, authority and path. The
   * query is left out because some vendors accept keys as query parameters ({@code ?key=}).
   */
  static String target(HttpRequest request) {
    return request.method() + " " + safeUri(request.uri());
  }

  static String safeUri(URI uri) {
    StringBuilder b = new StringBuilder();
    if (uri.getScheme() != null) {
      b.append(uri.getScheme()).append("://");
    }
    if (uri.getHost() != null) {
      b.append(uri.getHost());
      if (uri.getPort() >= 0) {
        b.append(':').append(uri.getPort());
      }
    }
    String path = uri.getRawPath();
    b.append(path == null || path.isEmpty() ? "/" : path);
    if (uri.getRawQuery() != null) {
      b.append("?<query>");
    }
    return b.toString();
  }

  /**
   * Maps {@code failure}. {@code requestStarted} tells whether HttpClient had begun writing the
   * request on a connection; connect-phase failures are never "sent", whatever the flag says.
   */
  static HttpTransportException map(
      Throwable failure, boolean requestStarted, String target, Secrets secrets) {
    Throwable cause = unwrap(failure);
    if (cause instanceof HttpTransportException e) {
      return e;
    }
    String what;
    boolean beforeSending = false;
    if (cause instanceof UnknownHostException) {
      what = "unknown host";
      beforeSending = true;
    } else if (cause instanceof ConnectTimeoutException) {
      what = "connect timed out";
      beforeSending = true;
    } else if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
      what = "connection refused or unreachable";
      beforeSending = true;
    } else if (cause instanceof TimeoutException) {
      // The pool's DeadlineTimeoutException: no connection was leased, nothing was written.
      what = "timed out waiting for a pooled connection";
      beforeSending = true;
    } else if (cause instanceof SocketTimeoutException) {
      what = requestStarted ? "response timed out" : "timed out before the request was sent";
    } else if (cause instanceof SSLException) {
      what = "TLS failure";
    } else if (cause instanceof ConnectionClosedException) {
      what = "connection closed by the peer";
    } else if (cause instanceof CancellationException || cause instanceof InterruptedIOException) {
      what = "cancelled";
    } else if (cause instanceof IOException) {
      what = "I/O error";
    } else {
      what = "failed";
    }
    boolean sent = requestStarted && !beforeSending;
    Throwable safeCause = secrets.sanitize(cause);
    String detail = safeCause.getClass().getSimpleName();
    if (safeCause.getMessage() != null) {
      detail += ": " + safeCause.getMessage();
    }
    return new HttpTransportException(target + ": " + what + " (" + detail + ")", sent, safeCause);
  }

  static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  /**
   * The values of one request's sensitive headers, so that exception messages built by HttpClient
   * (e.g. a protocol error quoting a header) can be checked and scrubbed before they leave.
   */
  static final class Secrets {
    static final Secrets NONE = new Secrets(List.of());

    /** Values shorter than this are not treated as secrets: they would match too much text. */
    private static final int MIN_LENGTH = 4;

    private final List<String> values;

    private Secrets(List<String> values) {
      this.values = values;
    }

    static Secrets of(HttpRequest request) {
      List<String> v = new ArrayList<>();
      request
          .headers()
          .forEach(
              (name, value) -> {
                if (value != null && HttpRequest.isSensitive(name)) {
                  String trimmed = value.trim();
                  if (trimmed.length() >= MIN_LENGTH) {
                    v.add(trimmed);
                    // "Bearer <token>": the token alone may be quoted too.
                    int space = trimmed.lastIndexOf(' ');
                    if (space > 0 && trimmed.length() - space - 1 >= MIN_LENGTH) {
                      v.add(trimmed.substring(space + 1));
                    }
                  }
                }
              });
      return v.isEmpty() ? NONE : new Secrets(List.copyOf(v));
    }

    String scrub(String s) {
      if (s == null) {
        return null;
      }
      String out = s;
      for (String v : values) {
        out = out.replace(v, "<redacted>");
      }
      return out;
    }

    /**
     * {@code t} itself when no message in its cause chain contains a secret; otherwise a stand-in
     * with scrubbed messages and the original stack, because a logger prints the whole chain.
     */
    Throwable sanitize(Throwable t) {
      if (values.isEmpty() || !leaks(t)) {
        return t;
      }
      return copy(t, 0);
    }

    private boolean leaks(Throwable t) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        String m = c.getMessage();
        if (m != null && !m.equals(scrub(m))) {
          return true;
        }
        if (c.getCause() == c) {
          break;
        }
      }
      return false;
    }

    private Throwable copy(Throwable t, int depth) {
      Redacted r = new Redacted(t.getClass().getName() + ": " + scrub(t.getMessage()));
      r.setStackTrace(t.getStackTrace());
      if (t.getCause() != null && t.getCause() != t && depth < 16) {
        r.initCause(copy(t.getCause(), depth + 1));
      }
      return r;
    }
  }

  /** Stands in for an exception whose message quoted a credential. */
  static final class Redacted extends IOException {
    private static final long serialVersionUID = 1L;

    Redacted(String message) {
      super(message);
    }
  }
}
