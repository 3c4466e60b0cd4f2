package io.genport.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.port.Sleeper;
import io.genport.spi.download.ImageStore;
import io.genport.spi.http.HttpTransport;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * The host services a provider gets. Passed to {@link ProviderFactory#create}; grows through
 * default methods, never through new parameters. All services are thread-safe and shared.
 *
 * @since 1
 */
public interface ProviderContext {

  /** The HTTP transport to reach the vendor with. */
  HttpTransport transport();

  /** The clock to read time from; never {@link System#currentTimeMillis()} directly. */
  Clock clock();

  /** The sleeper to wait with; never {@link Thread#sleep} directly. */
  Sleeper sleeper();

  /** Where credentials come from. */
  Credentials credentials();

  /** A shared, configured JSON mapper. Do not reconfigure it. */
  ObjectMapper json();

  /** Randomness for drawing seeds; injected so plans are reproducible in tests. */
  RandomGenerator random();

  /**
   * Where the provider writes the images it receives, as they arrive; {@linkplain
   * ImageStore#memory() in memory} by default.
   */
  default ImageStore imageStore() {
    return ImageStore.memory();
  }

  /** This context with images written to {@code store}. */
  default ProviderContext withImageStore(ImageStore store) {
    java.util.Objects.requireNonNull(store, "store is null");
    ProviderContext base = this;
    return new ProviderContext() {
      @Override
      public HttpTransport transport() {
        return base.transport();
      }

      @Override
      public Clock clock() {
        return base.clock();
      }

      @Override
      public Sleeper sleeper() {
        return base.sleeper();
      }

      @Override
      public Credentials credentials() {
        return base.credentials();
      }

      @Override
      public ObjectMapper json() {
        return base.json();
      }

      @Override
      public RandomGenerator random() {
        return base.random();
      }

      @Override
      public ImageStore imageStore() {
        return store;
      }
    };
  }

  /** Creates a context from its parts. */
  static ProviderContext of(
      HttpTransport transport,
      Clock clock,
      Sleeper sleeper,
      Credentials credentials,
      ObjectMapper json,
      RandomGenerator random) {
    return new SimpleProviderContext(transport, clock, sleeper, credentials, json, random);
  }
}
