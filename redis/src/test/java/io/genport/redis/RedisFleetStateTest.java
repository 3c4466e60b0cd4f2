package io.genport.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.Target;
import io.genport.core.port.JobClaim;
import io.genport.core.port.JobRecord;
import io.genport.core.port.RateKey;
import io.genport.core.port.RateLimit;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis fleet state against a real redis-server: scripts, claims, settings, credentials. */
class RedisFleetStateTest {
  static RealRedis redis;

  @BeforeAll
  static void start() throws Exception {
    redis = new RealRedis();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  /**
   * These tests judge the scripts, so Redis must answer: a generous timeout keeps a loaded machine
   * from turning a slow answer into a local one (the fallback has tests of its own).
   */
  private static RedisFleetState state(String ns) {
    return RedisFleetState.connect(
        RedisFleetSettings.builder(redis.url())
            .namespace(ns)
            .commandTimeout(Duration.ofSeconds(2))
            .build());
  }

  @Test
  void ofTwoInstancesClaimingTheSameItemsNeverBothHoldOne() throws Exception {
    try (RedisFleetState a = state("claims");
        RedisFleetState b = state("claims")) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<String>> holders = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String key = "row-" + i;
        for (RedisFleetState s : List.of(a, b)) {
          String owner = s == a ? "w-a" : "w-b";
          // As submitOnce does: claim until granted, or until someone else's claim is seen.
          Callable<String> claim =
              () -> {
                while (true) {
                  JobClaim c = s.claimJob(key, owner, Duration.ofMinutes(1));
                  if (c.granted()) {
                    return owner;
                  }
                  if (!c.record().owner().equals(RedisFleetState.UNDECIDED_OWNER)) {
                    return "";
                  }
                  Thread.sleep(10);
                }
              };
          holders.add(pool.submit(claim));
        }
      }
      int granted = 0;
      for (int i = 0; i < holders.size(); i += 2) {
        String x = holders.get(i).get();
        String y = holders.get(i + 1).get();
        assertFalse(!x.isEmpty() && !y.isEmpty(), "both hold row-" + (i / 2));
        assertTrue(!x.isEmpty() || !y.isEmpty(), "nobody holds row-" + (i / 2));
        granted++;
      }
      pool.shutdown();
      assertEquals(200, granted);
    }
  }

  @Test
  void aRecordWithAVendorJobIsNeverClaimedAgainNorReplacedByALateClaim() {
    try (RedisFleetState a = state("records")) {
      JobClaim c = a.claimJob("row-x", "w1", Duration.ofMillis(1));
      assertTrue(c.granted());
      Instant now = Instant.now();
      a.recordJob(c.record().with(JobRecord.Status.ACCEPTED, "gp1.handle", null, now));
      a.recordJob(c.record().with(JobRecord.Status.CLAIMED, null, null, now.plusSeconds(1)));
      JobRecord r = a.job("row-x").orElseThrow();
      assertEquals(JobRecord.Status.ACCEPTED, r.status());
      assertEquals("gp1.handle", r.handle());
      JobClaim again = a.claimJob("row-x", "w2", Duration.ofMinutes(1));
      assertFalse(again.granted(), "the lease ended but a vendor holds the job");
      assertEquals("gp1.handle", again.record().handle());
      a.recordJob(
          r.with(
              JobRecord.Status.SUCCEEDED, "gp1.handle", "s3a://bucket/row-x", now.plusSeconds(2)));
      assertEquals("s3a://bucket/row-x", a.job("row-x").orElseThrow().resultLocation());
      assertEquals(Optional.empty(), a.job("row-unknown"));
    }
  }

  @Test
  void theSpendCeilingIsPassedByAtMostOneReservationAndUnitsStayApart() {
    try (RedisFleetState a = state("spend");
        RedisFleetState b = state("spend")) {
      BigDecimal ceiling = new BigDecimal("1.00");
      int reserved = 0;
      for (int i = 0; i < 20; i++) {
        if ((i % 2 == 0 ? a : b)
            .reserveSpend("USD", "2026-12-03", new BigDecimal("0.3"), ceiling)) {
          reserved++;
        }
      }
      assertEquals(4, reserved, "0.3 + 0.3 + 0.3 is below 1.00, so a fourth goes, then none");
      assertEquals(0, new BigDecimal("1.2").compareTo(b.spent("USD", "2026-12-03")));
      assertEquals(0, BigDecimal.ZERO.compareTo(a.spent("credits", "2026-12-03")));
      a.addSpend("USD", "2026-12-03", new BigDecimal("-0.3"));
      assertEquals(0, new BigDecimal("0.9").compareTo(b.spent("USD", "2026-12-03")));
    }
  }

  @Test
  void theTokenBucketIsSharedAndSaysHowLongToWait() {
    try (RedisFleetState a = state("rate");
        RedisFleetState b = state("rate")) {
      RateKey key = new RateKey("fal", RateKey.fingerprint("secret"));
      RateLimit limit = new RateLimit(1, Duration.ofMinutes(1), 2);
      assertEquals(Duration.ZERO, a.takeRateToken(key, limit));
      assertEquals(Duration.ZERO, b.takeRateToken(key, limit));
      Duration wait = a.takeRateToken(key, limit);
      assertTrue(
          wait.compareTo(Duration.ofSeconds(50)) > 0 && wait.compareTo(Duration.ofSeconds(60)) <= 0,
          "the burst of 2 is spent across both instances; wait " + wait);
    }
  }

  @Test
  void aCircuitOpenedByOneIsSeenByTheOtherAfterARefresh() throws Exception {
    try (RedisFleetState a = state("circuits");
        RedisFleetState b = state("circuits")) {
      Target t = Target.parse("fal:fal-ai/flux/dev");
      Instant until = Instant.now().plusSeconds(30);
      a.circuitOpened(t, until);
      long t0 = System.nanoTime();
      while (b.circuitOpenUntil(t) == null && System.nanoTime() - t0 < 5_000_000_000L) {
        Thread.sleep(5);
      }
      assertEquals(until.toEpochMilli(), b.circuitOpenUntil(t).toEpochMilli());
    }
  }

  @Test
  void aMalformedUrlIsNamedWithoutItsPassword() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RedisFleetState.fromEnvironment(
                    Map.of("GENPORT_REDIS_URL", "http://user:hunter2@localhost:6379")));
    assertTrue(e.getMessage().startsWith("GENPORT_REDIS_URL"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    for (String bad :
        new String[] {
          "redis://", "redis://:pw@host:99999", "redis://host/abc", "not a url at all"
        }) {
      IllegalArgumentException e2 =
          assertThrows(
              IllegalArgumentException.class,
              () -> RedisFleetSettings.fromEnvironment(Map.of("GENPORT_REDIS_URL", bad)),
              bad);
      assertTrue(e2.getMessage().contains("GENPORT_REDIS_URL"), e2.getMessage());
      assertFalse(e2.getMessage().contains("pw@"), e2.getMessage());
    }
    assertEquals(Optional.empty(), RedisFleetState.fromEnvironment(Map.of()));
  }

  @Test
  void aRefusedPasswordIsNamedOnceAndNeverPrinted() throws Exception {
    try (RealRedis locked = new RealRedis("requirepass right-secret")) {
      String url = "redis://:wrong-secret@127.0.0.1:" + locked.port();
      RedisAuthenticationException e =
          assertThrows(
              RedisAuthenticationException.class,
              () -> RedisFleetState.fromEnvironment(Map.of("GENPORT_REDIS_URL", url)));
      assertTrue(e.getMessage().contains("GENPORT_REDIS_URL"), e.getMessage());
      assertTrue(e.getMessage().contains("refused the credentials"), e.getMessage());
      assertFalse(e.getMessage().contains("wrong-secret"), e.getMessage());
      assertFalse(e.getMessage().contains("right-secret"), e.getMessage());
      try (RedisFleetState ok =
          RedisFleetState.connect(
              RedisFleetSettings.builder("redis://:right-secret@127.0.0.1:" + locked.port())
                  .build())) {
        assertTrue(ok.stats().connected());
        assertFalse(ok.toString().contains("right-secret"));
        assertFalse(ok.settings().toString().contains("right-secret"));
      }
    }
  }
}
