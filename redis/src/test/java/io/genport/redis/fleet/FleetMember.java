package io.genport.redis.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.application.CircuitBreakerSettings;
import io.genport.core.application.FleetPolicy;
import io.genport.core.application.GenerationRouter;
import io.genport.core.application.RetryPolicy;
import io.genport.core.application.Route;
import io.genport.core.application.RouterSettings;
import io.genport.core.application.SpendCeiling;
import io.genport.core.domain.Cost;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.Target;
import io.genport.core.port.GenerationJob;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.ProgressListener;
import io.genport.core.port.RateKey;
import io.genport.core.port.RateLimit;
import io.genport.core.port.Sleeper;
import io.genport.core.port.SpendPeriod;
import io.genport.provider.fal.FalProviderFactory;
import io.genport.redis.RedisFleetSettings;
import io.genport.redis.RedisFleetState;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * One GenPort instance of a fleet test: a router over one or two fal simulators with its own {@link
 * RedisFleetState}. Each member is loaded by its own class loader (see {@link IsolatedMembers}), so
 * members share nothing but Redis and the simulators, as separate processes would; the test talks
 * to it through JDK types only.
 *
 * <p>Commands ({@code apply(command, argument)}): {@code generate} (argument: idempotency key or
 * null) returns {@code "ok"} or the failure's class and message; {@code circuit} returns the
 * circuit state of the first target; {@code stats} returns the Redis state's counters; {@code
 * close}.
 */
public final class FleetMember implements BiFunction<String, Object, Object> {
  private final HttpClient5Transport http = new HttpClient5Transport();
  private final Target first = new Target("fal", "fal-ai/flux/dev");
  private GenerationRouter router;
  private RedisFleetState fleet;

  /**
   * @param c {@code redis}, {@code falKey}, {@code falA.*} and optional {@code falB.*} URLs ({@code
   *     base}, {@code queue}, {@code media}), {@code owner}, optional {@code journal}, {@code
   *     ratePerSecond}, {@code ceilingUsd} with {@code usdPerImage}, {@code breakAfter}
   */
  public FleetMember(Map<String, String> c) {
    configure(c);
  }

  /** (Re)builds the router and its fleet state; classes stay loaded, so this is cheap. */
  private synchronized void configure(Map<String, String> c) {
    if (fleet != null) {
      fleet.close();
    }
    RedisFleetSettings.Builder rs =
        RedisFleetSettings.builder(c.get("redis")).source("test").namespace(c.get("namespace"));
    if (c.containsKey("commandTimeoutMs")) {
      rs.commandTimeout(Duration.ofMillis(Long.parseLong(c.get("commandTimeoutMs"))));
    }
    if (c.containsKey("journal")) {
      rs.journal(Path.of(c.get("journal")));
    }
    this.fleet = RedisFleetState.connect(rs.build());
    Route.Builder route = Route.builder();
    route.target(fal(c, "falA"), "fal-ai/flux/dev");
    if (c.containsKey("falB.base")) {
      route.target(fal(c, "falB"), "fal-ai/flux/schnell");
    }
    FleetPolicy.Builder policy = FleetPolicy.builder().owner(c.get("owner"));
    policy.credential("fal", RateKey.fingerprint(c.get("falKey")));
    if (c.containsKey("ratePerSecond")) {
      policy.rateLimit(
          "fal", new RateLimit(Integer.parseInt(c.get("ratePerSecond")), Duration.ofSeconds(1), 1));
    }
    if (c.containsKey("ceilingUsd")) {
      policy
          .ceiling(
              new SpendCeiling(
                  new Cost(new BigDecimal(c.get("ceilingUsd")), "USD"), SpendPeriod.DAY))
          .costPerImage("fal", new Cost(new BigDecimal(c.get("usdPerImage")), "USD"));
    }
    RouterSettings.Builder settings =
        RouterSettings.builder().deadline(Duration.ofSeconds(60)).retry(RetryPolicy.none());
    settings.circuitBreaker(
        c.containsKey("breakAfter")
            ? CircuitBreakerSettings.builder()
                .consecutiveFailures(Integer.parseInt(c.get("breakAfter")))
                .baseCooldown(Duration.ofSeconds(30))
                .build()
            : CircuitBreakerSettings.disabled());
    // Real waits, but a poll interval of the simulator's immediate jobs is cut to 100 ms so the
    // tests stay short; rate-token waits are shorter than that and are kept whole.
    Sleeper sleeper =
        d ->
            Sleeper.SYSTEM.sleep(
                d.compareTo(Duration.ofMillis(100)) > 0 ? Duration.ofMillis(100) : d);
    this.router =
        GenerationRouter.builder(route.build())
            .settings(settings.build())
            .sleeper(sleeper)
            .fleet(fleet, policy.build())
            .build();
  }

  private ImageProvider fal(Map<String, String> c, String which) {
    return new FalProviderFactory()
        .create(
            new ProviderConfig(
                Map.of(
                    "base-url", c.get(which + ".base"),
                    "queue-url", c.get(which + ".queue"),
                    "download-allow", c.get(which + ".mediaHost"))),
            ProviderContext.of(
                http,
                Clock.systemUTC(),
                Sleeper.SYSTEM,
                Credentials.fromMap(Map.of("FAL_KEY", c.get("falKey"))),
                new ObjectMapper(),
                new Random(7)));
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object apply(String command, Object argument) {
    GenerationRouter router;
    RedisFleetState fleet;
    synchronized (this) {
      router = this.router;
      fleet = this.fleet;
    }
    switch (command) {
      case "configure":
        configure((Map<String, String>) argument);
        return "configured";
      case "generate":
        try {
          GenerationRequest req =
              GenerationRequest.builder("a red fox in the snow").count(1).seed(1L).build();
          if (argument == null) {
            router.generate(req);
          } else {
            GenerationJob job = router.submitOnce((String) argument, req, ProgressListener.NONE);
            job.result().join();
          }
          return "ok";
        } catch (RuntimeException e) {
          Throwable t =
              e.getCause() != null && e instanceof java.util.concurrent.CompletionException
                  ? e.getCause()
                  : e;
          return t.getClass().getName() + ": " + t.getMessage();
        }
      case "circuit":
        return router.circuitState(first).name();
      case "stats":
        Map<String, Object> m = new LinkedHashMap<>();
        var s = fleet.stats();
        m.put("connected", s.connected());
        m.put("outages", s.outages());
        m.put("localAnswers", s.localAnswers());
        m.put("pendingJobRecords", s.pendingJobRecords());
        m.put("circuitRejections", router.stats(first).circuitRejections());
        return m;
      case "close":
        fleet.close();
        http.close();
        return "closed";
      default:
        throw new IllegalArgumentException("unknown command " + command);
    }
  }
}
