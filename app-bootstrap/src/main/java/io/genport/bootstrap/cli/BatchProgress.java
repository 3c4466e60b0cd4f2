package io.genport.bootstrap.cli;

import io.genport.bootstrap.batch.BatchListener;
import io.genport.bootstrap.batch.LineResult;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How {@code genport batch} shows progress: a bar with counts, failures and ETA on a terminal; one
 * plain line per finished line otherwise (logs, CI, pipes), which also names each failure.
 */
abstract class BatchProgress implements BatchListener, AutoCloseable {
  final AtomicLong done = new AtomicLong();
  final AtomicLong notOk = new AtomicLong();
  volatile long total = -1;
  volatile long earlier;

  /** Counts a result; {@code true} when it is new in this run (replays are not shown). */
  boolean count(LineResult r) {
    if (r.earlierRun()) {
      return false;
    }
    done.incrementAndGet();
    if (r.status() != LineResult.Status.OK) {
      notOk.incrementAndGet();
    }
    return true;
  }

  @Override
  public void close() {}

  /** Nothing shown. */
  static BatchProgress none() {
    return new BatchProgress() {
      @Override
      public void finished(LineResult r) {
        count(r);
      }
    };
  }

  /** A bar on {@code terminal}, redrawn in place. */
  static BatchProgress bar(PrintStream terminal) {
    return new Bar(terminal);
  }

  /** Plain lines on {@code err}, with an ETA from {@code nanos}. */
  static BatchProgress log(PrintWriter err, LongSupplier nanos) {
    return new Log(err, nanos);
  }

  private static final class Bar extends BatchProgress {
    private final PrintStream terminal;
    private ProgressBar bar;

    Bar(PrintStream terminal) {
      this.terminal = terminal;
    }

    @Override
    public synchronized void started(OptionalLong lines, long finishedEarlier) {
      total = lines.orElse(-1);
      earlier = finishedEarlier;
      bar =
          new ProgressBarBuilder()
              .setTaskName("batch")
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(250)
              .continuousUpdate()
              .setConsumer(new ConsoleProgressBarConsumer(terminal))
              // Lines finished by earlier runs count as done but not towards the speed and ETA.
              .startsFrom(finishedEarlier, Duration.ZERO)
              .build();
      bar.setExtraMessage(" 0 failed");
    }

    @Override
    public synchronized void finished(LineResult r) {
      if (count(r) && bar != null) {
        bar.step();
        bar.setExtraMessage(" " + notOk.get() + " failed");
      }
    }

    @Override
    public synchronized void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }

  private static final class Log extends BatchProgress {
    private final PrintWriter err;
    private final LongSupplier nanos;
    private long start;

    Log(PrintWriter err, LongSupplier nanos) {
      this.err = err;
      this.nanos = nanos;
    }

    @Override
    public synchronized void started(OptionalLong lines, long finishedEarlier) {
      total = lines.orElse(-1);
      earlier = finishedEarlier;
      start = nanos.getAsLong();
      err.println(
          "genport: batch: "
              + (total < 0 ? "" : total + " lines")
              + (finishedEarlier > 0 ? ", " + finishedEarlier + " finished by earlier runs" : ""));
      err.flush();
    }

    @Override
    public synchronized void finished(LineResult r) {
      // One lock for counting and printing, so the printed counts go up line by line.
      if (!count(r)) {
        return;
      }
      long n = done.get();
      long finished = n + earlier;
      StringBuilder b = new StringBuilder("genport: batch [");
      b.append(finished).append('/').append(total < 0 ? "?" : Long.toString(total)).append("] ");
      b.append("line ").append(r.line()).append(' ').append(r.id()).append(": ");
      b.append(r.status());
      if (r.status() == LineResult.Status.OK) {
        b.append(", ")
            .append(r.images().size())
            .append(r.images().size() == 1 ? " image" : " images");
      } else {
        b.append(" ").append(Cli.oneLine(r.error().message()));
      }
      b.append(" | ").append(notOk.get()).append(" failed");
      if (total > 0 && finished < total) {
        long elapsed = nanos.getAsLong() - start;
        long eta = elapsed / n * (total - finished);
        b.append(" | ETA ").append(clock(Duration.ofNanos(eta)));
      }
      err.println(b);
      err.flush();
    }
  }

  /** {@code m:ss}, or {@code h:mm:ss} past an hour. */
  static String clock(Duration d) {
    long s = d.toSeconds();
    return s >= 3600
        ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format("%d:%02d", s / 60, s % 60);
  }
}
