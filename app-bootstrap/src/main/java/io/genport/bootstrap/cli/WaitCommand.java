package io.genport.bootstrap.cli;

import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.output.OutputDirectory;
import io.genport.bootstrap.simulation.SimulatorSession;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationResult;
import io.genport.core.port.GenerationJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code genport wait HANDLE}: polls the vendor jobs of a handle to their end (never submitting
 * anything) and saves the images, as {@code generate} does.
 *
 * <p>Exit status 0 when the images were saved, 1 when a job failed or was cancelled (or the
 * deadline passed; the handle can be waited on again), 2 for a bad handle or output folder, 3 when
 * the images were saved in a fallback folder.
 */
@Command(
    name = "wait",
    mixinStandardHelpOptions = true,
    description = {
      "Wait for the vendor jobs of a job handle to end, and save the images.",
      "Exit status: 0 saved, 1 failed, 2 bad input, 3 saved in a fallback folder."
    },
    sortOptions = false)
public final class WaitCommand extends HandleCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "out",
      description = "Where to write the images (default: ./out); checked before anything is sent.")
  Path out;

  @Option(
      names = "--deadline",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long to wait: 30s, 2m, 0.5 (seconds)... (default 10m).")
  Duration deadline;

  public WaitCommand(Launcher launcher, SimulatorSession session) {
    super(launcher, session);
  }

  @Override
  public Integer call() throws IOException {
    HandleJobs.read(handle);
    OutputDirectory.check(out, "out");
    try (Resumed r = resume(new Watch(true), deadline, out)) {
      PrintWriter err = spec.commandLine().getErr();
      GenerationResult result;
      try {
        GenerationJob job = r.router.resume(handle, e -> Progress.print(r.vendors.app, err, e));
        result = job.result().join();
      } catch (CompletionException e) {
        Throwable c = e.getCause();
        if (!(c instanceof GenerationException g)) {
          throw e;
        }
        err.println("genport: the job failed: " + r.vendors.app.redact(g.getMessage()));
        err.flush();
        return Cli.FAILED;
      } catch (java.util.concurrent.CancellationException e) {
        err.println("genport: the job was cancelled");
        err.flush();
        return Cli.FAILED;
      }
      return GenerateCommand.report(
          r.vendors.app, spec, out, json, r.vendors.simulated, handle, result, err);
    }
  }
}
