package io.genport.bootstrap.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.bootstrap.batch.LineResult.Status;
import io.genport.core.domain.DeadlineExceededException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.UnsupportedCapabilityException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch engine over a fake {@link io.genport.core.port.ImageGeneration}: no network. */
class BatchEngineTest {
  private static final Duration LIMIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private final FakeGeneration fake = new FakeGeneration();

  /** Lines are prompts, or {@code id|prompt}; the prompt {@code BAD} is an invalid request. */
  private final LineDecoder decoder =
      line -> {
        String text = line.text().strip();
        String id = null;
        int bar = text.indexOf('|');
        if (bar >= 0) {
          id = text.substring(0, bar);
          text = text.substring(bar + 1);
        }
        if (text.equals("BAD")) {
          throw new InvalidRequestException("size", "'BAD' is not a size");
        }
        return new BatchItem(
            id, GenerationRequest.builder(text).build(), fake, FakeGeneration.TARGET.toString());
      };

  private final List<LineResult> results = Collections.synchronizedList(new ArrayList<>());

  private BatchSummary run(BatchJournal journal, BatchSettings settings, String... lines)
      throws Exception {
    return run(journal, settings, store(), lines);
  }

  private BatchSummary run(
      BatchJournal journal, BatchSettings settings, ImageStore store, String... lines)
      throws Exception {
    results.clear();
    BatchEngine engine =
        new BatchEngine(decoder, journal, store, results::add, settings, BatchListener.NONE);
    return assertTimeoutPreemptively(LIMIT, () -> engine.run(LineSource.of(List.of(lines))));
  }

  private Map<Long, LineResult> byLine() {
    Map<Long, LineResult> m = new TreeMap<>();
    synchronized (results) {
      results.forEach(r -> assertEquals(null, m.put(r.line(), r), "one result per line"));
    }
    return m;
  }

  private static List<LineState> states(MemoryJournal j, long line) {
    return j.entries().stream()
        .filter(e -> e.line() == line)
        .map(JournalEntry::state)
        .collect(Collectors.toList());
  }

  @Test
  void everyLineIsServedOnceAndItsHandleIsJournaledBeforeTheEngineWaitsOnIt() throws Exception {
    fake.hold = true;
    // A journal that lets a job finish only once its handle is durable: an engine that waited on a
    // job before journaling its handle would wait forever (and the time limit fails the test).
    MemoryJournal journal = new MemoryJournal();
    BatchJournal completing =
        observed(
            journal,
            e -> {
              if (e.state() == LineState.ACCEPTED) {
                fake.complete(e.handle());
              }
            });

    BatchSummary s =
        run(completing, BatchSettings.defaults().withConcurrency(2), "a", "b", "", "BAD", "c");

    assertEquals(1, fake.submitsOf("a"));
    assertEquals(1, fake.submitsOf("b"));
    assertEquals(1, fake.submitsOf("c"));
    assertEquals(3, fake.totalSubmits(), "the invalid line sent nothing");
    Map<Long, LineResult> r = byLine();
    assertEquals(List.of(1L, 2L, 4L, 5L), List.copyOf(r.keySet()), "the blank line is skipped");
    assertEquals(Status.OK, r.get(1L).status());
    assertEquals("line-1", r.get(1L).id());
    assertEquals(1, r.get(1L).images().size());
    assertEquals(64, r.get(1L).images().get(0).width());
    assertEquals(7L, r.get(1L).images().get(0).seed());
    assertEquals("h-a-1", r.get(1L).handle());
    Path image = Path.of(r.get(1L).images().get(0).path());
    assertEquals("line-1-1.png", image.getFileName().toString());
    assertEquals("image of h-a-1", Files.readString(image, StandardCharsets.UTF_8));
    assertEquals(Status.INVALID, r.get(4L).status());
    assertEquals("size", r.get(4L).error().field());
    for (long line : List.of(1L, 2L, 5L)) {
      assertEquals(
          List.of(LineState.SUBMITTING, LineState.ACCEPTED, LineState.FINISHED),
          states(journal, line));
    }
    assertEquals(List.of(LineState.FINISHED), states(journal, 4));
    assertEquals(4, s.lines());
    assertEquals(3, s.ok());
    assertEquals(1, s.invalid());
    assertEquals(3, s.submitted());
    assertEquals(3, s.images());
    assertEquals("0.03", s.costs().get(0).amount().toPlainString());
  }

