package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.Attempt;
import io.genport.core.domain.DeadlineExceededException;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Optional hedging of slow submits. */
class RouterHedgingTest extends RouterTestSupport {
  private final StubProvider a = new StubProvider("a");
  private final StubProvider b = new StubProvider("b");
  private final StubProvider c = new StubProvider("c");

  private static RouterSettings hedging(Duration delay) {
    return settings().hedging(HedgingSettings.after(delay)).build();
  }

  @Test
  void anUnansweredSubmitIsHedgedAfterTheDelayAndTheLoserIsCancelled() {
    a.thenHang();
    GenerationRouter router = router(hedging(Duration.ofSeconds(5)), a, b);

    GenerationResult r = generate(router, request());

    assertEquals(List.of(Duration.ofSeconds(5)), sleeper.waits, "the hedge waited its delay");
    assertTrue(r.hedged());
    assertEquals(List.of(a.target("m"), b.target("m")), targets(r));
    Attempt loser = r.attempts().get(0);
    assertEquals(Attempt.Outcome.CANCELLED, loser.outcome());
    assertTrue(loser.message().contains("lost the hedge race"), loser.message());
    Attempt winner = r.attempts().get(1);
    assertEquals(Attempt.Outcome.SUCCEEDED, winner.outcome());
    assertTrue(winner.hedge());
    assertFalse(winner.possibleDuplicate());
    ProgressEvent.HedgeStarted h = events(ProgressEvent.HedgeStarted.class).get(0);
    assertEquals(b.target("m"), h.target());
    assertEquals(a.target("m"), h.hedgedTarget());
    assertEquals(1, router.stats(b.target("m")).hedges());

    a.pending.get(0).complete(a.job("late"));
    assertEquals(List.of("late"), a.cancelled.stream().map(VendorJob::id).toList());
    assertEquals(1, router.stats(a.target("m")).orphansCancelled());
  }

  @Test
  void theFirstToAcceptWinsEvenWhenItIsTheOriginalSubmit() {
    AtomicReference<PlannedCall> aCall = new AtomicReference<>();
    a.then(
        call -> {
          aCall.set(call);
          CompletableFuture<VendorJob> f = new CompletableFuture<>();
          a.pending.add(f);
          return f;
        });
    b.then(
        call -> {
          // a answers while b's submit is still out
          a.pending.get(0).complete(a.finished(aCall.get()).join());
          CompletableFuture<VendorJob> f = new CompletableFuture<>();
          b.pending.add(f);
          return f;
        });

    GenerationResult r = generate(router(hedging(Duration.ofSeconds(5)), a, b), request());

    assertEquals(a.target("m"), r.attempts().get(0).target());
    assertEquals(Attempt.Outcome.SUCCEEDED, r.attempts().get(0).outcome());
    assertEquals(Attempt.Outcome.CANCELLED, r.attempts().get(1).outcome());
    assertTrue(r.attempts().get(1).hedge());
    assertTrue(r.hedged());
    b.pending.get(0).complete(b.job("b-late"));
    assertEquals(List.of("b-late"), b.cancelled.stream().map(VendorJob::id).toList());
  }

  @Test
  void noHedgeWhenTheSubmitIsAcceptedInTime() {
    GenerationResult r = generate(router(hedging(Duration.ofSeconds(5)), a, b), request());
    assertFalse(r.hedged());
    assertEquals(0, b.submits.size());
    assertTrue(sleeper.waits.isEmpty());
  }

  @Test
  void hedgingIsOffByDefault() {
    a.thenHang();
    GenerationRouter router = router(settings().deadline(Duration.ofSeconds(30)).build(), a, b);
    assertTrue(
        router.generateAsync(request()).handle((r, e) -> e).join()
            instanceof DeadlineExceededException);
    assertEquals(0, b.submits.size());
    assertFalse(router.settings().hedging().enabled());
  }

  @Test
  void whenTheSubmitAndItsHedgeBothFailThePartFailsOverPastTheHedge() {
    a.thenHang();
    b.then(
        call -> {
          a.pending.get(0).completeExceptionally(status503());
          return CompletableFuture.failedFuture(status503());
        });

    GenerationResult r = generate(router(hedging(Duration.ofSeconds(5)), a, b, c), request());

    assertEquals(1, a.submits.size(), "no retry of a once it was hedged");
    assertEquals(1, b.submits.size());
    assertEquals(1, c.submits.size());
    assertEquals(
        List.of(Attempt.Outcome.FAILED, Attempt.Outcome.FAILED, Attempt.Outcome.SUCCEEDED),
        outcomes(r));
    assertEquals(c.target("m"), r.attempts().get(2).target());
    assertTrue(r.hedged());
  }

  @Test
  void aHedgeIsNotSentWithoutRetryBudget() {
    a.thenHang().thenHang();
    RouterSettings s =
        settings()
            .deadline(Duration.ofSeconds(20))
            .hedging(HedgingSettings.after(Duration.ofSeconds(5)))
            .retry(RetryPolicy.builder().budget(new RetryBudgetSettings(0.1, 1)).build())
            .build();
    GenerationRouter router = router(s, a, b);

    generate(router, request()); // b's bucket holds one token: the first hedge spends it
    assertEquals(1, b.submits.size());
    Throwable second = router.generateAsync(request()).handle((r, e) -> e).join();

    assertTrue(second instanceof DeadlineExceededException, String.valueOf(second));
    assertEquals(1, b.submits.size(), "b's budget is spent: no second hedge");
  }
}
