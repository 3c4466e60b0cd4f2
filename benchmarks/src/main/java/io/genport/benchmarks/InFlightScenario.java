package io.genport.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.application.CircuitBreakerSettings;
import io.genport.core.application.GenerationRouter;
import io.genport.core.application.RetryBudgetSettings;
import io.genport.core.application.RetryPolicy;
import io.genport.core.application.Route;
import io.genport.core.application.RouterSettings;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.Size;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.ProgressListener;
import io.genport.core.port.Sleeper;
import io.genport.provider.fal.FalProviderFactory;
import io.genport.simulators.fal.FalSimulator;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many generations in flight at once: {@code calls} calls started together against a fal simulator
 * (in a JVM of its own) whose jobs run {@code run} each, through a router whose executor has {@code
 * workers} threads, polling only (no event stream). Prints, every two seconds and at the end, the
 * calls finished, the live threads of this JVM and its heap in use, then the status requests the
 * simulator received per job and per job-second. With {@code learn=N}, N calls of the same jobs run
 * first, unmeasured, so the router polls on what it learned of when the target's jobs end (as a
 * router in service does); by default the calls start from a router with no history.
 *
 * <p>With {@code submit503=N} the simulator answers its first {@code N} submits 503 with a {@code
 * Retry-After} of {@code retryAfter} seconds (default 10): with {@code N} = {@code calls}, every
 * call first waits in a submit backoff, and the table's "in backoff" column counts the calls doing
 * so. The router then has no retry budget limit and no circuit breaker, so every call retries.
 *
 * <pre>
 * java -cp ... io.genport.benchmarks.InFlightScenario [calls=2000] [run=30s] [workers=16]
 *     [submit503=0] [retryAfter=10] [learn=0]
 * </pre>
 */
public final class InFlightScenario {
  private InFlightScenario() {}

  /** The figures of a run. */
  record Figures(
      int calls,
      int succeeded,
      int failed,
      int workers,
      int threadsBefore,
      int peakThreads,
      int threadsWhileWaiting,
      double heapWhileWaitingMb,
      double heapAfterGcMb,
      double pollsPerJob,
      double pollsPerJobSecond,
      double wallSeconds,
      int peakInBackoff,
      int threadsAtPeakBackoff) {}

  public static void main(String[] args) throws Exception {
    int calls = Integer.parseInt(Args.get(args, "calls", "2000"));
    Duration run = Args.duration(args, "run", "30s");
    int workers = Integer.parseInt(Args.get(args, "workers", "16"));
    int submit503 = Integer.parseInt(Args.get(args, "submit503", "0"));
    int retryAfter = Integer.parseInt(Args.get(args, "retryAfter", "10"));
    int learn = Integer.parseInt(Args.get(args, "learn", "0"));
    Figures f = run(calls, run, workers, submit503, retryAfter, true, learn);
    System.out.printf(
        Locale.ROOT,
        "%n%d calls in flight at once, jobs of %d s, router executor of %d threads, polling:%n"
            + "  succeeded %d, failed %d, wall %.1f s%n"
            + "  live threads: %d before, %d while all waited, peak %d%n"
            + "  heap in use while all waited %.1f MB, after the run and a GC %.1f MB%n"
            + "  status requests: %.1f per job, %.2f per job-second%n",
        f.calls(),
        run.toSeconds(),
        f.workers(),
        f.succeeded(),
        f.failed(),
        f.wallSeconds(),
        f.threadsBefore(),
        f.threadsWhileWaiting(),
        f.peakThreads(),
        f.heapWhileWaitingMb(),
        f.heapAfterGcMb(),
        f.pollsPerJob(),
        f.pollsPerJobSecond());
    if (submit503 > 0) {
      System.out.printf(
          Locale.ROOT,
          "  submit backoffs: at most %d calls in one at once, %d live threads then%n",
          f.peakInBackoff(),
          f.threadsAtPeakBackoff());
    }
  }

  /**
   * Runs the scenario; {@code print} prints the live table.
   *
   * @throws Exception when the simulator cannot be started or a call is lost
   */
  static Figures run(int calls, Duration run, int workers, boolean print) throws Exception {
    return run(calls, run, workers, 0, 10, print, 0);
  }

