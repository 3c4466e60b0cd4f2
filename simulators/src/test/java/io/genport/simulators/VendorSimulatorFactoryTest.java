package io.genport.simulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The simulators as a host finds them: through {@link ServiceLoader} and the hand-written services
 * file, started with the shared options, described in the providers' own configuration keys.
 */
class VendorSimulatorFactoryTest {
  private final TestHttp http = new TestHttp();

  private static Map<String, VendorSimulatorFactory> discovered() {
    Map<String, VendorSimulatorFactory> out = new TreeMap<>();
    for (VendorSimulatorFactory f : ServiceLoader.load(VendorSimulatorFactory.class)) {
      assertEquals(null, out.put(f.provider(), f), "two simulators for " + f.provider());
    }
    return out;
  }

  @Test
  void theServicesFileRegistersOneSimulatorPerShippedVendor() {
    assertEquals(
        java.util.List.of("bedrock", "cog", "eachlabs", "fal", "leonardo", "oxen", "replicate"),
        java.util.List.copyOf(discovered().keySet()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "fal, FAL_KEY, base-url download-allow queue-url",
    "replicate, REPLICATE_API_TOKEN, base-url download-allow wait",
    "eachlabs, EACHLABS_API_KEY, base-url download-allow",
    "oxen, OXEN_API_KEY, base-url download-allow",
    "leonardo, LEONARDO_API_KEY, base-url download-allow poll-interval-ms",
    "cog, '', base-url download-allow"
  })
  void eachStartsOnLoopbackDescribedInProviderConfigKeysAndStops(
      String provider, String credential, String keys) throws Exception {
    RunningSimulator sim = discovered().get(provider).start(SimulatorOptions.defaults());
    URI base;
    try (sim) {
      assertEquals(
          java.util.List.of(keys.split(" ")),
          java.util.List.copyOf(new java.util.TreeSet<>(sim.providerConfig().keySet())));
      assertEquals(
          credential.isEmpty() ? java.util.Set.of() : java.util.Set.of(credential),
          sim.credentials().keySet());
      base = URI.create(sim.providerConfig().get("base-url"));
      assertEquals("http", base.getScheme());
      assertEquals("127.0.0.1", base.getHost());
      assertEquals("127.0.0.1", sim.providerConfig().get("download-allow"));
      // The server answers (whatever the route), so the address is live.
      HttpResponse<byte[]> r = http.get(base, null);
      assertTrue(r.statusCode() >= 200 && r.statusCode() < 600, "status " + r.statusCode());
      if (!credential.isEmpty()) {
        assertFalse(
            sim.toString().contains(sim.credentials().get(credential)),
            "toString never shows a credential value: " + sim);
      }
    }
    assertThrows(ConnectException.class, () -> http.get(base, null), "closed");
  }

  @Test
  void theFalSimulatorAcceptsExactlyTheCredentialItDeclares() throws Exception {
    try (RunningSimulator sim = discovered().get("fal").start(SimulatorOptions.defaults())) {
      URI submit = URI.create(sim.providerConfig().get("queue-url") + "/fal-ai/flux/dev");
      String body = "{\"prompt\":\"a fox\"}";
      assertEquals(200, http.post(submit, sim.credentials().get("FAL_KEY"), body).statusCode());
      assertEquals(401, http.post(submit, "not-the-key", body).statusCode());
    }
  }

  @Test
  void closingStopsTheServerOnceAndRethrowsItsFailureUnchecked() {
    AtomicInteger closes = new AtomicInteger();
    new RunningSimulator(Map.of(), Map.of(), closes::incrementAndGet).close();
    assertEquals(1, closes.get());

    RunningSimulator failing =
        new RunningSimulator(
            Map.of(),
            Map.of(),
            () -> {
              throw new IOException("port stuck");
            });
    IllegalStateException e = assertThrows(IllegalStateException.class, failing::close);
    assertTrue(e.getMessage().contains("port stuck"), e.getMessage());
  }

  @Test
  void configurationKeysMustBeProviderKeysNotEnvironmentVariables() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RunningSimulator(Map.of("GENPORT_FAL_BASE_URL", "x"), Map.of(), () -> {}));
    assertTrue(e.getMessage().contains("GENPORT_FAL_BASE_URL"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new RunningSimulator(Map.of(), Map.of("FAL_KEY", " "), () -> {}));
  }
}