  /** The journal a run that stopped at various points would have left. */
  private static List<JournalEntry> interruptedRun() {
    SourceLine a = new SourceLine(1, "a");
    SourceLine b = new SourceLine(2, "b");
    SourceLine c = new SourceLine(3, "c");
    SourceLine d = new SourceLine(4, "d");
    SourceLine bad = new SourceLine(6, "BAD");
    LineResult aDone =
        new LineResult(
            1,
            "line-1",
            Status.OK,
            "fake:model",
            List.of(),
            null,
            List.of(),
            List.of(),
            List.of(),
            null,
            "h-a-1",
            false,
            false,
            false);
    LineResult badDone =
        new LineResult(
            6,
            "line-6",
            Status.INVALID,
            null,
            List.of(),
            null,
            List.of(),
            List.of(),
            List.of(),
            new LineResult.Problem("INVALID_REQUEST", "size", "bad"),
            null,
            false,
            false,
            false);
    return List.of(
        JournalEntry.submitting(a, "line-1", null),
        JournalEntry.submitting(b, "line-2", null),
        JournalEntry.accepted(a, "line-1", "h-a-1", null),
        JournalEntry.submitting(c, "line-3", null),
        JournalEntry.accepted(b, "line-2", "h-b-1", null),
        JournalEntry.submitting(d, "line-4", null),
        JournalEntry.ambiguous(d, "line-4", "reset after the request was sent"),
        JournalEntry.finished(a, aDone),
        JournalEntry.finished(bad, badDone));
  }

  @Test
  void aResumedRunResumesAcceptedJobsAndReportsAmbiguousLinesWithoutSubmittingEither()
      throws Exception {
    MemoryJournal journal = new MemoryJournal(interruptedRun());

    BatchSummary s = run(journal, BatchSettings.defaults(), "a", "b", "c", "d", "e", "BAD");

    assertEquals(0, fake.submitsOf("a"), "finished: not redone");
    assertEquals(0, fake.submitsOf("b"), "accepted: resumed, never submitted again");
    assertEquals(List.of("h-b-1"), fake.resumed);
    assertEquals(0, fake.submitsOf("c"), "in flight when the run stopped: ambiguous");
    assertEquals(0, fake.submitsOf("d"), "ambiguous failure: left");
    assertEquals(1, fake.submitsOf("e"), "new: submitted");
    Map<Long, LineResult> r = byLine();
    assertTrue(r.get(1L).earlierRun());
    assertEquals(Status.OK, r.get(1L).status());
    assertEquals(Status.OK, r.get(2L).status());
    assertTrue(r.get(2L).resumed());
    assertEquals(
        "line-2-1.png", Path.of(r.get(2L).images().get(0).path()).getFileName().toString());
    assertEquals(Status.AMBIGUOUS, r.get(3L).status());
    assertTrue(r.get(3L).error().message().contains("in flight"), r.get(3L).error().message());
    assertEquals(Status.AMBIGUOUS, r.get(4L).status());
    assertEquals(Status.OK, r.get(5L).status());
    assertEquals(Status.INVALID, r.get(6L).status(), "invalid lines are checked again");
    assertEquals(6, s.lines());
    assertEquals(1, s.earlier());
    assertEquals(1, s.resumed());
    assertEquals(1, s.submitted());
    assertEquals(2, s.ambiguous());
    // Ambiguous lines stay as they were for a later run; nothing new is journaled for them.
    assertEquals(LineState.SUBMITTING, LineRecord.fold(journal.entries()).get(3L).state());
    assertEquals(LineState.AMBIGUOUS, LineRecord.fold(journal.entries()).get(4L).state());
    assertEquals(LineState.FINISHED, LineRecord.fold(journal.entries()).get(2L).state());
  }

