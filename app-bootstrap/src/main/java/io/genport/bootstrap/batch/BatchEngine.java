package io.genport.bootstrap.batch;

import static java.util.Objects.requireNonNull;

import io.genport.bootstrap.batch.LineResult.Amount;
import io.genport.bootstrap.batch.LineResult.AttemptInfo;
import io.genport.bootstrap.batch.LineResult.Problem;
import io.genport.bootstrap.batch.LineResult.Status;
import io.genport.core.domain.Attempt;
import io.genport.core.domain.Cost;
import io.genport.core.domain.DeadlineExceededException;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.port.GenerationJob;
import io.genport.core.port.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the lines of a {@link LineSource} through the {@link io.genport.core.port.ImageGeneration}
 * each decodes to, a bounded number at a time, recording every step in a {@link BatchJournal} so a
 * run stopped at any moment can be resumed by running the same input over the same journal.
 *
 * <p>For each line that is not blank, in input order:
 *
 * <ul>
 *   <li>Finished in an earlier run: its recorded result is replayed to the sink; nothing is sent.
 *   <li>New: decoded (an invalid line gets an {@link Status#INVALID} result naming the field, and
 *       nothing is sent); the journal records {@link LineState#SUBMITTING}, then the line is
 *       submitted; once a vendor accepted every part, the journal records {@link
 *       LineState#ACCEPTED} with the job handle, durably, and only then does the engine wait for
 *       the result, write the images and record {@link LineState#FINISHED} with the result.
 *   <li>Accepted in an earlier run: its jobs are resumed from the recorded handle, never submitted
 *       again (unless {@link BatchSettings#jobsOutliveProcess()} is off: embedded simulators).
 *   <li>Left {@link LineState#SUBMITTING} or {@link LineState#AMBIGUOUS} by an earlier run: the
 *       vendor may hold a job nobody recorded, so the line gets an {@link Status#AMBIGUOUS} result
 *       and is left for a later run, unless {@link BatchSettings#resubmitAmbiguous()}: then it is
 *       submitted again and its result marked as a possible duplicate.
 *   <li>Edited since the journal recorded something sent for it: reported, not sent.
 * </ul>
 *
 * <p>A submit that ends ambiguously (the connection broke after the request was sent) makes the
 * line {@link Status#AMBIGUOUS} too. A call whose deadline passes with jobs still running leaves
 * the line {@link LineState#ACCEPTED} under the deadline's handle ({@link Status#PENDING}), for a
 * later run to resume. Images that cannot be fetched or written leave the line accepted as well, so
 * a later run fetches them again instead of paying for them twice.
 *
 * <p>When the journal cannot be written, nothing more is sent: the run stops dispatching lines and
 * {@link #run} throws once the lines in flight have ended. One engine serves one run; it keeps no
 * state between runs other than what the journal holds.
 */
public final class BatchEngine {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final LineDecoder decoder;
  private final BatchJournal journal;
  private final ImageStore images;
  private final ResultSink sink;
  private final BatchSettings settings;
  private final BatchListener listener;

  private final Tally tally = new Tally();
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong resumed = new AtomicLong();
  private volatile Exception broken;

  /**
   * @param decoder turns lines into requests and what serves them
   * @param journal what earlier runs recorded, and where this one records
   * @param images where the images go
   * @param sink where every line's result goes
   * @param settings concurrency and what to do about ambiguous lines
   * @param listener hears progress; {@link BatchListener#NONE} for none
   */
  public BatchEngine(
      LineDecoder decoder,
      BatchJournal journal,
      ImageStore images,
      ResultSink sink,
      BatchSettings settings,
      BatchListener listener) {
    this.decoder = requireNonNull(decoder, "decoder is null");
    this.journal = requireNonNull(journal, "journal is null");
    this.images = requireNonNull(images, "images is null");
    this.sink = requireNonNull(sink, "sink is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.listener = requireNonNull(listener, "listener is null");
  }

  /**
   * Runs every line of {@code source} that has no final result yet and returns when each has one
   * for this run.
   *
   * @throws IOException when the source cannot be read, or the journal or the sink cannot be
   *     written (nothing more was sent after that)
   * @throws InterruptedException when interrupted: no new line is started, the lines in flight are
   *     left as the journal has them (accepted lines are resumed by the next run) and their vendor
   *     jobs keep running
   */
  public BatchSummary run(LineSource source) throws IOException, InterruptedException {
    long startNanos = System.nanoTime();
    Map<Long, LineRecord> before = journal.recorded();
    long finishedEarlier =
        before.values().stream()
            .filter(r -> r.state() == LineState.FINISHED && r.result().status() != Status.INVALID)
            .count();
    listener.started(source.size(), finishedEarlier);
    ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency(), new Workers());
    Semaphore permits = new Semaphore(settings.concurrency());
    Map<String, Long> ids = new HashMap<>();
    boolean drained = false;
    try (Stream<SourceLine> lines = source.lines()) {
      Iterator<SourceLine> it = lines.iterator();
      while (broken == null && it.hasNext()) {
        SourceLine line = it.next();
        if (line.blank()) {
          continue;
        }
        Runnable work = plan(line, before.get(line.number()), ids);
        if (work == null) {
          continue;
        }
        permits.acquire();
        try {
          pool.execute(
              () -> {
                try {
                  work.run();
                } finally {
                  permits.release();
                }
              });
        } catch (RuntimeException e) {
          permits.release();
          throw e;
        }
      }
    } catch (UncheckedIOException e) {
      broken = e.getCause();
    } catch (InterruptedException e) {
      // Stop waiting on the lines in flight; the journal has them as they are.
      pool.shutdownNow();
      throw e;
    } finally {
      pool.shutdown();
    }
    try {
      while (!pool.awaitTermination(1, TimeUnit.HOURS)) {
        // A line can wait as long as its deadline allows; keep waiting.
      }
      drained = true;
    } finally {
      if (!drained) {
        pool.shutdownNow();
      }
    }
    if (broken instanceof IOException io) {
      throw io;
    }
    if (broken != null) {
      throw new IOException("the batch stopped: " + broken, broken);
    }
    return tally.summary(
        submitted.get(), resumed.get(), Duration.ofNanos(System.nanoTime() - startNanos));
  }

  /**
   * Decides, on the reading thread, what a line needs; emits the results that need no work and
   * returns the work of the others, or {@code null}.
   */
  private Runnable plan(SourceLine line, LineRecord rec, Map<String, Long> ids) {
    String digest = line.digest();
    boolean sentBefore =
        rec != null
            && !(rec.state() == LineState.FINISHED && rec.result().status() == Status.INVALID);
    if (sentBefore && !digest.equals(rec.digest())) {
      ids.putIfAbsent(rec.id(), line.number());
      emit(changed(line, rec));
      return null;
    }
    if (sentBefore && rec.state() == LineState.FINISHED) {
      ids.putIfAbsent(rec.id(), line.number());
      emit(rec.result().asEarlierRun());
      return null;
    }
    BatchItem item;
    String id;
    try {
      item = decoder.decode(line);
      id = idFor(line, item.id(), ids);
    } catch (InvalidRequestException e) {
      String given = safeIdOf(line);
      String shown =
          given != null && ID.matcher(given).matches() && !ids.containsKey(given)
              ? given
              : "line-" + line.number();
      ids.putIfAbsent(shown, line.number());
      LineResult r = result(line, shown, Status.INVALID, null, Problem.of(e), null, List.of());
      return () -> finish(line, r);
    }
    if (rec == null || !sentBefore) {
      return () -> submit(line, id, item, null, false);
    }
    switch (rec.state()) {
      case ACCEPTED:
        if (settings.jobsOutliveProcess()) {
          return () -> resume(line, id, item, rec.handle());
        }
        return () ->
            submit(
                line,
                id,
                item,
                "submitted again: the jobs of the earlier run were on simulators that ended with"
                    + " it (nothing billed)",
                false);
      case SUBMITTING:
      case AMBIGUOUS:
        if (!settings.jobsOutliveProcess()) {
          return () ->
              submit(line, id, item, "submitted again: the earlier run's simulators ended", false);
        }
        if (settings.resubmitAmbiguous()) {
          return () ->
              submit(
                  line,
                  id,
                  item,
                  "submitted again although an earlier submit may have reached the vendor",
                  true);
        }
        emit(
            result(
                line,
                id,
                Status.AMBIGUOUS,
                item.route(),
                new Problem(
                    "AMBIGUOUS",
                    null,
                    (rec.state() == LineState.SUBMITTING
                            ? "its submit was in flight when an earlier run stopped, before a"
                                + " job id was recorded"
                            : "its submit failed after the request may have reached the vendor")
                        + ": the vendor may hold a (billed) job for it. Check the vendor's"
                        + " dashboard; submit it again only by allowing ambiguous resubmits"
                        + " (genport batch --resume JOURNAL --resubmit-ambiguous)"),
                null,
                List.of()));
        return null;
      default:
        throw new IllegalStateException("unexpected state " + rec.state());
    }
  }

  private static String idFor(SourceLine line, String given, Map<String, Long> ids) {
    String id = given == null ? "line-" + line.number() : given;
    if (given != null && !ID.matcher(given).matches()) {
      throw new InvalidRequestException(
          "id",
          "'"
              + given
              + "' is not 1..100 letters, digits, '.', '_' or '-' starting with a letter or"
              + " digit (it names the line's images)");
    }
    Long first = ids.putIfAbsent(id, line.number());
    if (first != null) {
      throw new InvalidRequestException("id", "'" + id + "' is already the id of line " + first);
    }
    return id;
  }

  private String safeIdOf(SourceLine line) {
    try {
      return decoder.idOf(line);
    } catch (RuntimeException e) {
      return null;
    }
  }

  // ------------------------------------------------------------------------- the work of a line

  private void submit(
      SourceLine line, String id, BatchItem item, String note, boolean possibleDuplicate) {
    if (!record(JournalEntry.submitting(line, id, note))) {
      return;
    }
    Attempts seen = new Attempts();
    GenerationJob job;
    try {
      job = item.generation().submit(item.request(), seen);
    } catch (RetryableProviderException e) {
      if (e.ambiguous()) {
        ambiguous(line, id, item, e.getMessage(), seen);
      } else {
        failed(line, id, item, Problem.of(e), null, seen.list(), possibleDuplicate);
      }
      return;
    } catch (GenerationException e) {
      failed(line, id, item, Problem.of(e), null, seen.list(), possibleDuplicate);
      return;
    } catch (RuntimeException e) {
      // We cannot tell whether a vendor took the request: treat it as possibly submitted.
      ambiguous(line, id, item, "the submit failed unexpectedly: " + e, seen);
      return;
    }
    submitted.incrementAndGet();
    if (!record(JournalEntry.accepted(line, id, job.handle(), null))) {
      return;
    }
    await(line, id, item, job, false, possibleDuplicate, seen);
  }

  private void resume(SourceLine line, String id, BatchItem item, String handle) {
    Attempts seen = new Attempts();
    GenerationJob job;
    try {
      job = item.generation().resume(handle, seen);
    } catch (GenerationException e) {
      failed(line, id, item, Problem.of(e), handle, seen.list(), false);
      return;
    }
    resumed.incrementAndGet();
    await(line, id, item, job, true, false, seen);
  }

  private void await(
      SourceLine line,
      String id,
      BatchItem item,
      GenerationJob job,
      boolean wasResumed,
      boolean possibleDuplicate,
      Attempts seen) {
    GenerationResult r;
    try {
      r = job.result().get();
    } catch (InterruptedException e) {
      // Stopping: the line stays ACCEPTED and the next run resumes it.
      Thread.currentThread().interrupt();
      return;
    } catch (CancellationException e) {
      return;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof DeadlineExceededException d && d.handle() != null) {
        if (record(JournalEntry.accepted(line, id, d.handle(), "deadline passed"))) {
          emit(
              new LineResult(
                  line.number(),
                  id,
                  Status.PENDING,
                  item.route(),
                  List.of(),
                  null,
                  List.of(),
                  seen.list(),
                  List.of(),
                  new Problem(
                      "DEADLINE",
                      null,
                      d.getMessage()
                          + "; the vendor's jobs were left running: resume the batch to collect"
                          + " them"),
                  d.handle(),
                  wasResumed,
                  possibleDuplicate,
                  false));
        }
        return;
      }
      if (cause instanceof GenerationException g) {
        failed(line, id, item, Problem.of(g), job.handle(), seen.list(), possibleDuplicate);
        return;
      }
      // Not a classified failure: keep the line accepted so a later run can resume its jobs.
      emit(
          new LineResult(
              line.number(),
              id,
              Status.FAILED,
              item.route(),
              List.of(),
              null,
              List.of(),
              seen.list(),
              List.of(),
              new Problem("INTERNAL", null, "the call failed unexpectedly: " + cause),
              job.handle(),
              wasResumed,
              possibleDuplicate,
              false));
      return;
    }
    List<LineResult.Image> written = new ArrayList<>();
    try {
      for (int i = 0; i < r.images().size(); i++) {
        GeneratedImage img = r.images().get(i);
        String where = images.store(id, i + 1, img);
        written.add(
            new LineResult.Image(
                where, img.width(), img.height(), img.seed(), img.mediaType(), img.flagged()));
      }
    } catch (IOException | RuntimeException e) {
      // The vendor made (and billed) these images: leave the line accepted, so a later run fetches
      // them again from the same jobs instead of submitting anew.
      emit(
          new LineResult(
              line.number(),
              id,
              Status.FAILED,
              item.route(),
              List.of(),
              Amount.of(r.cost()),
              amounts(r.costs()),
              AttemptInfo.of(r.attempts()),
              LineResult.Adapted.of(r.adaptations()),
              new Problem(
                  "OUTPUT",
                  "out",
                  "the images could not be fetched or written ("
                      + e
                      + "); the jobs are kept: resume the batch to fetch them again"),
              job.handle(),
              wasResumed,
              possibleDuplicate,
              false));
      return;
    }
    finish(
        line,
        new LineResult(
            line.number(),
            id,
            Status.OK,
            item.route(),
            written,
            Amount.of(r.cost()),
            amounts(r.costs()),
            AttemptInfo.of(r.attempts()),
            LineResult.Adapted.of(r.adaptations()),
            null,
            job.handle(),
            wasResumed,
            possibleDuplicate || r.possibleDuplicate(),
            false));
  }

  private void ambiguous(
      SourceLine line, String id, BatchItem item, String message, Attempts seen) {
    if (record(JournalEntry.ambiguous(line, id, message))) {
      emit(
          new LineResult(
              line.number(),
              id,
              Status.AMBIGUOUS,
              item.route(),
              List.of(),
              null,
              List.of(),
              seen.list(),
              List.of(),
              new Problem(
                  "AMBIGUOUS",
                  null,
                  message
                      + ": the request may have reached the vendor, which may hold a (billed) job"
                      + " for it; it is not sent again unless ambiguous resubmits are allowed"),
              null,
              false,
              false,
              false));
    }
  }

  private void failed(
      SourceLine line,
      String id,
      BatchItem item,
      Problem problem,
      String handle,
      List<AttemptInfo> attempts,
      boolean possibleDuplicate) {
    // Refused while planning (nothing sent): the line, not the vendor, is at fault.
    boolean refusedBeforeSending =
        ("INVALID_REQUEST".equals(problem.type()) || "UNSUPPORTED".equals(problem.type()))
            && handle == null
            && noneAccepted(attempts);
    Status status = refusedBeforeSending ? Status.INVALID : Status.FAILED;
    finish(
        line,
        new LineResult(
            line.number(),
            id,
            status,
            item.route(),
            List.of(),
            null,
            List.of(),
            attempts,
            List.of(),
            problem,
            handle,
            false,
            possibleDuplicate,
            false));
  }

  private static boolean noneAccepted(List<AttemptInfo> attempts) {
    return attempts.stream().noneMatch(AttemptInfo::accepted);
  }

  private void finish(SourceLine line, LineResult r) {
    if (record(JournalEntry.finished(line, r))) {
      emit(r);
    }
  }

  /** Appends to the journal; on failure stops the batch and returns false. */
  private boolean record(JournalEntry e) {
    if (broken != null) {
      return false;
    }
    try {
      journal.append(e);
      return true;
    } catch (IOException | RuntimeException ex) {
      broken = ex;
      return false;
    }
  }

  private void emit(LineResult r) {
    tally.add(r);
    try {
      sink.accept(r);
    } catch (IOException | RuntimeException ex) {
      broken = ex;
    }
    try {
      listener.finished(r);
    } catch (RuntimeException ignored) {
      // A progress display must not stop the batch.
    }
  }

  private static LineResult result(
      SourceLine line,
      String id,
      Status status,
      String route,
      Problem problem,
      String handle,
      List<AttemptInfo> attempts) {
    return new LineResult(
        line.number(),
        id,
        status,
        route,
        List.of(),
        null,
        List.of(),
        attempts,
        List.of(),
        problem,
        handle,
        false,
        false,
        false);
  }

  private static LineResult changed(SourceLine line, LineRecord rec) {
    return result(
        line,
        rec.id(),
        Status.FAILED,
        null,
        new Problem(
            "CHANGED",
            "line",
            "the line was edited after the journal recorded "
                + (rec.submits() == 1 ? "a submit" : rec.submits() + " submits")
                + " for it; nothing is sent for the new text. Restore the line, or run edited"
                + " lines as a new batch"),
        rec.handle(),
        List.of());
  }

  private static List<Amount> amounts(List<Cost> costs) {
    List<Amount> out = new ArrayList<>();
    costs.forEach(c -> out.add(Amount.of(c)));
    return out;
  }

  /** Collects the attempts of a call as they end, for calls that fail (no result lists them). */
  private static final class Attempts implements ProgressListener {
    private final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onEvent(ProgressEvent event) {
      if (event instanceof ProgressEvent.AttemptEnded a) {
        attempts.add(a.attempt());
      }
    }

    List<AttemptInfo> list() {
      synchronized (attempts) {
        return AttemptInfo.of(new ArrayList<>(attempts));
      }
    }
  }

  /** The counts of a run. */
  private static final class Tally {
    private long lines;
    private long ok;
    private long failed;
    private long invalid;
    private long ambiguous;
    private long pending;
    private long earlier;
    private long images;
    private final Map<String, BigDecimal> costs = new LinkedHashMap<>();

    synchronized void add(LineResult r) {
      lines++;
      if (r.earlierRun()) {
        earlier++;
      }
      switch (r.status()) {
        case OK -> ok++;
        case FAILED -> failed++;
        case INVALID -> invalid++;
        case AMBIGUOUS -> ambiguous++;
        case PENDING -> pending++;
      }
      images += r.images().size();
      for (Amount a : r.costs()) {
        costs.merge(a.currency(), a.amount(), BigDecimal::add);
      }
    }

    synchronized BatchSummary summary(long submitted, long resumed, Duration elapsed) {
      List<Amount> c = new ArrayList<>();
      costs.forEach((unit, amount) -> c.add(new Amount(amount, unit)));
      return new BatchSummary(
          lines, ok, failed, invalid, ambiguous, pending, earlier, submitted, resumed, images, c,
          elapsed);
    }
  }

  /** Daemon worker threads: a batch never keeps the JVM alive by itself. */
  private static final class Workers implements java.util.concurrent.ThreadFactory {
    private final AtomicInteger n = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "genport-batch-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
