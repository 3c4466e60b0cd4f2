package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.application.PollSchedule.EndWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The poll schedule as a function: the base growth schedule with no history, and bent around a
 * learned end window (a poll at its start, dense inside it, the density bounded by the window's
 * width), keeping about one poll per steady interval over a long job.
 */
class PollScheduleTest {
  private static final Duration STEADY = Duration.ofSeconds(1);

  /** The default schedule without its assumed window: the learned window alone. */
  private static final PollSchedule SCHEDULE = RouterLearnedPollTest.LEARNING_ONLY;

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  private static EndWindow window(long fromMs, long toMs) {
    return new EndWindow(ms(fromMs), ms(toMs));
  }

  /** The times (from the acceptance) of the polls of a job still running at {@code until}. */
  private static List<Duration> pollTimes(PollSchedule s, EndWindow w, Duration until) {
    List<Duration> times = new ArrayList<>();
    Duration at = Duration.ZERO;
    for (int polls = 0; ; polls++) {
      at = at.plus(s.wait(polls, STEADY, at, w));
      if (at.compareTo(until) > 0) {
        return times;
      }
      times.add(at);
    }
  }

  private static long within(List<Duration> times, EndWindow w) {
    return times.stream()
        .filter(t -> t.compareTo(w.from()) >= 0 && t.compareTo(w.to()) <= 0)
        .count();
  }

  @Test
  void withoutHistoryTheBaseScheduleIsKept() {
    for (int polls = 0; polls < 15; polls++) {
      for (long elapsed : new long[] {0, 1_000, 7_000}) {
        assertEquals(
            SCHEDULE.wait(polls, STEADY),
            SCHEDULE.wait(polls, STEADY, ms(elapsed), null),
            "poll " + polls + " at " + elapsed + " ms");
      }
    }
    assertEquals(ms(250), SCHEDULE.wait(0, STEADY, Duration.ZERO, null));
    assertEquals(ms(1000), SCHEDULE.wait(12, STEADY, ms(9_000), null));
    PollSchedule off = new PollSchedule(ms(250), 1.2, Duration.ofSeconds(5), 0);
    assertEquals(
        pollTimes(off, null, Duration.ofSeconds(20)),
        pollTimes(off, window(3_000, 4_000), Duration.ofSeconds(20)),
        "densePolls 0 turns the learned window off");
  }

  @Test
  void theAssumedWindowKeepsPollsAboutHalfASecondApartForTenSecondsWithOrWithoutHistory() {
    PollSchedule s = PollSchedule.DEFAULT;
    assertEquals(window(250, 10_000), s.assumedWindow());
    List<Duration> times = pollTimes(s, null, Duration.ofSeconds(30));
    Duration previous = Duration.ZERO;
    for (Duration t : times) {
      Duration gap = t.minus(previous);
      if (t.compareTo(Duration.ofSeconds(10)) <= 0) {
        assertTrue(gap.compareTo(ms(488)) < 0, gap + " up to " + t);
      } else if (previous.compareTo(Duration.ofSeconds(11)) >= 0) {
        assertEquals(STEADY, gap, "after it, the steady interval");
      }
      previous = t;
    }
    assertTrue(times.size() <= 42, "polls over a 30 s job: " + times.size());
    // A learned window later than ten seconds still gets its own dense polls.
    List<Duration> learned = pollTimes(s, window(20_000, 22_000), Duration.ofSeconds(30));
    assertTrue(within(learned, window(20_000, 22_000)) >= 8, learned.toString());
    assertEquals(null, new PollSchedule(ms(250), 1.2, Duration.ofSeconds(5), 0).assumedWindow());
    assertEquals(
        null,
        new PollSchedule(ms(250), 1.2, Duration.ofSeconds(5), 20, Duration.ZERO).assumedWindow());
  }