  @Test
  void resubmitAmbiguousSendsAmbiguousLinesAgainAsPossibleDuplicatesButStillResumesAccepted()
      throws Exception {
    MemoryJournal journal = new MemoryJournal(interruptedRun());

    run(journal, BatchSettings.defaults().withResubmitAmbiguous(true), "a", "b", "c", "d", "e");

    assertEquals(List.of("h-b-1"), fake.resumed);
    assertEquals(0, fake.submitsOf("b"));
    assertEquals(1, fake.submitsOf("c"));
    assertEquals(1, fake.submitsOf("d"));
    Map<Long, LineResult> r = byLine();
    assertEquals(Status.OK, r.get(3L).status());
    assertTrue(r.get(3L).possibleDuplicate());
    assertTrue(r.get(4L).possibleDuplicate());
    assertFalse(r.get(5L).possibleDuplicate());
    assertEquals(2, LineRecord.fold(journal.entries()).get(3L).submits(), "both runs' submits");
  }

  @Test
  void jobsOnSimulatorsThatEndedWithTheProcessAreSubmittedAgain() throws Exception {
    MemoryJournal journal = new MemoryJournal(interruptedRun());

    run(journal, BatchSettings.defaults().withJobsOutliveProcess(false), "a", "b", "c", "d");

    assertEquals(List.of(), fake.resumed);
    assertEquals(0, fake.submitsOf("a"), "finished lines are still not redone");
    assertEquals(1, fake.submitsOf("b"));
    assertEquals(1, fake.submitsOf("c"));
    assertEquals(1, fake.submitsOf("d"));
    assertTrue(byLine().values().stream().allMatch(x -> x.status() == Status.OK));
  }

  @Test
  void aLineEditedAfterItWasSentIsReportedAndNothingIsSentForIt() throws Exception {
    MemoryJournal journal = new MemoryJournal(interruptedRun());

    run(journal, BatchSettings.defaults(), "a", "b edited", "c", "d");

    assertEquals(List.of(), fake.resumed);
    assertEquals(0, fake.totalSubmits());
    LineResult r = byLine().get(2L);
    assertEquals(Status.FAILED, r.status());
    assertEquals("CHANGED", r.error().type());
    assertEquals("line", r.error().field());
    assertEquals("h-b-1", r.handle(), "the jobs of the old text are named");
  }

  @Test
  void anAmbiguousSubmitIsReportedAndLeftUntilResubmitsAreAllowed() throws Exception {
    fake.refuse =
        p ->
            p.equals("x")
                ? RetryableProviderException.ambiguous("reset after sending", null)
                : null;
    MemoryJournal first = new MemoryJournal();

    run(first, BatchSettings.defaults(), "x", "y");

    assertEquals(Status.AMBIGUOUS, byLine().get(1L).status());
    assertEquals(Status.OK, byLine().get(2L).status());
    assertEquals(LineState.AMBIGUOUS, LineRecord.fold(first.entries()).get(1L).state());

    fake.refuse = p -> null;
    run(new MemoryJournal(first.entries()), BatchSettings.defaults(), "x", "y");
    assertEquals(1, fake.submitsOf("x"), "not sent again by default");
    assertEquals(Status.AMBIGUOUS, byLine().get(1L).status());

    run(
        new MemoryJournal(first.entries()),
        BatchSettings.defaults().withResubmitAmbiguous(true),
        "x",
        "y");
    assertEquals(2, fake.submitsOf("x"));
    assertEquals(1, fake.submitsOf("y"));
    assertEquals(Status.OK, byLine().get(1L).status());
  }

  @Test
  void aFailedCallIsFinishedAndNotRetriedByALaterRun() throws Exception {
    fake.refuse =
        p -> p.equals("y") ? NonRetryableProviderException.withStatus("no credits", 402) : null;
    MemoryJournal first = new MemoryJournal();

    BatchSummary s = run(first, BatchSettings.defaults(), "y", "z");

    assertEquals(1, s.failed());
    assertEquals(Status.FAILED, byLine().get(1L).status());
    assertEquals("NOT_RETRYABLE", byLine().get(1L).error().type());
    run(new MemoryJournal(first.entries()), BatchSettings.defaults(), "y", "z");
    assertEquals(1, fake.submitsOf("y"));
    assertTrue(byLine().get(1L).earlierRun());
  }

