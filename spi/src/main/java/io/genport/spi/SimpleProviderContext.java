package io.genport.spi;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.port.Sleeper;
import io.genport.spi.http.HttpTransport;
import java.time.Clock;
import java.util.random.RandomGenerator;

record SimpleProviderContext(
    HttpTransport transport,
    Clock clock,
    Sleeper sleeper,
    Credentials credentials,
    ObjectMapper json,
    RandomGenerator random)
    implements ProviderContext {
  SimpleProviderContext {
    requireNonNull(transport, "transport is null");
    requireNonNull(clock, "clock is null");
    requireNonNull(sleeper, "sleeper is null");
    requireNonNull(credentials, "credentials is null");
    requireNonNull(json, "json is null");
    requireNonNull(random, "random is null");
  }
}
