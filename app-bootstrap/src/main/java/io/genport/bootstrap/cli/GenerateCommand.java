package io.genport.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.bootstrap.GenportRuntime;
import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.output.ImageFileWriter;
import io.genport.bootstrap.simulation.EmbeddedSimulators;
import io.genport.core.application.GenerationService;
import io.genport.core.application.GenerationSettings;
import io.genport.core.domain.Attempt;
import io.genport.core.domain.DeadlineExceededException;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.Target;
import io.genport.spi.Credentials;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code genport generate}: runs a request on the first target that can serve it and writes the
 * images. With no credential for any requested vendor (or with {@code --simulate}) it runs against
 * the embedded simulators and says so; the real credentials are then not used at all, so a key can
 * never reach a simulator.
 *
 * <p>Targets are tried in order. The next one is tried only when the previous failed before a
 * vendor accepted a job (a retryable failure that is not ambiguous) or could not serve the request
 * at all (unsupported, invalid for that model): a job a vendor has accepted is never submitted
 * again elsewhere. Exit status 0 when images were written, 1 when no target produced them, 2 for
 * invalid input.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate images on the first target that can, and write them to a directory.",
      "With no vendor credential configured, runs against the embedded simulators and says so."
    },
    sortOptions = false)
public final class GenerateCommand implements Callable<Integer> {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Launcher launcher;

  @Spec CommandSpec spec;

