package io.genport.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.application.FleetPolicy;
import io.genport.core.application.InMemoryFleetState;
import io.genport.core.domain.FleetLimitException;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.port.FleetState;
import io.genport.core.port.RateLimit;
import io.genport.core.port.SpendPeriod;
import io.genport.facade.config.FleetConfig;
import io.genport.facade.config.GenportConfig;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet state reaches the router from the builder, {@code genport.yaml} and {@code
 * GENPORT_REDIS_URL}; the facade's class path has no {@code genport-redis}, so a Redis URL here is
 * the "artifact missing" error (the redis module's tests open a real one).
 */
class FleetWiringTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
  private static Simulated sims;

  @BeforeAll
  static void startSimulators() {
    sims = new Simulated("fal");
  }

  @AfterAll
  static void stopSimulators() {
    sims.close();
  }

  private static GenerationRequest fox() {
    return GenerationRequest.builder("a red fox in the snow").build();
  }

  @Test
  void theFleetBlockOfGenportYamlBecomesAPolicy() {
    GenportConfig c =
        GenportConfig.parse(
            """
            fleet:
              redisUrl: redis://fleet.example:6380/2
              owner: worker-7
              rateLimits:
                fal: { permits: 20, per: 2s, burst: 4 }
                replicate: { permits: 10 }
              costPerImage:
                fal:flux-2: { amount: 0.03, unit: USD }
              ceilings:
                USD: { amount: 50, period: month }
            """,
            null);
    FleetConfig f = c.fleet();
    assertEquals("redis://fleet.example:6380/2", f.redisUrl());
    assertTrue(f.hasPolicy());
    FleetPolicy p = f.policy();
    assertEquals(new RateLimit(20, Duration.ofSeconds(2), 4), p.rateLimits().get("fal"));
    assertEquals(new RateLimit(10, Duration.ofSeconds(1), 1), p.rateLimits().get("replicate"));
    assertEquals(0, new BigDecimal("0.03").compareTo(p.costPerImage().get("fal:flux-2").amount()));
    assertEquals(1, p.ceilings().size());
    assertEquals(SpendPeriod.MONTH, p.ceilings().get(0).period());
    assertEquals("USD", p.ceilings().get(0).limit().currency());
    assertEquals("worker-7", p.owner());
    assertFalse(f.toString().contains("fleet.example"), f.toString());
    assertEquals(FleetConfig.NONE, GenportConfig.parse("routes: {}", null).fleet());
  }

  @Test
  void aBadFleetValueNamesItsYamlPath() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () ->
                GenportConfig.parse(
                    "fleet:\n  ceilings:\n    USD: { amount: 5, period: week }", null));
    assertEquals("genport.yaml fleet.ceilings.USD.period", e.field());
    assertTrue(e.getMessage().contains("hour, day or month"), e.getMessage());

    e =
        assertThrows(
            InvalidRequestException.class,
            () -> GenportConfig.parse("fleet:\n  rateLimit: {}", null));
    assertEquals("genport.yaml fleet.rateLimit", e.field());
    assertTrue(e.getMessage().contains("rateLimits"), e.getMessage());

    e =
        assertThrows(
            InvalidRequestException.class,
            () -> GenportConfig.parse("fleet:\n  rateLimits:\n    fal: { permits: 0 }", null));
    assertEquals("genport.yaml fleet.rateLimits.fal.permits", e.field());
  }

  @Test
  void genportYamlRefusesARedisUrlWithAPasswordAndDoesNotRepeatIt() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () ->
                GenportConfig.parse(
                    "fleet:\n  redisUrl: redis://:hunter2@fleet.example:6379", null));
    assertEquals("genport.yaml fleet.redisUrl", e.field());
    assertTrue(e.getMessage().contains("GENPORT_REDIS_URL"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void aRedisUrlWithoutTheRedisJarNamesTheVariableAndTheArtifact() {
    Map<String, String> env = new HashMap<>(sims.environment);
    env.put("GENPORT_REDIS_URL", "redis://:hunter2@127.0.0.1:6379");
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> GenPort.builder().environment(env).route("fal:flux-2").build());
    assertEquals("GENPORT_REDIS_URL", e.field());
    assertTrue(e.getMessage().contains("io.genport:genport-redis"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void aRedisUrlInGenportYamlWithoutTheJarNamesTheKey(@TempDir Path dir) throws Exception {
    Path yaml =
        Files.writeString(dir.resolve("genport.yaml"), "fleet:\n  redisUrl: redis://127.0.0.1:1\n");
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () ->
                GenPort.builder()
                    .environment(sims.environment)
                    .config(yaml)
                    .route("fal:flux-2")
                    .build());
    assertEquals(yaml + " fleet.redisUrl", e.field());
    assertTrue(e.getMessage().contains("io.genport:genport-redis"), e.getMessage());
  }

  @Test
  void anUnknownSchemeIsRefused() {
    Map<String, String> env = new HashMap<>(sims.environment);
    env.put("GENPORT_REDIS_URL", "memcached://127.0.0.1:11211");
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> GenPort.builder().environment(env).route("fal:flux-2").build());
    assertEquals("GENPORT_REDIS_URL", e.field());
    assertTrue(e.getMessage().contains("memcached://"), e.getMessage());
  }

  @Test
  void theBuildersFleetStateIsTheRoutersAndStaysOpen() {
    InMemoryFleetState state = new InMemoryFleetState(CLOCK);
    try (GenPort genport =
        GenPort.builder()
            .environment(sims.environment)
            .clock(CLOCK)
            .fleet(state, FleetPolicy.NONE)
            .route("fal:flux-2")
            .build()) {
      assertSame(state, genport.router().fleetState());
      assertEquals(1, genport.generate(fox()).images().size());
    }
  }

  @Test
  void aCeilingFromGenportYamlHoldsWithoutASharedStore(@TempDir Path dir) throws Exception {
    Path yaml =
        Files.writeString(
            dir.resolve("genport.yaml"),
            """
            fleet:
              costPerImage:
                fal: { amount: 1, unit: USD }
              ceilings:
                USD: { amount: 5, period: day }
            """);
    try (GenPort genport =
        GenPort.builder()
            .environment(sims.environment)
            .clock(CLOCK)
            .config(yaml)
            .route("fal:flux-2")
            .build()) {
      FleetState state = genport.router().fleetState();
      assertInstanceOf(InMemoryFleetState.class, state);
      state.addSpend("USD", SpendPeriod.DAY.label(CLOCK.instant()), new BigDecimal("5"));

      GenerationException e =
          assertThrows(GenerationException.class, () -> genport.generate(fox()));
      assertTrue(
          e instanceof FleetLimitException || e.getCause() instanceof FleetLimitException,
          e.toString());
    }
  }
}
