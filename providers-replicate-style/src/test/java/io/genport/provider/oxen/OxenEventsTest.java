package io.genport.provider.oxen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.VendorJob;
import io.genport.simulators.JobTiming;
import io.genport.simulators.ManualClock;
import io.genport.simulators.oxen.OxenSimulator;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spitck.ProviderDriver;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Oxen's account-wide {@code /api/events} stream as the provider's end signal, against the {@link
 * OxenSimulator} over loopback: one stream for every waiting job, opened before the submit (the
 * stream has no replay), each job's signal completed by its own {@code media_generation_completed}
 * event. Jobs move by the simulator's manual clock.
 */
class OxenEventsTest {
  private static final String KEY = "oxen-events-test-key";
  private static final Duration RUN = Duration.ofSeconds(10);

  private final ManualClock clock = new ManualClock();
  private OxenSimulator sim;
  private HttpClient5Transport transport;

  @AfterEach
  void close() throws Exception {
    if (transport != null) {
      transport.close();
    }
    if (sim != null) {
      sim.close();
    }
  }

  private ImageProvider provider(String... options) {
    sim =
        OxenSimulator.builder()
            .apiKey(KEY)
            .clock(clock)
            .jobTiming(JobTiming.durations(Duration.ZERO, RUN))
            .start();
    transport = new HttpClient5Transport();
    Map<String, String> values = new HashMap<>();
    values.put("base-url", sim.apiBaseUri().toString());
    values.put("download-allow", "127.0.0.1");
    for (int i = 0; i < options.length; i += 2) {
      values.put(options[i], options[i + 1]);
    }
    ProviderContext context =
        ProviderContext.of(
            transport,
            Clock.systemUTC(),
            d -> {},
            Credentials.fromMap(Map.of("OXEN_API_KEY", KEY)),
            new ObjectMapper(),
            new Random(3));
    return new OxenProviderFactory().create(new ProviderConfig(values), context);
  }

  private static VendorJob submit(ImageProvider p, String prompt) {
    return new ProviderDriver(p)
        .start(
            p.plan(GenerationRequest.builder(prompt).seed(7L).build(), "flux-2-pro")
                .calls()
                .get(0));
  }

  @Test
  void oneStreamSignalsTheEndOfEachWaitingJob() throws Exception {
    ImageProvider p = provider();
    VendorJob a = submit(p, "a fox");
    assertEquals(0, sim.requests().count(OxenSimulator.EVENTS), "nobody waits yet");
    CompletableFuture<Void> sa = p.endSignal(a).orElseThrow();
    assertTrue(
        sim.requests().awaitCount(OxenSimulator.EVENTS, 1, Duration.ofSeconds(20)),
        "the first job that waits opens the stream");
    VendorJob b = submit(p, "a castle");
    CompletableFuture<Void> sb = p.endSignal(b).orElseThrow();
    assertFalse(sa.isDone() || sb.isDone(), "both run for " + RUN + " of the simulator's clock");

    clock.advance(RUN);
    CompletableFuture.allOf(sa, sb).get(20, TimeUnit.SECONDS);
    assertEquals(1, sim.requests().count(OxenSimulator.EVENTS), "one stream for both jobs");
    assertEquals(
        List.of(),
        sim.requests().matching(OxenSimulator.STATUS),
        "nothing was polled while waiting");
    assertInstanceOf(JobStatus.Succeeded.class, new ProviderDriver(p).poll(a));
  }

  @Test
  void anEndSeenBeforeTheJobWaitsStillCounts() throws Exception {
    ImageProvider p = provider();
    VendorJob keepsTheStreamBusy = submit(p, "a castle");
    CompletableFuture<Void> other = p.endSignal(keepsTheStreamBusy).orElseThrow();
    assertTrue(sim.requests().awaitCount(OxenSimulator.EVENTS, 1, Duration.ofSeconds(20)));
    VendorJob a = submit(p, "a fox");
    clock.advance(RUN);
    other.get(20, TimeUnit.SECONDS);
    // Job a's event came while nobody waited for it: its signal is complete at once.
    CompletableFuture<Void> late = null;
    for (int i = 0; i < 2_000; i++) {
      late = p.endSignal(a).orElseThrow();
      if (late.isDone()) {
        break;
      }
      late.cancel(false);
      Thread.sleep(5);
    }
    assertTrue(late.isDone() && !late.isCompletedExceptionally(), "the remembered end");
  }

  @Test
  void zeroEventStreamsTurnsTheStreamOff() {
    ImageProvider p = provider("event-streams", "0");
    assertEquals(Optional.empty(), p.endSignal(submit(p, "a fox")));
    assertEquals(0, sim.requests().count(OxenSimulator.EVENTS));
  }
}
