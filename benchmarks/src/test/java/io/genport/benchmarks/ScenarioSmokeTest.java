package io.genport.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.application.PollSchedule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Short runs of the scenarios, so they cannot rot: every call ends with its images and the figures
 * are filled in. No timing is asserted; the figures are measured by the full runs (README).
 */
class ScenarioSmokeTest {

  @Test
  void completionLagRunsWithEventsAndWithPolling() throws Exception {
    for (String vendor : SimulatedVendor.NAMES) {
      CompletionLagScenario.Figures events =
          CompletionLagScenario.run(
              vendor,
              true,
              3,
              Duration.ofMillis(100),
              Duration.ofMillis(300),
              1,
              0,
              PollSchedule.DEFAULT);
      CompletionLagScenario.Figures polling =
          CompletionLagScenario.run(
              // After five unmeasured jobs: the router polls on a learned end window.
              vendor,
              false,
              3,
              Duration.ofMillis(100),
              Duration.ofMillis(300),
              1,
              5,
              PollSchedule.DEFAULT);
      assertEquals(3, events.jobs());
      assertTrue(events.pollsPerJob() >= 1, "the end is read by a status request: " + events);
      assertTrue(!Double.isNaN(events.signalP50Ms()), "the events signalled the ends: " + events);
      assertTrue(Double.isNaN(polling.signalP50Ms()), "no event without a stream: " + polling);
      assertTrue(polling.pollsPerJob() >= 1, polling.toString());
    }
  }

  @Test
  void manyCallsInFlightAllFinish() throws Exception {
    InFlightScenario.Figures f = InFlightScenario.run(40, Duration.ofSeconds(1), 4, false);
    assertEquals(40, f.succeeded(), f.toString());
    assertEquals(0, f.failed(), f.toString());
    assertTrue(f.pollsPerJob() >= 1, f.toString());
  }

  @Test
  void callsWhoseFirstSubmitIsRefusedRetryAndFinish() throws Exception {
    InFlightScenario.Figures f =
        InFlightScenario.run(20, Duration.ofSeconds(1), 2, 20, 1, false, 0);
    assertEquals(20, f.succeeded(), f.toString());
    assertEquals(0, f.failed(), f.toString());
  }
}