  /**
   * Runs the scenario with the simulator's first {@code submit503} submits answered 503 and a
   * {@code Retry-After} of {@code retryAfter} seconds, after {@code learn} unmeasured calls; {@code
   * print} prints the live table.
   *
   * @throws Exception when the simulator cannot be started or a call is lost
   */
  static Figures run(
      int calls, Duration run, int workers, int submit503, int retryAfter, boolean print, int learn)
      throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SimulatorProcess.class.getName(),
                "run=" + run.toMillis() + "ms",
                "submit503=" + submit503,
                "retryAfter=" + retryAfter)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "bench-router");
              t.setDaemon(true);
              return t;
            });
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter in = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
        HttpClient5Transport transport = new HttpClient5Transport()) {
      String[] ready = out.readLine().split(" ");
      if (!ready[0].equals("ready")) {
        throw new IllegalStateException("the simulator process said: " + String.join(" ", ready));
      }
      ImageProvider fal =
          provider(transport, URI.create(ready[1]), URI.create(ready[2]), URI.create(ready[3]));
      RouterSettings.Builder settings =
          RouterSettings.builder()
              .deadline(run.multipliedBy(4).plusMinutes(2).plusSeconds(2L * retryAfter));
      if (submit503 > 0) {
        // Every refused call is to wait and retry: no budget or circuit may send it away.
        settings
            .retry(RetryPolicy.builder().budget(RetryBudgetSettings.unlimited()).build())
            .circuitBreaker(CircuitBreakerSettings.disabled());
      }
      GenerationRouter router =
          GenerationRouter.builder(Route.builder().target(fal, "fal-ai/flux/dev").build())
              .settings(settings.build())
              .sleeper(Sleeper.SYSTEM)
              .executor(pool)
              .build();
      long[] learned = {0, 0};
      if (learn > 0) {
        List<CompletableFuture<GenerationResult>> first = new ArrayList<>();
        for (int i = 0; i < learn; i++) {
          first.add(
              router.generateAsync(
                  GenerationRequest.builder("learn " + i)
                      .seed((long) i)
                      .size(Size.exact(256, 256))
                      .build()));
        }
        CompletableFuture.allOf(first.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        in.println("stats");
        String[] stats = out.readLine().split(" ");
        learned = new long[] {Long.parseLong(stats[1]), Long.parseLong(stats[2])};
      }
      System.gc();
      int threadsBefore = threads.getThreadCount();
      threads.resetPeakThreadCount();
      long t0 = System.nanoTime();
      AtomicInteger ok = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      List<CompletableFuture<GenerationResult>> all = new ArrayList<>();
      // Backoffs begun minus retries sent: the calls waiting in a submit backoff right now.
      AtomicInteger inBackoff = new AtomicInteger();
      ProgressListener backoffs =
          e -> {
            if (e instanceof ProgressEvent.RetryScheduled) {
              inBackoff.incrementAndGet();
            }
          };
      int[] peakBackoff = {0, 0};
      for (int i = 0; i < calls; i++) {
        CompletableFuture<GenerationResult> f =
            router.generateAsync(
                GenerationRequest.builder("in flight " + i)
                    .seed((long) i)
                    .size(Size.exact(256, 256))
                    .build(),
                backoffs);
        f.whenComplete((r, e) -> (e == null ? ok : failed).incrementAndGet());
        all.add(f);
      }
      int threadsWhileWaiting = 0;
      double heapWhileWaiting = 0;
      if (print) {
        System.out.println("|  t s | finished | in backoff | live threads | heap in use MB |");
        System.out.println("|---|---|---|---|---|");
      }
      CompletableFuture<Void> done = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
      while (!done.isDone()) {
        try {
          done.get(2, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          // sample
        } catch (java.util.concurrent.ExecutionException e) {
          break;
        }
        double t = (System.nanoTime() - t0) / 1e9;
        int live = threads.getThreadCount();
        double heap = memory.getHeapMemoryUsage().getUsed() / 1048576.0;
        int finished = ok.get() + failed.get();
        int waiting = inBackoff.get() - (int) router.stats().get(0).retries();
        if (waiting > peakBackoff[0]) {
          peakBackoff[0] = waiting;
          peakBackoff[1] = live;
        }
        if (finished == 0 && t > run.toSeconds() / 2.0 && threadsWhileWaiting == 0) {
          threadsWhileWaiting = live;
          heapWhileWaiting = heap;
        }
        if (print) {
          System.out.printf(
              Locale.ROOT,
              "| %5.1f | %8d | %10d | %12d | %14.1f |%n",
              t,
              finished,
              waiting,
              live,
              heap);
        }
      }
      CompletableFuture.allOf(
              all.stream().map(f -> f.handle((r, e) -> null)).toArray(CompletableFuture[]::new))
          .get(10, TimeUnit.MINUTES);
      double wall = (System.nanoTime() - t0) / 1e9;
      int peak = threads.getPeakThreadCount();
      in.println("stats");
      String[] stats = out.readLine().split(" ");
      long jobs = Long.parseLong(stats[1]) - learned[0];
      long polls = Long.parseLong(stats[2]) - learned[1];
      System.gc();
      double heapAfter = memory.getHeapMemoryUsage().getUsed() / 1048576.0;
      return new Figures(
          calls,
          ok.get(),
          failed.get(),
          workers,
          threadsBefore,
          peak,
          threadsWhileWaiting,
          heapWhileWaiting,
          heapAfter,
          (double) polls / jobs,
          (double) polls / jobs / Math.max(0.001, run.toNanos() / 1e9),
          wall,
          peakBackoff[0],
          peakBackoff[1]);
    } finally {
      pool.shutdownNow();
      child.getOutputStream().close();
      if (!child.waitFor(10, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
  }

  private static ImageProvider provider(
      HttpClient5Transport transport, URI sync, URI queue, URI media) {
    ProviderContext context =
        ProviderContext.of(
            transport,
            Clock.systemUTC(),
            Sleeper.SYSTEM,
            Credentials.fromMap(Map.of(FalProviderFactory.CREDENTIAL, FalSimulator.DEFAULT_KEY)),
            new ObjectMapper(),
            new Random(1));
    return new FalProviderFactory()
        .create(
            new ProviderConfig(
                Map.of(
                    "base-url", sync.toString(),
                    "queue-url", queue.toString(),
                    "download-allow", media.getHost(),
                    "event-streams", "0")),
            context);
  }
}
