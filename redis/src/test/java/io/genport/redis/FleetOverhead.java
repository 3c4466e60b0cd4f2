package io.genport.redis;

import io.genport.core.application.InMemoryFleetState;
import io.genport.core.port.FleetState;
import io.genport.core.port.RateKey;
import io.genport.core.port.RateLimit;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;

/**
 * Measures (does not assert) what Redis-backed fleet state adds per call against the in-memory
 * default, on loopback: the work the router does around one billable submit with a rate limit and a
 * ceiling (a rate token, a spend reservation, its settlement, a circuit read). Prints p50 and p99
 * in microseconds.
 *
 * <pre>{@code
 * mvn -o -q test-compile dependency:build-classpath -pl redis -am \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp "redis/target/test-classes:redis/target/classes:$(cat redis/target/cp.txt)" \
 *     io.genport.redis.FleetOverhead 20000
 * }</pre>
 */
public final class FleetOverhead {
  private FleetOverhead() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    try (RealRedis redis = new RealRedis();
        RedisFleetState onRedis =
            RedisFleetState.connect(
                RedisFleetSettings.builder(redis.url()).namespace("overhead").build())) {
      FleetState inMemory = new InMemoryFleetState();
      long[] mem = run(inMemory, calls);
      long[] red = run(onRedis, calls);
      System.out.printf(
          "per call, %d calls: in-memory p50 %.1f us p99 %.1f us; Redis p50 %.1f us p99 %.1f us;"
              + " added p50 %.1f us; answered locally %d%n",
          calls,
          pct(mem, 50),
          pct(mem, 99),
          pct(red, 50),
          pct(red, 99),
          pct(red, 50) - pct(mem, 50),
          onRedis.stats().localAnswers());
    }
  }

  private static long[] run(FleetState s, int calls) {
    RateKey key = new RateKey("fal", RateKey.fingerprint("bench-key"));
    // Generous limits: the measurement is of the bookkeeping, never of a wait.
    RateLimit limit = new RateLimit(1_000_000, Duration.ofSeconds(1), 1_000_000);
    BigDecimal cost = new BigDecimal("0.025");
    BigDecimal ceiling = new BigDecimal("1000000000");
    io.genport.core.domain.Target t = io.genport.core.domain.Target.parse("fal:fal-ai/flux/dev");
    long[] nanos = new long[calls];
    for (int w = 0; w < Math.min(2000, calls); w++) {
      step(s, key, limit, cost, ceiling, t);
    }
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      step(s, key, limit, cost, ceiling, t);
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    return nanos;
  }

  private static void step(
      FleetState s,
      RateKey key,
      RateLimit limit,
      BigDecimal cost,
      BigDecimal ceiling,
      io.genport.core.domain.Target t) {
    s.circuitOpenUntil(t);
    s.takeRateToken(key, limit);
    s.reserveSpend("USD", "bench", cost, ceiling);
    s.addSpend("USD", "bench", BigDecimal.ZERO.subtract(new BigDecimal("0.001")));
  }

  private static double pct(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1000.0;
  }
}
