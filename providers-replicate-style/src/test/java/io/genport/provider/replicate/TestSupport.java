package io.genport.provider.replicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.GenerationException;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.VendorJob;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderContext;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpTransport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Contexts, a recording transport and bounded waits for the provider tests. */
final class TestSupport {
  private TestSupport() {}

  static ProviderContext context(HttpTransport transport, Map<String, String> credentials) {
    return ProviderContext.of(
        transport,
        Clock.systemUTC(),
        d -> {},
        Credentials.fromMap(credentials),
        new ObjectMapper(),
        new Random(7));
  }

  /** A transport that fails every request: for tests that must send nothing. */
  static HttpTransport offline() {
    return r -> {
      throw new AssertionError("nothing may be sent, but got " + r);
    };
  }

  /** Records every request (with its headers) before passing it on. */
  static final class Recording implements HttpTransport {
    final HttpTransport next;
    final List<HttpRequest> sent = new CopyOnWriteArrayList<>();

    Recording(HttpTransport next) {
      this.next = next;
    }

    @Override
    public CompletableFuture<io.genport.spi.http.HttpResponse> send(HttpRequest request) {
      sent.add(request);
      return next.send(request);
    }
  }

  static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within 30 s", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
        c = c.getCause();
      }
      if (c instanceof GenerationException g) {
        throw g;
      }
      throw new AssertionError("unclassified failure: " + c, c);
    }
  }

  /** The failure of {@code f}, which must fail with a classified exception. */
  static GenerationException failure(CompletableFuture<?> f) {
    try {
      Object v = await(f);
      throw new AssertionError("expected a failure, got " + v);
    } catch (GenerationException e) {
      return e;
    }
  }

  /** Polls (without sleeping) until terminal; returns every status seen. */
  static List<JobStatus> pollToEnd(ImageProvider provider, VendorJob job) {
    List<JobStatus> seen = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      JobStatus s = await(provider.poll(job));
      seen.add(s);
      if (s.terminal()) {
        return seen;
      }
    }
    throw new AssertionError("job did not end: " + seen);
  }
}
