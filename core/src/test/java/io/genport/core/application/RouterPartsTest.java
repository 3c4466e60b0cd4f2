package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.Attempt;
import io.genport.core.domain.Cost;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.RequestField;
import io.genport.core.port.JobStatus;
import io.genport.core.port.VendorJob;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Count splitting: parts run in parallel and each is routed on its own. */
class RouterPartsTest extends RouterTestSupport {
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private static List<Long> seeds(GenerationResult r) {
    return r.images().stream().map(GeneratedImage::seed).toList();
  }

  @Test
  void aPartThatFailsOverDoesNotRepeatThePartsThatSucceeded() {
    StubProvider a = new StubProvider("a", 2, 8);
    StubProvider b = new StubProvider("b", 4, 8);
    a.fallback =
        c -> c.part().seed() == 102L ? CompletableFuture.failedFuture(status503()) : a.finished(c);
    GenerationRequest req = GenerationRequest.builder("fox").count(6).seed(100L).build();

    GenerationResult r = generate(router(settings().retry(RetryPolicy.none()).build(), a, b), req);

    assertEquals(List.of(100L, 100L, 102L, 102L, 104L, 104L), seeds(r));
    assertEquals(3, a.submits.size(), "one submit per part on a, none repeated");
    assertEquals(1, b.submits.size(), "only the failed part moved to b");
    assertEquals(2, b.submits.get(0).part().count());
    assertEquals(
        102L, b.submits.get(0).part().seed(), "the part keeps its seed on the next target");
    assertEquals(
        List.of("a-job-1", "b-job-1", "a-job-2"), r.vendorRequestIds(), "ids follow the images");
    assertEquals(4, r.attempts().size());
    assertEquals(List.of(0, 1, 1, 2), r.attempts().stream().map(Attempt::part).sorted().toList());
    assertTrue(r.adaptations().stream().anyMatch(x -> x.field() == RequestField.COUNT));
  }

  @Test
  void partsServedByVendorsWithOtherCostUnitsKeepEachUnitsTotal() {
    StubProvider a = new StubProvider("a", 2, 8);
    StubProvider b = new StubProvider("b", 4, 8);
    a.costPerJob = new Cost(new BigDecimal("0.05"), "USD");
    b.costPerJob = new Cost(new BigDecimal("12"), "credits");
    a.fallback =
        c -> c.part().seed() == 102L ? CompletableFuture.failedFuture(status503()) : a.finished(c);
    GenerationRequest req = GenerationRequest.builder("fox").count(6).seed(100L).build();

    GenerationResult r = generate(router(settings().retry(RetryPolicy.none()).build(), a, b), req);

    assertNull(r.cost(), "dollars and credits have no one total");
    assertEquals(
        List.of(new Cost(new BigDecimal("0.10"), "USD"), new Cost(new BigDecimal("12"), "credits")),
        r.costs());
  }

  @Test
  void partsAreSubmittedInParallel() {
    executor = pool;
    StubProvider a = new StubProvider("a", 1, 8);
    CountDownLatch allIn = new CountDownLatch(3);
    a.fallback =
        c -> {
          allIn.countDown();
          try {
            return allIn.await(10, TimeUnit.SECONDS)
                ? a.finished(c)
                : CompletableFuture.failedFuture(status503());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
          }
        };

    GenerationResult r =
        generate(
            router(settings().build(), a),
            GenerationRequest.builder("fox").count(3).seed(1L).build());

    assertEquals(List.of(1L, 2L, 3L), seeds(r), "all three submits were in flight at once");
  }

  @Test
  void aPartIsSplitAgainOnATargetThatTakesFewerImagesPerCall() {
    StubProvider a = new StubProvider("a", 4, 8);
    StubProvider b = new StubProvider("b", 1, 8);
    a.thenFail(status503());
    GenerationRequest req = GenerationRequest.builder("fox").count(4).seed(7L).build();

    GenerationResult r = generate(router(settings().retry(RetryPolicy.none()).build(), a, b), req);

    assertEquals(List.of(7L, 8L, 9L, 10L), seeds(r));
    assertEquals(1, a.submits.size());
    assertEquals(4, b.submits.size());
    assertEquals(
        List.of(0, 1, 2, 3),
        r.attempts().stream()
            .filter(x -> x.outcome() == Attempt.Outcome.SUCCEEDED)
            .map(Attempt::part)
            .sorted()
            .toList(),
        "each new call is a part with its own number");
    assertTrue(
        r.adaptations().stream()
            .anyMatch(x -> x.field() == RequestField.COUNT && x.applied().startsWith("4 calls")),
        r.adaptations().toString());
  }

  @Test
  void aPartThatFinallyFailsFailsTheCallAndCancelsTheOtherPartsJobs() throws Exception {
    executor = pool;
    StubProvider a = new StubProvider("a", 2, 8);
    CountDownLatch polled = new CountDownLatch(1);
    a.fallback =
        c -> {
          if (c.part().seed() == 1L) {
            return a.accepted(c, Collections.nCopies(1_000_000, new JobStatus.Running(List.of())));
          }
          try {
            polled.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return CompletableFuture.<VendorJob>failedFuture(
              NonRetryableProviderException.withStatus("HTTP 402 out of credits", 402));
        };
    GenerationRouter router =
        GenerationRouter.builder(Route.builder().target(a, "m").build())
            .settings(settings().deadline(Duration.ofDays(365)).build())
            .clock(clock)
            .sleeper(
                new FakeSleeper(clock) {
                  @Override
                  public void sleep(Duration d) {
                    super.sleep(d);
                    polled.countDown();
                  }
                })
            .executor(pool)
            .build();

    CompletableFuture<GenerationResult> f =
        router.generateAsync(GenerationRequest.builder("fox").count(4).seed(1L).build());

    Throwable e = assertThrows(Exception.class, () -> f.get(10, TimeUnit.SECONDS)).getCause();
    assertInstanceOf(NonRetryableProviderException.class, e);
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    assertEquals(List.of("a-job-1"), a.cancelled.stream().map(VendorJob::id).toList());
    assertEquals(2, a.submits.size());
  }
}
