package io.genport.bootstrap.cli;

import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.simulation.SimulatorSession;
import io.genport.core.domain.GenerationException;
import io.genport.core.port.GenerationJob;
import io.genport.core.port.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code genport cancel HANDLE}: asks the vendor to cancel each job of a handle, and waits for the
 * answers.
 *
 * <p>Exit status 0 when every vendor accepted the cancel (a vendor may accept it for a job that had
 * just ended, which stays as it ended), 1 when one refused it (a vendor that cannot cancel) or did
 * not answer, 2 for a bad handle.
 */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Cancel the vendor jobs of a job handle.",
      "Exit status: 0 cancelled, 1 a vendor refused or did not answer, 2 bad handle."
    },
    sortOptions = false)
public final class CancelCommand extends HandleCommand implements Callable<Integer> {

  @Option(
      names = "--deadline",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long to wait for the vendors' answers (default 1m).")
  Duration deadline = Duration.ofMinutes(1);

  public CancelCommand(Launcher launcher, SimulatorSession session) {
    super(launcher, session);
  }

  @Override
  public Integer call() throws InterruptedException {
    try (Resumed r = resume(new Watch(false), deadline)) {
      GenerationJob job = r.router.resume(handle, ProgressListener.NONE);
      // Cancelling the resumed call cancels its running vendor jobs; the watch sees the answers.
      r.router.cancel(job);
      List<CompletableFuture<Void>> answers = r.watch.cancels();
      PrintWriter out = spec.commandLine().getOut();
      int refused = 0;
      StringBuilder b = new StringBuilder();
      long until = System.nanoTime() + deadline.toNanos();
      for (CompletableFuture<Void> a : answers) {
        try {
          a.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
          refused++;
          Throwable c = e.getCause();
          b.append("  refused: ")
              .append(c instanceof GenerationException g ? g.getMessage() : String.valueOf(c))
              .append('\n');
        } catch (TimeoutException e) {
          refused++;
          b.append("  no answer within ").append(deadline).append('\n');
        }
      }
      String head =
          answers.isEmpty()
              ? "nothing to cancel: the job had already ended"
              // Vendors also accept the cancel of a job that has just ended (and leave it as it
              // ended), and the providers do not tell the two apart: say what is known.
              : refused == 0
                  ? "cancel accepted for "
                      + answers.size()
                      + (answers.size() == 1 ? " job" : " jobs")
                      + "; `genport status HANDLE` shows how "
                      + (answers.size() == 1 ? "it" : "they")
                      + " ended"
                  : refused + " of " + answers.size() + " cancels refused";
      if (json) {
        var summary = r.vendors.app.json().createObjectNode();
        summary.put("handle", handle);
        summary.put("jobs", answers.size());
        summary.put("refused", refused);
        summary.put("message", head + (b.length() == 0 ? "" : ": " + Cli.oneLine(b.toString())));
        ResultReport.print(r.vendors.app, out, summary, true);
      } else {
        out.print(r.vendors.app.redact(head + "\n" + b));
        out.flush();
      }
      return refused == 0 && !answers.isEmpty() ? Cli.OK : Cli.FAILED;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
