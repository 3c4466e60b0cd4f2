package io.genport.provider.fal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.Size;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.simulators.Fault;
import io.genport.simulators.JobTiming;
import io.genport.simulators.ManualClock;
import io.genport.simulators.RecordedRequest;
import io.genport.simulators.fal.FalSimulator;
import io.genport.spi.ProviderConfig;
import io.genport.spitck.ProviderDriver;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * fal's status stream as the provider's end signal, against the {@link FalSimulator} over loopback:
 * the signal completes when the stream says COMPLETED (jobs moved by the simulator's manual clock,
 * never by waiting), fails when the stream is refused, releases its connection when cancelled, and
 * is not used beyond {@code event-streams} open streams or when that option is 0.
 */
class FalStatusStreamTest {
  private static final String FLUX_DEV = "fal-ai/flux/dev";
  private static final Duration RUN = Duration.ofSeconds(10);

  private final ManualClock clock = new ManualClock();
  private FalHarness h;

  @AfterEach
  void closeHarness() {
    if (h != null) {
      try {
        h.verifyNoLeaks();
      } finally {
        h.close();
      }
    }
  }

  private ImageProvider provider(String... options) {
    h =
        FalHarness.of(
            FalSimulator.builder().clock(clock).jobTiming(JobTiming.durations(Duration.ZERO, RUN)),
            false,
            FLUX_DEV);
    Map<String, String> values = new HashMap<>(h.config().values());
    for (int i = 0; i < options.length; i += 2) {
      values.put(options[i], options[i + 1]);
    }
    return h.factory()
        .create(new ProviderConfig(values), TestContexts.context(h.transport(), h.credentials()));
  }

  private static VendorJob submit(ImageProvider p) {
    GenerationRequest r =
        GenerationRequest.builder("a red fox in the snow")
            .seed(42L)
            .size(Size.exact(512, 512))
            .build();
    PlannedCall call = p.plan(r, FLUX_DEV).calls().get(0);
    return new ProviderDriver(p).start(call);
  }

  private void awaitStreams(int n) throws InterruptedException {
    assertTrue(
        h.journal().awaitCount(FalSimulator.STATUS_STREAM, n, Duration.ofSeconds(20)),
        "the simulator saw " + n + " status stream request(s)");
  }

  @Test
  void theSignalCompletesWhenTheStreamSaysTheJobEnded() throws Exception {
    ImageProvider p = provider();
    VendorJob job = submit(p);
    CompletableFuture<Void> signal = p.endSignal(job).orElseThrow();
    awaitStreams(1);
    RecordedRequest stream = h.journal().last(FalSimulator.STATUS_STREAM).orElseThrow();
    assertEquals("text/event-stream", stream.header("Accept").orElse(null));
    assertTrue(stream.header("Authorization").isPresent(), "the stream is sent with the key");
    assertFalse(signal.isDone(), "the job runs for " + RUN + " of the simulator's clock");

    clock.advance(RUN);
    signal.get(20, TimeUnit.SECONDS);
    JobStatus end = new ProviderDriver(p).poll(job);
    assertInstanceOf(JobStatus.Succeeded.class, end);
    assertEquals(
        1, h.journal().count(FalSimulator.STATUS), "the one status poll is the one after the end");
  }

  @Test
  void aRefusedStreamFailsTheSignalSoTheRouterPolls() throws Exception {
    ImageProvider p = provider();
    h.faults().on(FalSimulator.STATUS_STREAM).inject(Fault.status(500));
    VendorJob job = submit(p);
    CompletableFuture<Void> signal = p.endSignal(job).orElseThrow();
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> signal.get(20, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains("500"), e.getCause().getMessage());
  }

  @Test
  void cancellingTheSignalClosesTheStream() throws Exception {
    ImageProvider p = provider();
    VendorJob job = submit(p);
    CompletableFuture<Void> signal = p.endSignal(job).orElseThrow();
    awaitStreams(1);
    signal.cancel(false);
    // verifyNoLeaks (after each test) fails if the stream's connection is still leased.
    clock.advance(RUN);
    assertInstanceOf(JobStatus.Succeeded.class, new ProviderDriver(p).poll(job));
  }

  @Test
  void jobsBeyondTheOpenStreamLimitAreLeftToPolling() throws Exception {
    ImageProvider p = provider("event-streams", "1");
    VendorJob first = submit(p);
    VendorJob second = submit(p);
    CompletableFuture<Void> signal = p.endSignal(first).orElseThrow();
    assertEquals(Optional.empty(), p.endSignal(second));
    clock.advance(RUN);
    signal.get(20, TimeUnit.SECONDS);
    // The first stream is released once its reader has closed it.
    Optional<CompletableFuture<Void>> again = Optional.empty();
    for (int i = 0; i < 2_000 && again.isEmpty(); i++) {
      again = p.endSignal(second);
      if (again.isEmpty()) {
        Thread.sleep(5);
      }
    }
    again.orElseThrow().get(20, TimeUnit.SECONDS);
  }

  @Test
  void zeroEventStreamsTurnsTheStreamOff() {
    ImageProvider p = provider("event-streams", "0");
    assertEquals(Optional.empty(), p.endSignal(submit(p)));
  }
}
