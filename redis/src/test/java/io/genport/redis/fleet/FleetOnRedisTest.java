package io.genport.redis.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.port.JobRecord;
import io.genport.core.port.SpendPeriod;
import io.genport.redis.RealRedis;
import io.genport.redis.RedisFleetSettings;
import io.genport.redis.RedisFleetState;
import io.genport.simulators.Fault;
import io.genport.simulators.JobTiming;
import io.genport.simulators.RecordedRequest;
import io.genport.simulators.fal.FalSimulator;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Four GenPort instances, each in its own class loader, against one real redis-server and the fal
 * simulators: circuits, a vendor rate limit, a spending ceiling and a Redis outage, judged from the
 * simulators' own request journals. Tagged {@code fleet}: {@code mvn verify -DexcludedGroups=fleet}
 * skips it for a quick local run; the default build runs it.
 *
 * <p>The figures (staleness, aggregate rate) are printed for the record. The 1 s staleness and the
 * 20/s + 10% rate are the issue's own bounds and are asserted as such; the members' waits are real.
 */
@Tag("fleet")
class FleetOnRedisTest {
  static final String FAL_KEY = "fleet-key-id:fleet-key-secret";
  static final int MEMBERS = 4;

  static RealRedis redis;
  static FalSimulator falA;
  static FalSimulator falB;

  @BeforeAll
  static void start() throws Exception {
    redis = new RealRedis();
    falA =
        FalSimulator.builder()
            .apiKey(FAL_KEY)
            .randomSeed(1)
            .jobTiming(JobTiming.immediate())
            .start();
    falB =
        FalSimulator.builder()
            .apiKey(FAL_KEY)
            .randomSeed(2)
            .jobTiming(JobTiming.immediate())
            .start();
    fleet = new IsolatedMembers();
    for (int i = 0; i < MEMBERS; i++) {
      members.add(fleet.start(config("start", i)));
    }
  }

  /** Started once: loading four copies of the libraries is the slow part, not the tests. */
  static IsolatedMembers fleet;

  static List<BiFunction<String, Object, Object>> members = new ArrayList<>();

  /** Gives every member a fresh router and fleet state under {@code namespace}. */
  static List<BiFunction<String, Object, Object>> configure(
      String namespace, java.util.function.Consumer<Map<String, String>> extra) {
    for (int i = 0; i < MEMBERS; i++) {
      Map<String, String> c = config(namespace, i);
      extra.accept(c);
      members.get(i).apply("configure", c);
    }
    return members;
  }

