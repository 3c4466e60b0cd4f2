package io.genport.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.port.Sleeper;
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
