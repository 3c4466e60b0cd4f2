package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.application.PollSchedule.EndWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A target's recent job ends: a window only after enough of them, percentiles, bounded memory. */
class JobEndHistoryTest {
  private static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  @Test
  void noWindowUntilEnoughJobsEnded() {
    JobEndHistory h = new JobEndHistory();
    for (int i = 1; i < JobEndHistory.MIN_OBSERVATIONS; i++) {
      h.record(s(3));
      assertNull(h.window(), "after " + i + " ends");
    }
    h.record(s(3));
    assertEquals(new EndWindow(s(3), s(3)), h.window());
  }

  @Test
  void theWindowRunsFromTheTenthToTheNinetiethPercentile() {
    JobEndHistory h = new JobEndHistory();
    for (long sec : new long[] {7, 1, 10, 4, 2, 9, 3, 8, 6, 5}) {
      h.record(s(sec));
    }
    assertEquals(new EndWindow(s(1), s(9)), h.window());
    h.record(Duration.ofMillis(-5));
    h.record(Duration.ofMillis(-5));
    assertEquals(Duration.ZERO, h.window().from(), "a clock stepping back counts as at once");
  }

  @Test
  void memoryIsBoundedAndTheWindowFollowsTheRecentEnds() {
    JobEndHistory h = new JobEndHistory();
    for (int i = 0; i < 10_000; i++) {
      h.record(s(1));
    }
    assertEquals(JobEndHistory.CAPACITY, h.size());
    for (int i = 0; i < JobEndHistory.CAPACITY; i++) {
      h.record(s(5));
    }
    assertEquals(JobEndHistory.CAPACITY, h.size());
    assertEquals(new EndWindow(s(5), s(5)), h.window(), "the older ends dropped out");
  }

  @Test
  void concurrentRecordsKeepTheRingConsistent() throws InterruptedException {
    JobEndHistory h = new JobEndHistory();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      long sec = 2 + t;
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 5_000; i++) {
                  h.record(s(sec));
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(JobEndHistory.CAPACITY, h.size());
    EndWindow w = h.window();
    assertTrue(w.from().compareTo(s(2)) >= 0 && w.to().compareTo(s(5)) <= 0, w.toString());
  }
}