  @AfterAll
  static void stop() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
    falA.close();
    falB.close();
    redis.close();
  }

  @BeforeEach
  void clean() {
    falA.faults().clear();
    falB.faults().clear();
    falA.requests().clear();
    falB.requests().clear();
  }

  static Map<String, String> config(String namespace, int member) {
    Map<String, String> c = new HashMap<>();
    c.put("redis", redis.url());
    c.put("namespace", namespace);
    c.put("owner", "member-" + member);
    c.put("falKey", FAL_KEY);
    // 200 ms instead of the default 50: the 2-core CI runs these beside other builds, and a slow
    // answer taken as a local one would measure the machine, not the fleet.
    c.put("commandTimeoutMs", "200");
    put(c, "falA", falA);
    return c;
  }

  static void put(Map<String, String> c, String which, FalSimulator sim) {
    c.put(which + ".base", sim.syncBaseUri().toString());
    c.put(which + ".queue", sim.queueBaseUri().toString());
    c.put(which + ".mediaHost", sim.mediaBaseUri().getHost());
  }

  static List<Instant> submits(FalSimulator sim) {
    return sim.requests().matching(FalSimulator.SUBMIT).stream()
        .map(RecordedRequest::receivedAt)
        .sorted()
        .toList();
  }

  /** The idempotency keys the last {@link #load} used. */
  static final ConcurrentLinkedQueue<String> lastKeys = new ConcurrentLinkedQueue<>();

  /** Runs {@code call} on {@code threads} threads per member until {@code until}; the answers. */
  static List<String> load(
      List<BiFunction<String, Object, Object>> members,
      int threads,
      long untilNanos,
      java.util.function.BiFunction<Integer, Integer, Object> argument,
      java.util.function.Predicate<String> stop)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(members.size() * threads);
    ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>();
    lastKeys.clear();
    List<Future<?>> fs = new ArrayList<>();
    for (int m = 0; m < members.size(); m++) {
      for (int t = 0; t < threads; t++) {
        BiFunction<String, Object, Object> member = members.get(m);
        int worker = m * threads + t;
        fs.add(
            pool.submit(
                () -> {
                  for (int n = 0; System.nanoTime() < untilNanos; n++) {
                    Object arg = argument.apply(worker, n);
                    String a = (String) member.apply("generate", arg);
                    answers.add(a);
                    if (arg != null) {
                      lastKeys.add((String) arg);
                    }
                    if (stop.test(a)) {
                      return;
                    }
                  }
                }));
      }
    }
    for (Future<?> f : fs) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();
    return new ArrayList<>(answers);
  }

  @Test
  void aCircuitOpenedByOneInstanceIsHonouredByTheOthersWithinASecond() throws Exception {
    falA.faults().on(FalSimulator.SUBMIT).always().inject(Fault.status(503));
    {
      List<BiFunction<String, Object, Object>> members =
          configure(
              "circuit",
              c -> {
                put(c, "falB", falB);
                c.put("breakAfter", "3");
              });
      BiFunction<String, Object, Object> opener = members.get(0);
      for (int i = 0; i < 3; i++) {
        assertEquals("ok", opener.apply("generate", null), "served by the second target");
      }
      assertEquals("OPEN", opener.apply("circuit", null));
      long opened = System.nanoTime();
      long[] seen = new long[MEMBERS];
      while (System.nanoTime() - opened < 5_000_000_000L) {
        boolean all = true;
        for (int i = 1; i < MEMBERS; i++) {
          if (seen[i] == 0 && "OPEN".equals(members.get(i).apply("circuit", null))) {
            seen[i] = System.nanoTime() - opened;
          }
          all &= seen[i] != 0;
        }
        if (all) {
          break;
        }
        Thread.sleep(2);
      }
      long worst = 0;
      for (int i = 1; i < MEMBERS; i++) {
        assertTrue(seen[i] != 0, "member " + i + " never saw the circuit open");
        worst = Math.max(worst, seen[i]);
      }
      System.out.printf(
          "fleet circuit: opened by member 0, seen open by the other 3 after at most %.0f ms%n",
          worst / 1e6);
      assertTrue(worst <= 1_000_000_000L, "staleness " + worst / 1e6 + " ms is above 1 s");

      int sentToA = submits(falA).size();
      assertEquals(3, sentToA);
      for (int i = 1; i < MEMBERS; i++) {
        assertEquals("ok", members.get(i).apply("generate", null));
      }
      assertEquals(sentToA, submits(falA).size(), "the others sent nothing to the open target");
    }
  }

  @Test
  void aVendorLimitOf20PerSecondHoldsAcrossFourInstances() throws Exception {
    {
      List<BiFunction<String, Object, Object>> members =
          configure("rate", c -> c.put("ratePerSecond", "20"));
      List<String> answers =
          load(members, 6, System.nanoTime() + 3_000_000_000L, (w, n) -> null, a -> false);
      assertTrue(answers.stream().allMatch("ok"::equals), answers.toString());
      List<Instant> sent = submits(falA);
      double span = Duration.between(sent.get(0), sent.get(sent.size() - 1)).toNanos() / 1e9;
      // The bucket holds one token (burst 1): n submits need n - 1 refills.
      double rate = (sent.size() - 1) / span;
      System.out.printf(
          "fleet rate: %d submits from 4 instances in %.2f s = %.1f/s (limit 20/s)%n",
          sent.size(), span, rate);
      assertTrue(rate <= 22.0, "aggregate " + rate + "/s is above 20/s + 10%");
    }
  }

  @Test
  void aCeilingOf5DollarsADayIsOvershotByAtMostOneCall() throws Exception {
    try (RedisFleetState reader =
        RedisFleetState.connect(
            RedisFleetSettings.builder(redis.url())
                .namespace("ceiling")
                .commandTimeout(Duration.ofSeconds(2))
                .build())) {
      List<BiFunction<String, Object, Object>> members =
          configure(
              "ceiling",
              c -> {
                c.put("ceilingUsd", "5");
                c.put("usdPerImage", "0.35");
              });
      List<String> answers =
          load(
              members,
              4,
              System.nanoTime() + 60_000_000_000L,
              (w, n) -> null,
              a -> a.contains("FleetLimitException"));
      long refused = answers.stream().filter(a -> a.contains("spending ceiling")).count();
      assertEquals(MEMBERS * 4, refused, "every worker ends on the ceiling: " + answers);
      int sent = submits(falA).size();
      BigDecimal billed = new BigDecimal("0.35").multiply(BigDecimal.valueOf(sent));
      BigDecimal ledger = reader.spent("USD", SpendPeriod.DAY.label(Instant.now()));
      System.out.printf(
          "fleet ceiling: 5 USD/day, %d calls of 0.35 USD sent by 4 instances = %s USD%n",
          sent, billed);
      // A reservation whose answer came late is also counted locally: the ledger may hold more
      // than was sent, never less.
      assertTrue(
          ledger.compareTo(billed) >= 0, "the ledger " + ledger + " holds less than " + billed);
      assertTrue(billed.compareTo(new BigDecimal("5.35")) <= 0, "overshoot above one call");
      // No lower bound: an instance that finds Redis slow decides alone and keeps to its share,
      // so the fleet may stop a little below the ceiling, never above it by more than a call.
    }
  }

  @Test
  void redisKilledMidRunFailsNoCallAndLosesNoAcceptedJob() throws Exception {
    Path dir = Files.createTempDirectory("genport-fleet-journal");
    {
      int[] idx = {0};
      List<BiFunction<String, Object, Object>> members =
          configure(
              "outage",
              c -> c.put("journal", dir.resolve("member-" + idx[0]++ + ".journal").toString()));
      long t0 = System.nanoTime();
      Thread killer =
          new Thread(
              () -> {
                try {
                  Thread.sleep(1000);
                  redis.stop();
                  Thread.sleep(1500);
                  redis.start();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      killer.start();
      List<String> answers =
          load(members, 3, t0 + 5_000_000_000L, (w, n) -> "item-" + w + "-" + n, a -> false);
      killer.join();
      assertTrue(answers.stream().allMatch("ok"::equals), "a call failed: " + answers);

      // Every accepted job reaches Redis once it is back; none was submitted twice.
      long deadline = System.nanoTime() + 10_000_000_000L;
      for (BiFunction<String, Object, Object> m : members) {
        while (((Number) ((Map<?, ?>) m.apply("stats", null)).get("pendingJobRecords")).intValue()
                > 0
            && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
      }
      int outages = 0;
      for (BiFunction<String, Object, Object> m : members) {
        Map<?, ?> s = (Map<?, ?>) m.apply("stats", null);
        assertEquals(0, ((Number) s.get("pendingJobRecords")).intValue(), s.toString());
        outages += ((Number) s.get("outages")).intValue();
      }
      assertTrue(outages >= MEMBERS, "every member noticed the outage: " + outages);
      int items = answers.size();
      assertEquals(items, lastKeys.size());
      int found = 0;
      List<String> missing = new ArrayList<>();
      try (RedisFleetState check =
          RedisFleetState.connect(
              RedisFleetSettings.builder(redis.url())
                  .namespace("outage")
                  .commandTimeout(Duration.ofSeconds(2))
                  .build())) {
        for (String key : lastKeys) {
          var rec = check.job(key);
          if (rec.isEmpty()) {
            missing.add(key);
            continue;
          }
          assertEquals(JobRecord.Status.SUCCEEDED, rec.get().status(), rec.get().toString());
          assertTrue(rec.get().vendorHoldsJob());
          found++;
        }
      }
      System.out.printf(
          "fleet outage: Redis down 1.5 s mid-run; %d calls, all served; %d job records in Redis;"
              + " %d submits at the vendor; %d outages noticed%n",
          items, found, submits(falA).size(), outages);
      assertEquals(List.of(), missing, "accepted jobs missing from Redis");
      assertEquals(items, found);
      assertEquals(items, submits(falA).size(), "no item was submitted twice");
    }
  }
}