  @Mixin RequestOptions request;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "PROVIDER:MODEL",
      description = "A target (repeatable, tried in order), e.g. fal:fal-ai/flux-2.")
  List<String> targets = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "out",
      description = "Where to write the images (default: ./out).")
  Path out;

  @Option(names = "--json", description = "Print a JSON summary instead of text.")
  boolean json;

  @Option(
      names = "--simulate",
      description = "Run against the embedded simulators even when credentials are configured.")
  boolean simulate;

  @Option(
      names = "--deadline",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description = "End-to-end limit per target, in seconds (default: 600).")
  long deadlineSeconds;

  public GenerateCommand(Launcher launcher) {
    this.launcher = requireNonNull(launcher, "launcher is null");
  }

  @Override
  public Integer call() throws IOException {
    List<Target> parsed = new ArrayList<>();
    for (String t : targets) {
      parsed.add(Target.parse(t));
    }
    Set<String> providers = new LinkedHashSet<>();
    parsed.forEach(t -> providers.add(t.provider()));
    GenerationRequest canonical = request.toRequest(providers);
    if (deadlineSeconds < 1) {
      throw new io.genport.core.domain.InvalidRequestException(
          "deadline", "must be at least 1 second, was " + deadlineSeconds);
    }
    PrintWriter err = spec.commandLine().getErr();
    boolean simulated = simulate || !anyCredential(providers, launcher.credentials());
    try (HttpClient5Transport transport = new HttpClient5Transport();
        EmbeddedSimulators sims =
            simulated ? EmbeddedSimulators.start(providers) : EmbeddedSimulators.start(Set.of())) {
      GenportRuntime app;
      if (simulated) {
        err.println(
            "genport: "
                + (simulate
                    ? "--simulate given"
                    : "no vendor credential found " + credentialNames(providers))
                + "; running against the embedded simulators (simulated images, nothing billed)."
                + (simulate
                    ? ""
                    : " Set a credential to use the real vendor, or pass --simulate to force this."));
        app =
            launcher.start(transport, sims.environment(), Credentials.fromMap(sims.credentials()));
      } else {
        app = launcher.start(transport, java.util.Map.of(), null);
      }
      Cli.printDiscovery(app, err);
      return run(app, canonical, parsed, simulated, err);
    }
  }

  private int run(
      GenportRuntime app,
      GenerationRequest canonical,
      List<Target> parsed,
      boolean simulated,
      PrintWriter err)
      throws IOException {
    ObjectNode summary = app.json().createObjectNode();
    summary.put("simulated", simulated);
    ArrayNode failures = app.json().createArrayNode();
    GenerationSettings settings =
        GenerationSettings.defaults().withDeadline(Duration.ofSeconds(deadlineSeconds));
    for (Target target : parsed) {
      try {
        GenerationService service =
            new GenerationService(
                app.providers().provider(target.provider()), target.model(), settings);
        GenerationResult result = service.generateAsync(canonical, e -> progress(err, e)).join();
        write(app.json(), summary, target, result);
        summary.set("failures", failures);
        print(app, summary);
        return Cli.OK;
      } catch (java.util.concurrent.CompletionException e) {
        GenerationException g = unwrap(e);
        if (g == null) {
          throw e;
        }
        failures.add(failure(app.json(), target, g));
        err.println("genport: " + target + " failed: " + app.redact(g.getMessage()));
        if (!mayTryNext(g)) {
          break;
        }
      } catch (GenerationException g) {
        failures.add(failure(app.json(), target, g));
        err.println(
            "genport: " + target + " cannot serve this request: " + app.redact(g.getMessage()));
        if (!mayTryNext(g)) {
          break;
        }
      }
    }
    summary.putNull("target");
    summary.set("images", app.json().createArrayNode());
    summary.set("failures", failures);
    print(app, summary);
    return Cli.FAILED;
  }

  /**
   * Whether the next target may be tried: only when no vendor can be holding a billable job for
   * this request.
   */
  static boolean mayTryNext(GenerationException e) {
    if (e instanceof DeadlineExceededException) {
      return false;
    }
    if (e instanceof RetryableProviderException r) {
      return !r.ambiguous();
    }
    return e.failureClass() == FailureClass.UNSUPPORTED
        || e.failureClass() == FailureClass.INVALID_REQUEST;
  }

  private static GenerationException unwrap(Throwable e) {
    Throwable c = e;
    while (c != null && !(c instanceof GenerationException)) {
      c = c.getCause();
    }
    return (GenerationException) c;
  }

  private void write(ObjectMapper json, ObjectNode summary, Target target, GenerationResult r)
      throws IOException {
    ImageFileWriter writer = new ImageFileWriter(out);
    String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
    summary.put("target", target.toString());
    ArrayNode images = summary.putArray("images");
    for (int i = 0; i < r.images().size(); i++) {
      GeneratedImage img = r.images().get(i);
      String stem =
          "genport-"
              + stamp
              + "-"
              + target.provider()
              + "-"
              + (i + 1)
              + (img.seed() == null ? "" : "-seed" + img.seed());
      Path path = writer.write(stem, img);
      ObjectNode o = images.addObject();
      o.put("path", path.toString());
      o.put("width", img.width());
      o.put("height", img.height());
      if (img.seed() == null) {
        o.putNull("seed");
      } else {
        o.put("seed", img.seed());
      }
      o.put("mediaType", img.mediaType());
      o.put("flagged", img.flagged());
    }
    Cli.putAdaptations(summary, r.adaptations());
    ArrayNode attempts = summary.putArray("attempts");
    for (Attempt a : r.attempts()) {
      ObjectNode o = attempts.addObject();
      o.put("target", a.target().toString());
      o.put("outcome", a.outcome().name());
      o.put("failureClass", a.failureClass() == null ? null : a.failureClass().name());
      o.put("latencyMs", a.latency().toMillis());
      o.put("accepted", a.accepted());
      o.put("vendorJobId", a.vendorJobId());
      o.put("message", a.message());
    }
    if (r.cost() == null) {
      summary.putNull("cost");
    } else {
      ObjectNode c = summary.putObject("cost");
      c.put("amount", r.cost().amount());
      c.put("currency", r.cost().currency());
    }
  }

  private static ObjectNode failure(ObjectMapper json, Target target, GenerationException g) {
    ObjectNode o = json.createObjectNode();
    o.put("target", target.toString());
    o.put("type", g.failureClass().name());
    o.put("message", g.getMessage());
    if (g instanceof DeadlineExceededException d && d.handle() != null) {
      o.put("handle", d.handle());
    }
    return o;
  }

  private void print(GenportRuntime app, ObjectNode summary) throws IOException {
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      o.println(
          app.redact(
              app.json().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary)));
    } else {
      o.print(app.redact(text(summary)));
    }
    o.flush();
  }

  private static String text(ObjectNode s) {
    StringBuilder b = new StringBuilder();
    if (s.path("target").isNull()) {
      b.append("no target produced images\n");
    } else {
      b.append(s.path("target").asText())
          .append(": ")
          .append(s.path("images").size())
          .append(s.path("images").size() == 1 ? " image" : " images")
          .append(s.path("simulated").asBoolean() ? " (simulated)" : "")
          .append('\n');
    }
    s.path("images")
        .forEach(
            i ->
                b.append("  ")
                    .append(i.path("path").asText())
                    .append("  ")
                    .append(i.path("width").asInt())
                    .append('x')
                    .append(i.path("height").asInt())
                    .append(i.path("seed").isNull() ? "" : "  seed " + i.path("seed").asText())
                    .append(i.path("flagged").asBoolean() ? "  FLAGGED by the vendor" : "")
                    .append('\n'));
    if (s.path("adaptations").size() > 0) {
      b.append("  adaptations:\n");
      s.path("adaptations")
          .forEach(
              a ->
                  b.append("    ")
                      .append(a.path("field").asText())
                      .append(' ')
                      .append(a.path("requested").asText())
                      .append(" -> ")
                      .append(a.path("applied").asText())
                      .append(": ")
                      .append(a.path("reason").asText())
                      .append('\n'));
    }
    s.path("failures")
        .forEach(
            f ->
                b.append("  failed on ")
                    .append(f.path("target").asText())
                    .append(": ")
                    .append(f.path("type").asText())
                    .append(' ')
                    .append(f.path("message").asText())
                    .append(
                        f.has("handle") ? "\n    resume handle: " + f.path("handle").asText() : "")
                    .append('\n'));
    return b.toString();
  }

  private static void progress(PrintWriter err, ProgressEvent e) {
    String what;
    if (e instanceof ProgressEvent.AttemptStarted) {
      what = "submitted";
    } else if (e instanceof ProgressEvent.Queued q) {
      what = "queued" + (q.position() == null ? "" : " (position " + q.position() + ")");
    } else if (e instanceof ProgressEvent.Running r) {
      what = "running" + (r.logs().isEmpty() ? "" : ": " + String.join(" | ", r.logs()));
    } else if (e instanceof ProgressEvent.Completed c) {
      what = "completed, " + c.images() + (c.images() == 1 ? " image" : " images");
    } else if (e instanceof ProgressEvent.AttemptFailed f) {
      what = "failed (" + f.failureClass() + ")";
    } else {
      what = e.getClass().getSimpleName();
    }
    synchronized (err) {
      err.println("genport: " + e.target() + " call " + (part(e) + 1) + ": " + what);
      err.flush();
    }
  }

  private static int part(ProgressEvent e) {
    if (e instanceof ProgressEvent.AttemptStarted a) {
      return a.part();
    }
    if (e instanceof ProgressEvent.Queued q) {
      return q.part();
    }
    if (e instanceof ProgressEvent.Running r) {
      return r.part();
    }
    if (e instanceof ProgressEvent.Completed c) {
      return c.part();
    }
    if (e instanceof ProgressEvent.AttemptFailed f) {
      return f.part();
    }
    return 0;
  }

  private static boolean anyCredential(Set<String> providers, Credentials credentials) {
    for (String p : providers) {
      String name = EmbeddedSimulators.CREDENTIALS.get(p);
      if (name != null && !name.isEmpty() && credentials.lookup(name).isPresent()) {
        return true;
      }
      if (name == null) {
        // A provider GenPort cannot simulate is taken as configured: its own plugin reports a
        // missing credential clearly when it is tried.
        return true;
      }
    }
    return false;
  }

  private static String credentialNames(Set<String> providers) {
    List<String> names = new ArrayList<>();
    providers.forEach(
        p -> {
          String n = EmbeddedSimulators.CREDENTIALS.get(p);
          if (n != null && !n.isEmpty()) {
            names.add(n);
          }
        });
    return names.isEmpty() ? "" : "(" + String.join(", ", names) + ")";
  }
}