  @Test
  void aPollLandsOnTheWindowsStartAndPollsAreDenseInside() {
    EndWindow w = window(3_000, 4_000);
    List<Duration> times = pollTimes(SCHEDULE, w, Duration.ofSeconds(6));
    // The base schedule up to 2482 ms (its next poll would be at 3228), then the window's start,
    // then every 250 ms through the window, then the steady second.
    assertEquals(
        List.of(
            ms(250), ms(550), ms(910), ms(1342), ms(1860), ms(2482), ms(3000), ms(3250), ms(3500),
            ms(3750), ms(4000), ms(5000), ms(6000)),
        times.stream().map(d -> ms(d.toMillis())).toList());
    assertEquals(ms(518), SCHEDULE.wait(6, STEADY, ms(2_482), w));
    assertEquals(ms(250), SCHEDULE.wait(7, STEADY, ms(3_000), w));
    assertEquals(ms(1000), SCHEDULE.wait(11, STEADY, ms(4_000), w), "after the window");
  }

  @Test
  void jobsThatEndAtOnceArePolledAlmostAtOnce() {
    EndWindow w = window(4, 30);
    assertEquals(ms(4), SCHEDULE.wait(0, STEADY, Duration.ZERO, w));
    // A narrow window: one poll at its start, one at its end.
    assertEquals(ms(26), SCHEDULE.wait(1, STEADY, ms(4), w));
    assertEquals(ms(360), SCHEDULE.wait(2, STEADY, ms(30), w), "then the base schedule");
  }

  @Test
  void theDenseIntervalWidensWithTheWindowSoExtraPollsAreBounded() {
    assertEquals(ms(250), SCHEDULE.spacing(window(2_000, 4_000)));
    assertEquals(ms(240), SCHEDULE.spacing(window(2_600, 7_400)), "4.8 s in 20 even steps");
    assertEquals(ms(500), SCHEDULE.spacing(window(2_000, 12_000)), "10 s / 20");
    assertEquals(ms(1500), SCHEDULE.spacing(window(0, 30_000)), "30 s / 20: no denser than 1/s");
    for (long width : new long[] {100, 1_000, 4_800, 10_000, 20_000, 60_000, 300_000}) {
      EndWindow w = window(2_000, 2_000 + width);
      List<Duration> times = pollTimes(SCHEDULE, w, Duration.ofMinutes(10));
      // Inside the window, the denser of the dense spacing and the steady interval.
      assertTrue(
          within(times, w) <= Math.max(SCHEDULE.densePolls(), width / 1000) + 1,
          "at most densePolls + 1 polls in a window of " + width + " ms: " + within(times, w));
      long base = pollTimes(SCHEDULE, null, Duration.ofMinutes(10)).size();
      assertTrue(
          times.size() - base <= SCHEDULE.densePolls() + 1,
          "extra polls over a 10-minute job, window of " + width + " ms: " + (times.size() - base));
    }
  }

  @Test
  void overALongJobTheRateStaysAboutOnePerSecond() {
    Duration tenMinutes = Duration.ofMinutes(10);
    for (EndWindow w : List.of(window(2_600, 7_400), window(28_000, 32_000), window(0, 50))) {
      double perSecond = pollTimes(SCHEDULE, w, tenMinutes).size() / 600.0;
      assertTrue(perSecond <= 1.04, w + ": " + perSecond + " polls per second");
      assertTrue(perSecond >= 0.99, w + ": " + perSecond + " polls per second");
    }
    // A target of 30 s jobs, ending within a second of each other: a 30 s job costs a few polls
    // more than the base schedule's 34.
    List<Duration> times = pollTimes(SCHEDULE, window(29_500, 30_500), Duration.ofSeconds(30));
    assertTrue(times.size() <= 38, "polls over a 30 s job: " + times.size());
  }

  @Test
  void aZeroSteadyIntervalStillMeansAtOnce() {
    assertEquals(Duration.ZERO, SCHEDULE.wait(3, Duration.ZERO, ms(100), window(3_000, 4_000)));
  }

  @Test
  void invalidSettingsAreRefusedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new PollSchedule(ms(250), 1.2, Duration.ofSeconds(5), -1));
    assertTrue(e.getMessage().contains("densePolls"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> window(2_000, 1_000));
    assertTrue(e.getMessage().contains("to"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> window(-1, 1_000));
    assertTrue(e.getMessage().contains("from"), e.getMessage());
  }
}
