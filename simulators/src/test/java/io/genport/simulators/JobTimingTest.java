package io.genport.simulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobTimingTest {
  @Test
  void pollsDriveThePhases() {
    JobStore<String> store = new JobStore<>(new ManualClock(), JobTiming.polls(2, 1));
    SimJob<String> job = store.create("j", "spec");
    assertEquals(JobPhase.QUEUED, job.phase());
    assertEquals(2, job.queuePosition());
    assertEquals(JobPhase.QUEUED, job.poll());
    assertEquals(1, job.queuePosition());
    assertEquals(JobPhase.QUEUED, job.poll());
    assertEquals(JobPhase.RUNNING, job.poll());
    assertEquals(JobPhase.DONE, job.poll());
    assertEquals(JobPhase.DONE, job.poll());
    assertEquals(5, job.statusPolls());
  }

  @Test
  void theClockDrivesThePhases() {
    ManualClock clock = new ManualClock();
    JobStore<String> store =
        new JobStore<>(clock, JobTiming.durations(Duration.ofSeconds(2), Duration.ofSeconds(3)));
    SimJob<String> job = store.create("j", "spec");
    assertEquals(JobPhase.QUEUED, job.poll());
    clock.advance(Duration.ofSeconds(2));
    assertEquals(JobPhase.RUNNING, job.phase());
    clock.advance(Duration.ofMillis(2999));
    assertEquals(JobPhase.RUNNING, job.phase());
    clock.advance(Duration.ofMillis(1));
    assertEquals(JobPhase.DONE, job.phase());
  }

  @Test
  void eitherConditionAdvancesAndThePhaseNeverGoesBack() {
    ManualClock clock = new ManualClock();
    JobStore<String> store =
        new JobStore<>(
            clock, JobTiming.polls(5, 5).orAfter(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    SimJob<String> job = store.create("j", "spec");
    clock.advance(Duration.ofSeconds(2));
    assertEquals(JobPhase.DONE, job.poll());
    clock.set(clock.instant().minusSeconds(10));
    assertEquals(JobPhase.DONE, job.phase());
  }

  @Test
  void cancelEndsAJobThatIsNotDone() {
    JobStore<String> store = new JobStore<>(new ManualClock(), JobTiming.polls(1, 1));
    SimJob<String> job = store.create("j", "spec");
    assertTrue(job.cancel());
    assertEquals(JobPhase.DONE, job.phase());
    assertFalse(job.cancel());
    SimJob<String> done = store.create("k", "spec");
    done.poll();
    done.poll();
    done.poll();
    assertFalse(done.cancel());
    assertFalse(done.cancelled());
  }
}