  @Test
  void aRequestTheRouterRefusesBeforeSendingIsInvalid() throws Exception {
    fake.refuse =
        p -> p.equals("wide") ? new InvalidRequestException("aspect", "9:1 is too wide") : null;

    fake.refuse =
        p ->
            p.equals("wide")
                ? new InvalidRequestException("aspect", "9:1 is too wide")
                : p.equals("webp")
                    ? new UnsupportedCapabilityException(RequestField.FORMAT, "no WEBP here")
                    : null;

    BatchSummary s = run(new MemoryJournal(), BatchSettings.defaults(), "wide", "webp");

    assertEquals(2, s.invalid());
    assertEquals("aspect", byLine().get(1L).error().field());
    assertEquals("format", byLine().get(2L).error().field());
    assertEquals("UNSUPPORTED", byLine().get(2L).error().type());
  }

  @Test
  void aDeadlineLeavesTheLinePendingUnderTheDeadlinesHandleForTheNextRun() throws Exception {
    fake.failResult =
        h ->
            h.equals("h-slow-1")
                ? new DeadlineExceededException("deadline of 10m passed", "h-slow-late")
                : null;
    MemoryJournal first = new MemoryJournal();

    BatchSummary s = run(first, BatchSettings.defaults(), "slow");

    assertEquals(1, s.pending());
    assertEquals(Status.PENDING, byLine().get(1L).status());
    assertEquals("h-slow-late", byLine().get(1L).handle());
    fake.failResult = h -> null;
    run(new MemoryJournal(first.entries()), BatchSettings.defaults(), "slow");
    assertEquals(List.of("h-slow-late"), fake.resumed);
    assertEquals(1, fake.submitsOf("slow"));
    assertEquals(Status.OK, byLine().get(1L).status());
  }

  @Test
  void imagesThatCannotBeWrittenKeepTheLineAcceptedSoTheNextRunFetchesThemAgain() throws Exception {
    ImageStore broken =
        (id, index, image) -> {
          throw new IOException("disk full");
        };
    MemoryJournal first = new MemoryJournal();

    run(first, BatchSettings.defaults(), broken, "paid");

    LineResult r = byLine().get(1L);
    assertEquals(Status.FAILED, r.status());
    assertEquals("OUTPUT", r.error().type());
    assertEquals("h-paid-1", r.handle());
    assertEquals(LineState.ACCEPTED, LineRecord.fold(first.entries()).get(1L).state());

    run(new MemoryJournal(first.entries()), BatchSettings.defaults(), "paid");
    assertEquals(List.of("h-paid-1"), fake.resumed);
    assertEquals(1, fake.submitsOf("paid"), "paid once");
    assertEquals(Status.OK, byLine().get(1L).status());
  }

  @Test
  void aJournalThatCannotBeWrittenStopsTheBatchBeforeAnythingElseIsSent() throws Exception {
    AtomicInteger appends = new AtomicInteger();
    BatchJournal failing =
        new BatchJournal() {
          @Override
          public Map<Long, LineRecord> recorded() {
            return Map.of();
          }

          @Override
          public void append(JournalEntry e) throws IOException {
            // SUBMITTING of line 1 is written, its ACCEPTED is not.
            if (appends.incrementAndGet() > 1) {
              throw new IOException("no space left on device");
            }
          }
        };
    results.clear();
    BatchEngine engine =
        new BatchEngine(
            decoder,
            failing,
            store(),
            results::add,
            BatchSettings.defaults().withConcurrency(1),
            BatchListener.NONE);

    IOException e =
        assertThrows(
            IOException.class,
            () ->
                assertTimeoutPreemptively(
                    LIMIT, () -> engine.run(LineSource.of(List.of("a", "b", "c", "d")))));

    assertTrue(e.getMessage().contains("no space left"), e.getMessage());
    assertEquals(1, fake.totalSubmits(), "nothing is sent once the journal fails");
  }

