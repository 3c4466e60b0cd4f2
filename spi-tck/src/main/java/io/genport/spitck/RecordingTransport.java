package io.genport.spitck;

import static java.util.Objects.requireNonNull;

import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.HttpTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link HttpTransport} that passes every request to another one and remembers it, so a test can
 * prove that something (planning, describing) sent nothing. Thread-safe.
 *
 * <p>The recorded requests still hold their credential headers; their {@link
 * HttpRequest#toString()} redacts them, but do not print the header maps.
 *
 * @since 1
 */
public final class RecordingTransport implements HttpTransport {
  private final HttpTransport delegate;
  private final List<HttpRequest> sent = new ArrayList<>();

  /** Records what passes through to {@code delegate}. */
  public RecordingTransport(HttpTransport delegate) {
    this.delegate = requireNonNull(delegate, "delegate is null");
  }

  @Override
  public CompletableFuture<HttpResponse> send(HttpRequest request) {
    synchronized (sent) {
      sent.add(request);
    }
    return delegate.send(request);
  }

  /** The requests sent so far, in order. */
  public List<HttpRequest> sent() {
    synchronized (sent) {
      return List.copyOf(sent);
    }
  }

  /** How many requests were sent so far. */
  public int count() {
    synchronized (sent) {
      return sent.size();
    }
  }

  @Override
  public String toString() {
    return "RecordingTransport[" + count() + " sent]";
  }
}
