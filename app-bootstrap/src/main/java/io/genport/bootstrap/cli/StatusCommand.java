package io.genport.bootstrap.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.simulation.SimulatorSession;
import io.genport.core.domain.GenerationException;
import io.genport.core.port.GenerationJob;
import io.genport.core.port.JobStatus;
import io.genport.core.port.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code genport status HANDLE}: asks each vendor job of a handle for its status once, and leaves
 * the jobs as they are (a finished job's images are left for {@code genport wait}).
 *
 * <p>Exit status 0 when every job is queued, running or done, 1 when one failed, was cancelled or
 * could not be asked, 2 for a handle that is malformed or cannot be resumed here.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show the status of the vendor jobs of a job handle, polling each once.",
      "Exit status: 0 queued, running or done; 1 failed, cancelled or unknown; 2 bad handle."
    },
    sortOptions = false)
public final class StatusCommand extends HandleCommand implements Callable<Integer> {

  @Option(
      names = "--deadline",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long to wait for the vendors' answers (default 1m).")
  Duration deadline = Duration.ofMinutes(1);

  public StatusCommand(Launcher launcher, SimulatorSession session) {
    super(launcher, session);
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    try (Resumed r = resume(new Watch(true), deadline)) {
      GenerationJob job = r.router.resume(handle, ProgressListener.NONE);
      List<CompletableFuture<JobStatus>> firsts = new ArrayList<>();
      r.jobs.jobs().forEach(j -> firsts.add(r.watch.firstStatus(j.id())));
      // Every job answered once, or the call ended (done, failed, or the deadline passed).
      CompletableFuture<Object> answered =
          CompletableFuture.anyOf(
              CompletableFuture.allOf(firsts.toArray(CompletableFuture[]::new)), job.result());
      try {
        answered.get();
      } catch (ExecutionException | CancellationException ended) {
        // The call's end is read below.
      } finally {
        r.watch.detach();
      }
      ObjectNode summary = r.vendors.app.json().createObjectNode();
      summary.put("handle", handle);
      summary.put("simulated", r.vendors.simulated);
      ArrayNode jobs = summary.putArray("jobs");
      String overall = null;
      for (int i = 0; i < r.jobs.jobs().size(); i++) {
        HandleJobs.Job j = r.jobs.jobs().get(i);
        ObjectNode o = jobs.addObject();
        o.put("target", j.target().toString());
        o.put("jobId", j.id());
        String state = describe(o, firsts.get(i));
        o.put("state", state);
        overall = worse(overall, state);
      }
      summary.put("state", overall);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ResultReport.print(r.vendors.app, out, summary, true);
      } else {
        StringBuilder b = new StringBuilder();
        jobs.forEach(
            o ->
                b.append(o.path("target").asText())
                    .append(" job ")
                    .append(o.path("jobId").asText())
                    .append(": ")
                    .append(o.path("state").asText().toLowerCase(java.util.Locale.ROOT))
                    .append(o.has("detail") ? " (" + o.path("detail").asText() + ")" : "")
                    .append('\n'));
        out.print(r.vendors.app.redact(b.toString()));
        out.flush();
      }
      return switch (overall) {
        case "QUEUED", "RUNNING", "SUCCEEDED" -> Cli.OK;
        default -> Cli.FAILED;
      };
    }
  }

  /** Records the job's first answer in {@code o}; returns its state. */
  private static String describe(ObjectNode o, CompletableFuture<JobStatus> first) {
    if (!first.isDone()) {
      o.put("detail", "the vendor did not answer in time");
      return "UNKNOWN";
    }
    JobStatus s;
    try {
      s = first.join();
    } catch (CompletionException | CancellationException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      o.put(
          "detail",
          "the status call failed: "
              + (c instanceof GenerationException g ? g.getMessage() : String.valueOf(c)));
      return "UNKNOWN";
    }
    if (s instanceof JobStatus.Queued q) {
      if (q.position() != null) {
        o.put("position", q.position());
        o.put("detail", "position " + q.position());
      }
      return "QUEUED";
    }
    if (s instanceof JobStatus.Running) {
      return "RUNNING";
    }
    if (s instanceof JobStatus.Succeeded ok) {
      o.put("images", ok.images().size());
      o.put(
          "detail",
          ok.images().size()
              + (ok.images().size() == 1 ? " image" : " images")
              + "; `genport wait` saves them");
      return "SUCCEEDED";
    }
    if (s instanceof JobStatus.Failed f) {
      o.put("detail", f.error().failureClass() + " " + f.error().getMessage());
      return "FAILED";
    }
    return "CANCELLED";
  }

  private static final List<String> BY_SEVERITY =
      List.of("SUCCEEDED", "QUEUED", "RUNNING", "UNKNOWN", "CANCELLED", "FAILED");

  private static String worse(String a, String b) {
    if (a == null) {
      return b;
    }
    return BY_SEVERITY.indexOf(a) >= BY_SEVERITY.indexOf(b) ? a : b;
  }
}
