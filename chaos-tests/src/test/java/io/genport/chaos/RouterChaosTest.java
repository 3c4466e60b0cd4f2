package io.genport.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.application.CircuitBreakerSettings;
import io.genport.core.application.GenerationRouter;
import io.genport.core.application.RetryBudgetSettings;
import io.genport.core.application.Route;
import io.genport.core.application.RouterSettings;
import io.genport.core.application.TargetStats;
import io.genport.core.domain.Attempt;
import io.genport.core.domain.FailureKind;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.Size;
import io.genport.core.port.Sleeper;
import io.genport.provider.eachlabs.EachLabsProviderFactory;
import io.genport.provider.fal.FalProviderFactory;
import io.genport.provider.replicate.ReplicateProviderFactory;
import io.genport.simulators.Endpoint;
import io.genport.simulators.Fault;
import io.genport.simulators.FaultInjector;
import io.genport.simulators.JobTiming;
import io.genport.simulators.RecordedRequest;
import io.genport.simulators.SimulatorServer;
import io.genport.simulators.eachlabs.EachLabsSimulator;
import io.genport.simulators.fal.FalSimulator;
import io.genport.simulators.replicate.ReplicateSimulator;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.HttpTransport;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite (docs/architecture.md section 8; the router rules of section 7): thousands of
 * generations routed over fal, Replicate and Each Labs simulators, each vendor the first choice of
 * a third of the calls (a weighted route) and the fallback of the others, so that each sees enough
 * first submits for its retry amplification to mean something (the budget's 10 initial tokens are
 * more than 10% of fewer than 100). Each simulator injects 5xx, resets (before and after the body),
 * 429 with {@code Retry-After}, slow responses past the call deadline and random caller
 * cancellations on the submit, status and list endpoints. It checks that no call is lost or fails
 * untyped, that every call ends by its deadline, that Retry-After is honoured, that no connection
 * leaks, that retries stay within each vendor's budget and at most 1.1 times its first submits, and
 * how many calls end with images.
 *
 * <p>It runs the same fault mix under two configurations of the router:
 *
 * <ul>
 *   <li>the default: a submit whose connection is reset after it was written is ambiguous (the
 *       vendor may hold a job the router cannot see), so sending it again could bill twice. Where
 *       the vendor lists its recent jobs (Replicate) the provider finds the job and the call goes
 *       on; elsewhere the call ends. No request is ever submitted again once a vendor created its
 *       job. Of the calls the router could decide (those that did not end on an ambiguous submit),
 *       at least 99% end with images;
 *   <li>the caller's opt-in {@code resubmitAmbiguous}: the router resubmits an ambiguous part and
 *       marks it as a possible duplicate. At least 99% of the calls not cancelled end with images;
 *       every submission after a vendor had created the job is one the router reported.
 * </ul>
 *
 * <p>Waits are compressed: the router's {@link Sleeper} records what it was asked to wait and
 * returns at once, so a {@code Retry-After: 3} costs no wall time but is still checked. The HTTP
 * traffic, the resets and the slow responses are real (loopback), and so is the call deadline: it
 * is set long enough ({@link #DEADLINE}) that a busy machine, where every exchange takes longer,
 * does not end calls the router would otherwise serve.
 */
class RouterChaosTest {
  static final int CALLS = Integer.getInteger("chaos.calls", 2000);

  /**
   * Calls in flight at a time. On a machine whose cores other builds share, a call's latency grows
   * with the calls competing with it for CPU; 16 keep the simulators and the router busy without
   * queueing each call behind thirty others.
   */
  static final int IN_FLIGHT = 16;

  static final int WARMUP = 200;

  /**
   * The call deadline, in real time. A call that meets no slow response ends in well under a second
   * on an idle machine (p99 about 1 s); 8 s leaves room for a machine whose other builds slow every
   * exchange down (p50 over 1 s and p99 over 5 s were seen at a load average of 50 on 2 cores).
   */
  static final Duration DEADLINE = Duration.ofSeconds(8);

  /**
   * Slow responses sleep well past the call deadline, so the deadline has to end those calls: a
   * router that waited for them would end at least 7 s late, twice {@link #BOUND_SLACK_MS}.
   */
  static final Duration SLOW = Duration.ofMillis(15_000);

  static final double P_5XX = 0.20;
  static final double P_RESET_BEFORE = 0.025;
  static final double P_RESET_AFTER = 0.025;
  static final double P_429 = 0.05;
  static final double P_SLOW = 0.002;
  static final double P_CANCEL = 0.05;

  /**
   * How late a call may end past its deadline, in real time. Generous on purpose: this is a check
   * that the deadline is enforced (a missed one shows as 7 s or more, see {@link #SLOW}), not a
   * timing target, and a loaded 2-core machine delays timers (up to 2.2 s seen at load 50).
   */
  static final long BOUND_SLACK_MS = 3500;

  /** Share of the calls the router could decide that must end with images (default settings). */
  static final double MIN_DECIDABLE_AVAILABILITY = 0.99;

  /** Share of the calls not cancelled that must end with images when ambiguous parts are resent. */
  static final double MIN_RESUBMIT_AVAILABILITY = 0.99;

  /** The most submits per first submit a vendor may see: the retry budget's 10%. */
  static final double MAX_AMPLIFICATION = 1.1;

  static final String FAL_KEY = "chaos-fal-key-id:chaos-fal-key-secret";
  static final String REPLICATE_TOKEN = "r8_chaos0replicate0token00000000000000";
  static final String EACHLABS_KEY = "chaos-eachlabs-key";

  static final Pattern TAG = Pattern.compile("chaos-call-\\d{6}");

  static FalSimulator fal;
  static ReplicateSimulator replicate;
  static EachLabsSimulator eachlabs;
  static HttpClient5Transport http;
  static RetryAfterSpy spy;
  static Route route;

  @BeforeAll
  static void start() throws Exception {
    fal =
        FalSimulator.builder()
            .apiKey(FAL_KEY)
            .randomSeed(11)
            .jobTiming(JobTiming.immediate())
            .start();
    // Replicate answers a create with "Prefer: wait": with an immediate job it would never be
    // polled, so its predictions run for one poll and the status endpoint sees traffic too.
    replicate =
        ReplicateSimulator.builder()
            .apiToken(REPLICATE_TOKEN)
            .randomSeed(12)
            .jobTiming(JobTiming.polls(0, 1))
            .start();
    eachlabs =
        EachLabsSimulator.builder()
            .apiKey(EACHLABS_KEY)
            .randomSeed(13)
            .jobTiming(JobTiming.immediate())
            .start();
    http = new HttpClient5Transport();
    spy = new RetryAfterSpy(http);
    route =
        Route.builder()
            .target(
                new FalProviderFactory()
                    .create(
                        new ProviderConfig(
                            Map.of(
                                "base-url", fal.syncBaseUri().toString(),
                                "queue-url", fal.queueBaseUri().toString(),
                                "download-allow", fal.mediaBaseUri().getHost())),
                        context(spy, Map.of("FAL_KEY", FAL_KEY))),
                "fal-ai/flux/dev",
                1)
            .target(
                new ReplicateProviderFactory()
                    .create(
                        new ProviderConfig(
                            Map.of(
                                "base-url", replicate.baseUri().toString(),
                                "download-allow", replicate.filesBaseUri().getHost())),
                        context(spy, Map.of("REPLICATE_API_TOKEN", REPLICATE_TOKEN))),
                "acme/flux-like",
                1)
            .target(
                new EachLabsProviderFactory()
                    .create(
                        new ProviderConfig(
                            Map.of(
                                "base-url", eachlabs.apiBaseUri().toString(),
                                "download-allow", eachlabs.mediaBaseUri().getHost())),
                        context(spy, Map.of("EACHLABS_API_KEY", EACHLABS_KEY))),
                "flux-dev",
                1)
            .build();
    warmUp();
    injectChaos(fal.faults(), FalSimulator.SUBMIT);
    injectChaos(fal.faults(), FalSimulator.STATUS);
    injectChaos(replicate.faults(), ReplicateSimulator.CREATE_MODEL);
    injectChaos(replicate.faults(), ReplicateSimulator.GET);
    injectChaos(replicate.faults(), ReplicateSimulator.LIST);
    injectChaos(eachlabs.faults(), EachLabsSimulator.CREATE);
    injectChaos(eachlabs.faults(), EachLabsSimulator.GET);
  }

  /**
   * Calls without faults and outside the figures: class loading, JIT and the first connections
   * would otherwise land on the first measured calls. A router of its own, so the measured routers'
   * counters start clean.
   */
  static void warmUp() throws Exception {
    GenerationRouter warmRouter =
        GenerationRouter.builder(route).settings(settings(false)).sleeper(d -> {}).build();
    ExecutorService warmers = Executors.newFixedThreadPool(IN_FLIGHT);
    List<Future<?>> warm = new ArrayList<>();
    for (int i = 0; i < WARMUP; i++) {
      String prompt = "warm-up " + i;
      warm.add(
          warmers.submit(
              () ->
                  warmRouter
                      .generateAsync(
                          GenerationRequest.builder(prompt).size(Size.exact(256, 256)).build())
                      .handle((r, e) -> null)
                      .join()));
    }
    for (Future<?> w : warm) {
      w.get();
    }
    warmers.shutdown();
  }

  /** The router's settings for a run; only {@code resubmitAmbiguous} differs between the two. */
  static RouterSettings settings(boolean resubmitAmbiguous) {
    return RouterSettings.builder()
        .deadline(DEADLINE)
        .resubmitAmbiguous(resubmitAmbiguous)
        // A status poll slowed past the deadline is asked again after two seconds, as a per-try
        // timeout would, instead of holding the call until its deadline.
        .pollTimeout(Duration.ofSeconds(2))
        // Time is compressed (sleeps return at once), so the breaker's clock-driven window and
        // cooldowns are scaled down too; thresholds stay the defaults.
        .circuitBreaker(
            CircuitBreakerSettings.builder()
                .window(Duration.ofSeconds(2))
                .baseCooldown(Duration.ofMillis(200))
                .maxCooldown(Duration.ofSeconds(2))
                .build())
        .build();
  }

  @AfterAll
  static void stop() {
    if (http != null) {
      http.close();
    }
    for (SimulatorServer s : new SimulatorServer[] {fal, replicate, eachlabs}) {
      if (s != null) {
        s.close();
      }
    }
  }

  /** Installs the fault mix on {@code endpoint}; rules are checked in order, first firing wins. */
  static void injectChaos(FaultInjector faults, Endpoint endpoint) {
    // Each rule draws only when the rules before it did not fire: turn the wanted unconditional
    // probabilities into conditional ones.
    double[] left = {1.0};
    java.util.function.BiConsumer<Double, Fault> add =
        (p, fault) -> {
          faults.on(endpoint).withProbability(Math.min(1.0, p / left[0])).inject(fault);
          left[0] -= p;
        };
    add.accept(P_SLOW, Fault.delay(SLOW));
    add.accept(P_5XX / 3, Fault.status(500));
    add.accept(P_5XX / 3, Fault.status(502));
    add.accept(P_5XX / 3, Fault.status(503));
    add.accept(P_RESET_BEFORE, Fault.resetBeforeBody());
    add.accept(P_RESET_AFTER, Fault.resetAfterBody());
    for (int s = 1; s <= 3; s++) {
      add.accept(
          P_429 / 3,
          Fault.status(429)
              .withHeader("Retry-After", Integer.toString(s))
              .withJsonBody(Map.of("detail", "rate limited, retry after " + s + "s")));
    }
  }

  /** The waits the router asked for; every one returns at once. */
  static final class RecordingSleeper implements Sleeper {
    final LongAdder sleeps = new LongAdder();
    final AtomicLong totalNanos = new AtomicLong();
    final LongAdder retryAfterChecked = new LongAdder();
    final List<String> retryAfterViolations =
        java.util.Collections.synchronizedList(new ArrayList<>());
    final ThreadLocal<Duration> expectAtLeast = new ThreadLocal<>();

    @Override
    public void sleep(Duration d) {
      sleeps.increment();
      totalNanos.addAndGet(d.toNanos());
      Duration min = expectAtLeast.get();
      if (min != null) {
        expectAtLeast.remove();
        retryAfterChecked.increment();
        if (d.compareTo(min) < 0) {
          retryAfterViolations.add("slept " + d + " after Retry-After " + min);
        }
      }
    }
  }

  /**
   * Passes everything to the real transport and remembers, per call tag, the {@code Retry-After} of
   * a 429 answer to a submit, so the listener can check the retry that follows.
   */
  static final class RetryAfterSpy implements HttpTransport {
    final HttpTransport delegate;
    final Map<String, Duration> lastRetryAfter = new ConcurrentHashMap<>();
    final LongAdder seen429 = new LongAdder();

    RetryAfterSpy(HttpTransport delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableFuture<HttpResponse> send(HttpRequest request) {
      String tag = null;
      if ("POST".equals(request.method()) && request.body() != null) {
        Matcher m = TAG.matcher(new String(request.body(), StandardCharsets.UTF_8));
        if (m.find()) {
          tag = m.group();
        }
      }
      String t = tag;
      if (t == null) {
        return delegate.send(request);
      }
      // Remember only the latest submit answer of the call: a retry follows the latest failure.
      return delegate
          .send(request)
          .whenComplete(
              (r, err) -> {
                if (r != null && r.status() == 429 && r.header("Retry-After") != null) {
                  seen429.increment();
                  lastRetryAfter.put(
                      t, Duration.ofSeconds(Long.parseLong(r.header("Retry-After").trim())));
                } else {
                  lastRetryAfter.remove(t);
                }
              });
    }
  }

  enum Outcome {
    RESULT,
    TYPED_FAILURE,
    /** A typed failure after an ambiguous submit, which the router must not send again. */
    AMBIGUOUS_FAILURE,
    CANCELLED,
    UNTYPED_FAILURE,
    LOST
  }

  @Test
  void byDefaultNothingIsSubmittedTwiceAndDecidableCallsEndWithImages() throws Exception {
    ChaosRun r = run(false);

    r.assertCommon();
    assertEquals(0, r.secondSubmissions, "second submissions after a vendor accepted the job");
    assertEquals(0, r.possibleDuplicates, "ambiguous resubmissions");
    assertTrue(
        r.decidableAvailability() >= MIN_DECIDABLE_AVAILABILITY,
        String.format(
            Locale.ROOT,
            "images for %.2f%% of the decidable calls; %s; failures after every target: %s",
            100 * r.decidableAvailability(),
            r.failureTypes,
            r.exhausted.stream().limit(10).toList()));
    assertEquals(List.of(), r.problems, "problems");
  }

  @Test
  void withResubmitAmbiguousCallsNotCancelledEndWithImagesAndDuplicatesAreReported()
      throws Exception {
    ChaosRun r = run(true);

    r.assertCommon();
    assertTrue(
        r.secondSubmissions <= r.possibleDuplicates,
        "every submission after a vendor had created the job was reported as a possible duplicate: "
            + r.secondSubmissions
            + " > "
            + r.possibleDuplicates);
    assertTrue(
        r.availability() >= MIN_RESUBMIT_AVAILABILITY,
        String.format(
            Locale.ROOT,
            "images for %.2f%% of the calls not cancelled; %s; failures after every target: %s",
            100 * r.availability(),
            r.failureTypes,
            r.exhausted.stream().limit(10).toList()));
    assertEquals(List.of(), r.problems, "problems");
  }

  /** What one configuration's run measured. */
  static final class ChaosRun {
    final String name;
    final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
    final Map<String, Long> failureTypes = new TreeMap<>();
    final List<String> exhausted = Collections.synchronizedList(new ArrayList<>());
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    long maxOverrunMs;
    long created;
    long secondSubmissions;
    long possibleDuplicates;
    long seen429;
    long retryAfterEventsChecked;
    long retryAfterSleepsChecked;
    List<String> retryAfterViolations;
    HttpClient5Transport.PoolStats pool;
    final List<String> overBudget = new ArrayList<>();
    final Map<String, Double> amplification = new LinkedHashMap<>();
    final Map<String, Long> firstSubmits = new LinkedHashMap<>();

    ChaosRun(String name) {
      this.name = name;
      for (Outcome o : Outcome.values()) {
        outcomes.put(o, new LongAdder());
      }
    }

    long count(Outcome o) {
      return outcomes.get(o).sum();
    }

    long notCancelled() {
      return CALLS - count(Outcome.CANCELLED);
    }

    long decidable() {
      return notCancelled() - count(Outcome.AMBIGUOUS_FAILURE);
    }

    /** Images among the calls not cancelled. */
    double availability() {
      return (double) count(Outcome.RESULT) / notCancelled();
    }

    /** Images among the calls that did not end on an ambiguous submit. */
    double decidableAvailability() {
      return (double) count(Outcome.RESULT) / decidable();
    }

    /** What both configurations guarantee. */
    void assertCommon() {
      assertTrue(CALLS >= 2000, "at least 2,000 generations");
      assertEquals(0, count(Outcome.LOST), name + ": lost calls");
      assertEquals(0, count(Outcome.UNTYPED_FAILURE), name + ": untyped failures");
      assertTrue(
          maxOverrunMs <= BOUND_SLACK_MS,
          name
              + ": every call ended by deadline + "
              + BOUND_SLACK_MS
              + " ms; worst "
              + maxOverrunMs);
      assertTrue(created > CALLS / 2, name + ": the journals saw the accepted jobs");
      assertTrue(seen429 > 0, name + ": 429s were injected on submits");
      assertTrue(retryAfterEventsChecked > 0, name + ": retries after a 429 were checked");
      assertEquals(
          retryAfterEventsChecked,
          retryAfterSleepsChecked,
          name + ": every retry after a 429 went through the sleeper");
      assertEquals(List.of(), retryAfterViolations, name + ": waits shorter than Retry-After");
      assertEquals(0, pool.leased(), name + ": leased connections after the run: " + pool);
      assertTrue(pool.available() <= pool.max(), name + ": available <= max: " + pool);
      assertEquals(
          List.of(),
          overBudget,
          name + ": submits per vendor above first + max(maxTokens, tokenRatio x first)");
      for (Map.Entry<String, Double> a : amplification.entrySet()) {
        // Below 100 first submits the budget's 10 initial tokens may be more than 10%.
        assertTrue(
            firstSubmits.get(a.getKey()) >= 100,
            name + ": " + a.getKey() + " saw enough first submits for the 10% bound to apply");
        assertTrue(
            a.getValue() <= MAX_AMPLIFICATION + 1e-9,
            name + ": retry amplification of " + a.getKey() + " is " + a.getValue());
      }
    }
  }

  /** Runs {@link #CALLS} generations through a new router with the fault mix on. */
  private ChaosRun run(boolean resubmitAmbiguous) throws Exception {
    ChaosRun run = new ChaosRun(resubmitAmbiguous ? "resubmitAmbiguous" : "default");
    RecordingSleeper sleeper = new RecordingSleeper();
    GenerationRouter router =
        GenerationRouter.builder(route)
            .settings(settings(resubmitAmbiguous))
            .sleeper(sleeper)
            .random(new Random(42))
            .build();
    Map<String, SimulatorServer> sims = new LinkedHashMap<>();
    sims.put("fal", fal);
    sims.put("replicate", replicate);
    sims.put("eachlabs", eachlabs);
    Map<String, Integer> faultsBefore = new LinkedHashMap<>();
    for (Map.Entry<String, SimulatorServer> s : sims.entrySet()) {
      s.getValue().requests().clear();
      faultsBefore.put(s.getKey(), s.getValue().faults().injectedCount());
    }
    long seen429Before = spy.seen429.sum();
    spy.lastRetryAfter.clear();

    Map<String, LongAdder> failureTypes = new ConcurrentHashMap<>();
    LongAdder retryAfterEventsChecked = new LongAdder();
    AtomicLong maxOverrunMs = new AtomicLong(Long.MIN_VALUE);
    long[] latencies = new long[CALLS];
    long boundNanos = DEADLINE.toNanos() + TimeUnit.MILLISECONDS.toNanos(BOUND_SLACK_MS);

    ExecutorService callers = Executors.newFixedThreadPool(IN_FLIGHT);
    long runStart = System.nanoTime();
    Instant runStartAt = Instant.now();
    List<Future<?>> tasks = new ArrayList<>();
    String prefix = resubmitAmbiguous ? "chaos-call-1" : "chaos-call-0";
    for (int i = 0; i < CALLS; i++) {
      int n = i;
      tasks.add(
          callers.submit(
              () -> {
                String tag = String.format(Locale.ROOT, "%s%05d", prefix, n);
                GenerationRequest request =
                    GenerationRequest.builder("a lighthouse in a storm, " + tag)
                        // Small images: the simulators render every image, and CPU is scarce.
                        .size(Size.exact(256, 256))
                        .build();
                boolean cancel = ThreadLocalRandom.current().nextDouble() < P_CANCEL;
                List<String> timeline = Collections.synchronizedList(new ArrayList<>());
                List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
                List<String> moves = Collections.synchronizedList(new ArrayList<>());
                long[] start = {System.nanoTime()};
                java.util.function.Consumer<ProgressEvent> check =
                    e -> {
                      timeline.add(
                          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start[0]) + "ms " + e);
                      if (e instanceof ProgressEvent.AttemptEnded ended) {
                        attempts.add(ended.attempt());
                      }
                      if (e instanceof ProgressEvent.FailingOver m) {
                        moves.add(m.target().provider() + ": " + m.reason());
                      }
                      if (e instanceof ProgressEvent.RetryScheduled r) {
                        Duration ra = spy.lastRetryAfter.remove(tag);
                        if (ra != null) {
                          retryAfterEventsChecked.increment();
                          sleeper.expectAtLeast.set(ra);
                          if (r.delay().compareTo(ra) < 0) {
                            run.problems.add(
                                tag + ": retry after " + r.delay() + " < Retry-After " + ra);
                          }
                        }
                      }
                    };
                long t0 = System.nanoTime();
                start[0] = t0;
                CompletableFuture<GenerationResult> f =
                    router.generateAsync(request, check::accept);
                if (cancel) {
                  try {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(0, 15));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  f.cancel(true);
                }
                Outcome o;
                try {
                  GenerationResult r =
                      f.get(boundNanos + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
                  o = r.images().isEmpty() ? Outcome.UNTYPED_FAILURE : Outcome.RESULT;
                } catch (CancellationException e) {
                  o = Outcome.CANCELLED;
                } catch (ExecutionException e) {
                  Throwable c = e.getCause();
                  if (c instanceof CancellationException) {
                    o = Outcome.CANCELLED;
                  } else if (c instanceof GenerationException) {
                    // The call ended because a submit's outcome was ambiguous (a reset after it
                    // was written, or no answer by the deadline): its attempt says so.
                    boolean ambiguous =
                        attempts.stream().anyMatch(a -> a.kind() == FailureKind.AMBIGUOUS);
                    o = ambiguous ? Outcome.AMBIGUOUS_FAILURE : Outcome.TYPED_FAILURE;
                    failureTypes
                        .computeIfAbsent(
                            c.getClass().getSimpleName() + (ambiguous ? " (ambiguous submit)" : ""),
                            k -> new LongAdder())
                        .increment();
                    if (!ambiguous) {
                      run.exhausted.add(
                          tag
                              + ": "
                              + c.getMessage()
                              + " after "
                              + attempts.stream()
                                  .map(x -> x.target().provider() + " " + x.outcome())
                                  .toList()
                              + "; moves "
                              + moves);
                    }
                  } else {
                    o = Outcome.UNTYPED_FAILURE;
                    run.problems.add(tag + ": untyped failure " + c);
                  }
                } catch (TimeoutException e) {
                  o = Outcome.LOST;
                  run.problems.add(tag + ": never ended");
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  o = Outcome.LOST;
                }
                long took = System.nanoTime() - t0;
                latencies[n] = took;
                if (o != Outcome.CANCELLED) {
                  maxOverrunMs.accumulateAndGet(
                      TimeUnit.NANOSECONDS.toMillis(took - DEADLINE.toNanos()), Math::max);
                  if (took > boundNanos) {
                    run.problems.add(
                        tag
                            + ": "
                            + o
                            + " after "
                            + TimeUnit.NANOSECONDS.toMillis(took)
                            + " ms, past deadline + "
                            + BOUND_SLACK_MS
                            + " ms; events "
                            + timeline);
                  }
                }
                run.outcomes.get(o).increment();
              }));
    }
    for (Future<?> t : tasks) {
      t.get();
    }
    long runNanos = System.nanoTime() - runStart;
    callers.shutdown();

    // No leased connection once the calls have ended (bounded wait for slow responses
    // still being drained by the simulators).
    long leakDeadline = System.nanoTime() + SLOW.plusSeconds(5).toNanos();
    HttpClient5Transport.PoolStats pool = http.poolStats();
    while ((pool.leased() > 0 || pool.pending() > 0) && System.nanoTime() < leakDeadline) {
      Thread.sleep(10);
      pool = http.poolStats();
    }
    run.pool = pool;

    // Per logical request (tag), no submit after the first one that created a job.
    Map<String, List<Instant>> created = new HashMap<>();
    Map<String, List<Instant>> submitted = new HashMap<>();
    long untaggedSubmits = 0;
    long resetCreatesAtReplicate = 0;
    Map<String, Long> journalSubmits = new LinkedHashMap<>();
    Map<String, Endpoint> submitEndpoints = new LinkedHashMap<>();
    submitEndpoints.put("fal", FalSimulator.SUBMIT);
    submitEndpoints.put("replicate", ReplicateSimulator.CREATE_MODEL);
    submitEndpoints.put("eachlabs", EachLabsSimulator.CREATE);
    for (Map.Entry<String, SimulatorServer> s : sims.entrySet()) {
      List<RecordedRequest> subs =
          s.getValue().requests().matching(submitEndpoints.get(s.getKey()));
      journalSubmits.put(s.getKey(), (long) subs.size());
      for (RecordedRequest r : subs) {
        Matcher m = TAG.matcher(r.bodyText());
        if (!m.find()) {
          untaggedSubmits++; // the body was never read (reset before body): no job
          continue;
        }
        String tag = m.group();
        submitted.computeIfAbsent(tag, k -> new ArrayList<>()).add(r.receivedAt());
        String fault = r.fault();
        boolean jobCreated =
            fault == null || fault.startsWith("reset_after_body") || fault.startsWith("delay");
        if (jobCreated) {
          created.computeIfAbsent(tag, k -> new ArrayList<>()).add(r.receivedAt());
        }
        if (s.getKey().equals("replicate")
            && fault != null
            && fault.startsWith("reset_after_body")) {
          resetCreatesAtReplicate++;
        }
      }
    }
    for (Map.Entry<String, List<Instant>> e : created.entrySet()) {
      Instant first = e.getValue().stream().min(Instant::compareTo).orElseThrow();
      for (Instant at : submitted.get(e.getKey())) {
        if (at.isAfter(first)) {
          run.secondSubmissions++;
          if (!resubmitAmbiguous) {
            run.problems.add(e.getKey() + ": submitted again after a vendor accepted it");
          }
        }
      }
    }
    run.created = created.size();
    long replicateLists = replicate.requests().matching(ReplicateSimulator.LIST).size();

    List<TargetStats> stats = router.stats();
    run.possibleDuplicates = stats.stream().mapToLong(TargetStats::possibleDuplicates).sum();
    run.seen429 = spy.seen429.sum() - seen429Before;
    run.retryAfterEventsChecked = retryAfterEventsChecked.sum();
    run.retryAfterSleepsChecked = sleeper.retryAfterChecked.sum();
    run.retryAfterViolations = List.copyOf(sleeper.retryAfterViolations);
    run.maxOverrunMs = maxOverrunMs.get();
    failureTypes.forEach((k, v) -> run.failureTypes.put(k, v.sum()));

    StringBuilder out = new StringBuilder();
    out.append("\n===== GenPort chaos summary: ").append(run.name).append(" =====\n");
    out.append(
        String.format(
            Locale.ROOT,
            "calls %d, in flight %d, deadline %d ms, resubmitAmbiguous %s, wall %.1f s; faults per"
                + " submit/status/list request: 5xx %.0f%%, reset %.1f%%+%.1f%% (before/after"
                + " body), 429 %.0f%% (Retry-After 1-3 s), slow %.1f%% (%d ms); caller cancels"
                + " %.0f%%%n",
            CALLS,
            IN_FLIGHT,
            DEADLINE.toMillis(),
            resubmitAmbiguous,
            runNanos / 1e9,
            P_5XX * 100,
            P_RESET_BEFORE * 100,
            P_RESET_AFTER * 100,
            P_429 * 100,
            P_SLOW * 100,
            SLOW.toMillis(),
            P_CANCEL * 100));
    out.append(
        String.format(
            Locale.ROOT,
            "outcomes: result %d, typed failure %d (+ %d after an ambiguous submit), cancelled %d,"
                + " untyped %d, lost %d%n",
            run.count(Outcome.RESULT),
            run.count(Outcome.TYPED_FAILURE),
            run.count(Outcome.AMBIGUOUS_FAILURE),
            run.count(Outcome.CANCELLED),
            run.count(Outcome.UNTYPED_FAILURE),
            run.count(Outcome.LOST)));
    out.append("typed failures: ").append(run.failureTypes).append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "availability: images for %d of %d calls not cancelled (%.2f%%); for %d of the %d the"
                + " router could decide (%.2f%%), the other %d ended on an ambiguous submit%n",
            run.count(Outcome.RESULT),
            run.notCancelled(),
            100 * run.availability(),
            run.count(Outcome.RESULT),
            run.decidable(),
            100 * run.decidableAvailability(),
            run.notCancelled() - run.decidable()));
    Arrays.sort(latencies);
    out.append(
        String.format(
            Locale.ROOT,
            "call latency ms: p50 %.1f, p99 %.1f, max %.1f; worst end vs deadline %+d ms (bound"
                + " +%d)%n",
            latencies[CALLS / 2] / 1e6,
            latencies[(int) (CALLS * 0.99)] / 1e6,
            latencies[CALLS - 1] / 1e6,
            run.maxOverrunMs,
            BOUND_SLACK_MS));
    out.append(
        String.format(
            Locale.ROOT,
            "logical requests whose job a vendor created %d; second submissions after acceptance"
                + " %d; possible duplicates reported %d; Replicate creates reset after the body %d,"
                + " list requests %d; faults injected fal %d, replicate %d, eachlabs %d%n",
            run.created,
            run.secondSubmissions,
            run.possibleDuplicates,
            resetCreatesAtReplicate,
            replicateLists,
            fal.faults().injectedCount() - faultsBefore.get("fal"),
            replicate.faults().injectedCount() - faultsBefore.get("replicate"),
            eachlabs.faults().injectedCount() - faultsBefore.get("eachlabs")));
    out.append(
        String.format(
            Locale.ROOT,
            "Retry-After: 429s on submit %d, retries after them checked %d (events) / %d (sleeps),"
                + " shorter than Retry-After %d; sleeps requested %d, total %.0f s (compressed)%n",
            run.seen429,
            run.retryAfterEventsChecked,
            run.retryAfterSleepsChecked,
            run.retryAfterViolations.size(),
            sleeper.sleeps.sum(),
            sleeper.totalNanos.get() / 1e9));
    out.append(
        String.format(
            Locale.ROOT,
            "pool after run: leased %d, available %d, pending %d, max %d%n",
            pool.leased(),
            pool.available(),
            pool.pending(),
            pool.max()));
    out.append(
        String.format(
            Locale.ROOT,
            "%-10s %7s %7s %6s %6s %8s %6s %7s %8s %9s %8s %7s %7s %8s%n",
            "vendor",
            "first",
            "submits",
            "bound",
            "ampl",
            "accepted",
            "ambig",
            "retries",
            "failover",
            "pollFails",
            "circOpen",
            "lastRes",
            "cancels",
            "journal"));
    RetryBudgetSettings budget = router.settings().retry().budget();
    String[] names = {"fal", "replicate", "eachlabs"};
    for (int i = 0; i < stats.size(); i++) {
      TargetStats s = stats.get(i);
      double ampl = s.firstSubmits() == 0 ? 0.0 : (double) s.submits() / s.firstSubmits();
      run.amplification.put(names[i], ampl);
      run.firstSubmits.put(names[i], s.firstSubmits());
      out.append(
          String.format(
              Locale.ROOT,
              "%-10s %7d %7d %6d %6.3f %8d %6d %7d %8d %9d %8d %7d %7d %8d%n",
              names[i],
              s.firstSubmits(),
              s.submits(),
              budgetBound(s, budget),
              ampl,
              s.accepted(),
              s.ambiguousSubmits(),
              s.retries(),
              s.failovers(),
              s.pollFailures(),
              s.timesOpened(),
              s.openCircuitSubmits(),
              s.vendorCancels(),
              journalSubmits.get(names[i])));
      if (s.submits() > budgetBound(s, budget)) {
        run.overBudget.add(names[i] + ": " + s.submits() + " > " + budgetBound(s, budget));
      }
    }
    for (TargetStats s : stats) {
      out.append(
          String.format(
              Locale.ROOT,
              "circuit %s: %s, open until %s, circuit rejections %d, last-resort submits %d,"
                  + " retry tokens %.1f%n",
              s.target(),
              s.circuit(),
              s.openUntil(),
              s.circuitRejections(),
              s.openCircuitSubmits(),
              s.retryTokens()));
    }
    out.append("run from ").append(runStartAt).append(" to ").append(Instant.now()).append('\n');
    out.append("untagged journal submits (reset before body): ")
        .append(untaggedSubmits)
        .append('\n');
    out.append("=================================\n");
    System.out.println(out);
    synchronized (run.problems) {
      run.problems.stream().limit(20).forEach(p -> System.out.println("PROBLEM " + p));
    }
    synchronized (run.exhausted) {
      run.exhausted.stream()
          .limit(20)
          .forEach(p -> System.out.println("FAILED ON EVERY TARGET " + p));
    }
    return run;
  }

  /**
   * The most submits the retry budget lets a vendor see: every first submit, plus the larger of the
   * bucket's initial {@code maxTokens} (an advance) and {@code tokenRatio} per first submit.
   */
  static long budgetBound(TargetStats s, RetryBudgetSettings budget) {
    return s.firstSubmits()
        + Math.max(
            budget.maxTokens(), (long) Math.floor(budget.tokenRatio() * s.firstSubmits() + 1e-9));
  }

  static ProviderContext context(HttpTransport transport, Map<String, String> credentials) {
    return ProviderContext.of(
        transport,
        Clock.systemUTC(),
        d -> {},
        Credentials.fromMap(credentials),
        new ObjectMapper(),
        new Random(7));
  }
}
