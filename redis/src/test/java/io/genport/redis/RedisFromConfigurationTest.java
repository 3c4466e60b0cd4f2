package io.genport.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.application.FleetPolicy;
import io.genport.core.domain.FleetLimitException;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.port.FleetState;
import io.genport.core.port.SpendPeriod;
import io.genport.facade.GenPort;
import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.VendorSimulatorFactory;
import io.genport.spi.ProviderConfig;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GenPort.builder()} opens this module's fleet state from {@code GENPORT_REDIS_URL} or
 * {@code genport.yaml} (found through {@link RedisFleetStateFactory}), against a real redis-server
 * and the fal simulator.
 */
class RedisFromConfigurationTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
  private static final String TODAY = SpendPeriod.DAY.label(CLOCK.instant());

  private static RealRedis redis;
  private static RunningSimulator fal;
  private static final Map<String, String> ENV = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    redis = new RealRedis();
    fal =
        ServiceLoader.load(VendorSimulatorFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(f -> f.provider().equals("fal"))
            .findFirst()
            .orElseThrow()
            .start(SimulatorOptions.defaults());
    fal.providerConfig()
        .forEach((k, v) -> ENV.put(ProviderConfig.environmentVariable("fal", k), v));
    ENV.putAll(fal.credentials());
  }

  @AfterAll
  static void stop() {
    fal.close();
    redis.close();
  }

  /** A generous timeout: these tests judge the wiring, not the fallback on a slow answer. */
  private static String url(int db) {
    return redis.url() + "/" + db + "?timeout=5s";
  }

  /** Another instance of the fleet: a state of its own on the same Redis database. */
  private static RedisFleetState peer(int db) {
    return RedisFleetState.connect(
        RedisFleetSettings.builder(redis.url() + "/" + db)
            .commandTimeout(Duration.ofSeconds(5))
            .build());
  }

  private static GenerationRequest fox() {
    return GenerationRequest.builder("a red fox in the snow").build();
  }

  @Test
  void theVariableOpensRedisAndTheFleetsSpendStopsThisInstance(@TempDir Path dir) throws Exception {
    Path yaml =
        Files.writeString(
            dir.resolve("genport.yaml"),
            """
            fleet:
              costPerImage:
                fal: { amount: 1, unit: USD }
              ceilings:
                USD: { amount: 3, period: day }
            """);
    Map<String, String> env = new HashMap<>(ENV);
    env.put("GENPORT_REDIS_URL", url(1));
    try (RedisFleetState other = peer(1);
        GenPort genport =
            GenPort.builder()
                .environment(env)
                .config(yaml)
                .clock(CLOCK)
                .route("fal:flux-2")
                .build()) {
      FleetState state = genport.router().fleetState();
      assertInstanceOf(RedisFleetState.class, state);
      assertEquals("GENPORT_REDIS_URL", ((RedisFleetState) state).settings().source());
      assertEquals(Duration.ofSeconds(5), ((RedisFleetState) state).settings().commandTimeout());

      // Another instance spent the day's ceiling: this one must refuse before sending anything.
      other.addSpend("USD", TODAY, new BigDecimal("3"));
      GenerationException e =
          assertThrows(GenerationException.class, () -> genport.generate(fox()));
      assertTrue(
          e instanceof FleetLimitException || e.getCause() instanceof FleetLimitException,
          e.toString());
      assertTrue(e.getMessage().contains("ceiling"), e.getMessage());
    }
  }

  @Test
  void theUrlInGenportYamlWinsOverTheVariable(@TempDir Path dir) throws Exception {
    Path yaml =
        Files.writeString(dir.resolve("genport.yaml"), "fleet:\n  redisUrl: " + url(2) + "\n");
    Map<String, String> env = new HashMap<>(ENV);
    env.put("GENPORT_REDIS_URL", "redis://127.0.0.1:1"); // overridden by the file
    try (RedisFleetState other = peer(2)) {
      try (GenPort genport =
          GenPort.builder()
              .environment(env)
              .config(yaml)
              .clock(CLOCK)
              .route("fal:flux-2")
              .build()) {
        RedisFleetState opened =
            assertInstanceOf(RedisFleetState.class, genport.router().fleetState());
        assertEquals(yaml + " fleet.redisUrl", opened.settings().source());
        assertEquals(1, genport.generate(fox()).images().size());
        // The port's state writes to the shared Redis: the peer reads it.
        opened.addSpend("credits", TODAY, new BigDecimal("7"));
        assertEquals(0, new BigDecimal("7").compareTo(other.spent("credits", TODAY)));
      }
    }
  }

  @Test
  void aStateGivenToTheBuilderIsUsedAndLeftOpen() {
    try (RedisFleetState mine = peer(3)) {
      try (GenPort genport =
          GenPort.builder()
              .environment(ENV)
              .clock(CLOCK)
              .fleet(mine, FleetPolicy.NONE)
              .route("fal:flux-2")
              .build()) {
        assertSame(mine, genport.router().fleetState());
      }
      assertTrue(mine.stats().connected(), "the caller owns the state it gave");
      mine.addSpend("USD", TODAY, BigDecimal.ONE);
      assertEquals(0, BigDecimal.ONE.compareTo(mine.spent("USD", TODAY)));
    }
  }

  @Test
  void aMalformedUrlNamesTheVariableNotThePassword() {
    Map<String, String> env = new HashMap<>(ENV);
    env.put("GENPORT_REDIS_URL", "redis://:hunter2@127.0.0.1:6379/db");
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> GenPort.builder().environment(env).route("fal:flux-2").build());
    assertEquals("GENPORT_REDIS_URL", e.field());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }
}
