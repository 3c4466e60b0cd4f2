package io.genport.provider.fal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderContext;
import io.genport.spi.http.HttpTransport;
import java.time.Clock;
import java.util.Map;
import java.util.Random;

/** Provider contexts for the fal-specific tests: no sleeping, a seeded random. */
final class TestContexts {
  private TestContexts() {}

  static ProviderContext context(HttpTransport transport, Map<String, String> credentials) {
    return ProviderContext.of(
        transport,
        Clock.systemUTC(),
        d -> {},
        Credentials.fromMap(credentials),
        new ObjectMapper(),
        new Random(7));
  }

  /** A context whose transport fails every request; for tests that must send nothing. */
  static ProviderContext offline() {
    return context(
        r -> {
          throw new AssertionError("nothing may be sent, but got " + r);
        },
        Map.of(FalProviderFactory.CREDENTIAL, FalHarness.KEY));
  }
}