  @Test
  void idsAreCheckedForDuplicatesAndForBeingSafeFileNames() throws Exception {
    run(new MemoryJournal(), BatchSettings.defaults(), "fox|a", "fox|b", "../etc|c", "line-4|d");

    Map<Long, LineResult> r = byLine();
    assertEquals(Status.OK, r.get(1L).status());
    assertEquals("fox", r.get(1L).id());
    assertEquals(Status.INVALID, r.get(2L).status());
    assertEquals("id", r.get(2L).error().field());
    assertTrue(r.get(2L).error().message().contains("line 1"), r.get(2L).error().message());
    assertEquals(Status.INVALID, r.get(3L).status());
    assertEquals("id", r.get(3L).error().field());
    assertEquals(0, fake.submitsOf("b") + fake.submitsOf("c"));
    assertEquals(Status.OK, r.get(4L).status());
  }

  @Test
  void aRunStoppedWhileJobsRanIsFinishedByTheNextWithoutSubmittingAnyAgain() throws Exception {
    fake.hold = true;
    CountDownLatch accepted = new CountDownLatch(3);
    MemoryJournal first = new MemoryJournal();
    BatchEngine engine =
        new BatchEngine(
            decoder,
            observed(
                first,
                e -> {
                  if (e.state() == LineState.ACCEPTED) {
                    accepted.countDown();
                  }
                }),
            store(),
            results::add,
            BatchSettings.defaults().withConcurrency(3),
            BatchListener.NONE);
    List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
    Thread runner =
        new Thread(
            () -> {
              try {
                engine.run(LineSource.of(List.of("p", "q", "r")));
              } catch (Throwable t) {
                thrown.add(t);
              }
            });
    runner.start();
    assertTrue(accepted.await(LIMIT.toSeconds(), TimeUnit.SECONDS), "all three accepted");
    runner.interrupt(); // the stop: jobs still running at the vendor, no result yet
    runner.join(LIMIT.toMillis());
    assertFalse(runner.isAlive());
    assertTrue(thrown.get(0) instanceof InterruptedException, String.valueOf(thrown));
    assertTrue(results.isEmpty());

    fake.hold = false;
    run(new MemoryJournal(first.entries()), BatchSettings.defaults(), "p", "q", "r");

    assertEquals(3, fake.totalSubmits(), "each line submitted once, by the first run only");
    assertEquals(
        List.of("h-p-1", "h-q-1", "h-r-1"),
        fake.resumed.stream().sorted().collect(Collectors.toList()));
    assertTrue(byLine().values().stream().allMatch(x -> x.status() == Status.OK && x.resumed()));
  }

  @Test
  void theListenerHearsTheTotalWhatEarlierRunsFinishedAndEachLine() throws Exception {
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    BatchListener listener =
        new BatchListener() {
          @Override
          public void started(java.util.OptionalLong lines, long finishedEarlier) {
            heard.add("started " + lines.getAsLong() + " " + finishedEarlier);
          }

          @Override
          public void finished(LineResult r) {
            heard.add(r.id() + (r.earlierRun() ? " earlier" : ""));
          }
        };
    BatchEngine engine =
        new BatchEngine(
            decoder,
            new MemoryJournal(
                interruptedRun().stream().filter(e -> e.line() == 1).collect(Collectors.toList())),
            store(),
            r -> {},
            BatchSettings.defaults().withConcurrency(1),
            listener);

    engine.run(LineSource.of(List.of("a", "", "e")));

    assertEquals(List.of("started 2 1", "line-1 earlier", "line-3"), heard);
  }

  /** {@code journal}, telling {@code hook} of each entry once it is appended. */
  private static BatchJournal observed(MemoryJournal journal, Consumer<JournalEntry> hook) {
    return new BatchJournal() {
      @Override
      public Map<Long, LineRecord> recorded() {
        return journal.recorded();
      }

      @Override
      public void append(JournalEntry e) {
        journal.append(e);
        hook.accept(e);
      }
    };
  }

  /** A directory store in the test's folder. */
  private ImageStore store() {
    return DirectoryImageStore.open(dir.resolve("images"));
  }
}
