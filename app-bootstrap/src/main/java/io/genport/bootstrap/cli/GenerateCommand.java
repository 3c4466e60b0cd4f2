package io.genport.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.bootstrap.GenportRuntime;
import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.ProviderSetup;
import io.genport.bootstrap.config.GenportConfig;
import io.genport.bootstrap.config.RouteConfig;
import io.genport.bootstrap.output.ImageFileWriter;
import io.genport.bootstrap.simulation.EmbeddedSimulators;
import io.genport.core.application.GenerationRouter;
import io.genport.core.application.Route;
import io.genport.core.application.RouteTarget;
import io.genport.core.application.RouterSettings;
import io.genport.core.domain.Attempt;
import io.genport.core.domain.DeadlineExceededException;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.ProgressEvent;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code genport generate}: runs a request through a {@link GenerationRouter} over a route (a
 * {@code --route} of {@code genport.yaml}, or the {@code --target}s in order) and writes the
 * images. When no requested provider is configured (as its factory's declared credentials and
 * required configuration keys say) and each has a simulator on the class path, or with {@code
 * --simulate}, it runs against those simulators and says so, naming what to set; the real
 * credentials are then not used at all, so a key can never reach a simulator.
 *
 * <p>The router skips targets that cannot serve the request, retries and fails over only when no
 * vendor can be holding a billable job, and never submits again once a vendor accepted one. Exit
 * status 0 when images were written, 1 when the route produced none, 2 for invalid input (including
 * an invalid configuration file or an unknown route).
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate images over a route of targets (with retries and failover), and write them.",
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
      paramLabel = "PROVIDER:MODEL",
      description =
          "A target (repeatable; the targets form a route tried in order): a provider of"
              + " `genport providers` and one of its models, as in `genport models`."
              + " Not with --route.")
  List<String> targets = new ArrayList<>();

  @Option(
      names = "--route",
      paramLabel = "NAME",
      description = "A route of the configuration file (its targets and policy).")
  String route;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The configuration file (default: ./genport.yaml when present).")
  Path config;

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
      description =
          "End-to-end limit of the whole call, every target included, in seconds (default: the"
              + " route's deadline, else 600).")
  Long deadlineSeconds;

  public GenerateCommand(Launcher launcher) {
    this.launcher = requireNonNull(launcher, "launcher is null");
  }

  @Override
  public Integer call() throws IOException {
    GenportConfig configuration = GenportConfig.resolve(config, Path.of(""));
    RouteConfig routeConfig = routeConfig(configuration, route, targets);
    Set<String> providers = new LinkedHashSet<>();
    routeConfig.targets().forEach(t -> providers.add(t.target().provider()));
    GenerationRequest canonical = request.toRequest(providers);
    RouterSettings settings = routeConfig.settings();
    if (deadlineSeconds != null) {
      if (deadlineSeconds < 1) {
        throw new io.genport.core.domain.InvalidRequestException(
            "deadline", "must be at least 1 second, was " + deadlineSeconds);
      }
      settings = settings.withDeadline(Duration.ofSeconds(deadlineSeconds));
    }
    PrintWriter err = spec.commandLine().getErr();
    ProviderSetup setup = launcher.setup(configuration.environment());
    EmbeddedSimulators.Available available = EmbeddedSimulators.discover(setup.classLoader());
    boolean simulated = simulate || !anyReadyForRealUse(providers, setup, available);
    try (HttpClient5Transport transport = new HttpClient5Transport();
        EmbeddedSimulators sims = available.start(simulated ? providers : Set.of())) {
      GenportRuntime app;
      // Options of the file first: a simulator's address must win over a configured base URL.
      Map<String, String> environment = new LinkedHashMap<>(configuration.environment());
      if (simulated) {
        err.println(
            "genport: "
                + (simulate ? "--simulate given" : notConfigured(providers, setup))
                + "; running against the embedded simulators (simulated images, nothing billed)."
                + (simulate
                    ? ""
                    : " Set one to use the real vendor, or pass --simulate to force this."));
        for (String problem : available.problems()) {
          err.println("genport: warning: " + Cli.oneLine(problem));
        }
        environment.putAll(sims.environment());
        app = launcher.start(transport, environment, Credentials.fromMap(sims.credentials()));
      } else {
        app = launcher.start(transport, environment, null);
      }
      Cli.printDiscovery(app, err);
      List<RouteTarget> routeTargets = new ArrayList<>();
      for (RouteConfig.TargetConfig t : routeConfig.targets()) {
        routeTargets.add(
            new RouteTarget(
                t.target(), app.providers().provider(t.target().provider()), t.weight()));
      }
      GenerationRouter router =
          GenerationRouter.builder(new Route(routeTargets, routeConfig.weighted()))
              .settings(settings)
              .build();
      return run(app, router, canonical, simulated, err);
    }
  }

  /** The route to use: the file's {@code --route}, or one made of the {@code --target}s. */
  static RouteConfig routeConfig(GenportConfig config, String route, List<String> targets) {
    if (route != null) {
      if (!targets.isEmpty()) {
        throw new io.genport.core.domain.InvalidRequestException(
            "route", "--route and --target cannot be used together");
      }
      return config.route(route);
    }
    if (targets.isEmpty()) {
      throw new io.genport.core.domain.InvalidRequestException(
          "target", "give --target PROVIDER:MODEL (repeatable) or --route NAME");
    }
    List<RouteConfig.TargetConfig> parsed = new ArrayList<>();
    Set<Target> seen = new HashSet<>();
    for (String t : targets) {
      Target target = Target.parse(t);
      if (!seen.add(target)) {
        throw new io.genport.core.domain.InvalidRequestException(
            "target", target + " is given twice");
      }
      parsed.add(new RouteConfig.TargetConfig(target, 1));
    }
    return new RouteConfig("command line", parsed, false, RouterSettings.defaults());
  }

  private int run(
      GenportRuntime app,
      GenerationRouter router,
      GenerationRequest canonical,
      boolean simulated,
      PrintWriter err)
      throws IOException {
    ObjectNode summary = app.json().createObjectNode();
    summary.put("simulated", simulated);
    ArrayNode failures = app.json().createArrayNode();
    List<Attempt> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      GenerationResult result =
          router
              .generateAsync(
                  canonical,
                  e -> {
                    if (e instanceof ProgressEvent.AttemptEnded a) {
                      seen.add(a.attempt());
                    }
                    progress(app, err, e);
                  })
              .join();
      write(summary, result);
      summary.set("failures", failures);
      print(app, summary);
      return Cli.OK;
    } catch (java.util.concurrent.CompletionException e) {
      GenerationException g = unwrap(e);
      if (g == null) {
        throw e;
      }
      List<Attempt> attempts;
      synchronized (seen) {
        attempts = new ArrayList<>(seen);
      }
      Target last =
          attempts.isEmpty()
              ? router.route().targets().get(0).target()
              : attempts.get(attempts.size() - 1).target();
      failures.add(failure(app.json(), last, g));
      err.println("genport: " + last + " failed: " + app.redact(g.getMessage()));
      summary.putNull("target");
      summary.set("images", app.json().createArrayNode());
      putAttempts(summary, attempts);
      summary.set("failures", failures);
      print(app, summary);
      return Cli.FAILED;
    }
  }

  private static GenerationException unwrap(Throwable e) {
    Throwable c = e;
    while (c != null && !(c instanceof GenerationException)) {
      c = c.getCause();
    }
    return (GenerationException) c;
  }

  private void write(ObjectNode summary, GenerationResult r) throws IOException {
    ImageFileWriter writer = new ImageFileWriter(out);
    String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
    // The targets that produced images; several when the calls of a split request failed over.
    Set<Target> served = new LinkedHashSet<>();
    for (Attempt a : r.attempts()) {
      if (a.outcome() == Attempt.Outcome.SUCCEEDED) {
        served.add(a.target());
      }
    }
    Target target =
        served.isEmpty()
            ? r.attempts().get(r.attempts().size() - 1).target()
            : served.iterator().next();
    List<String> names = new ArrayList<>();
    served.forEach(t -> names.add(t.toString()));
    summary.put("target", names.isEmpty() ? target.toString() : String.join(", ", names));
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
    putAttempts(summary, r.attempts());
    if (r.cost() == null) {
      summary.putNull("cost");
    } else {
      ObjectNode c = summary.putObject("cost");
      c.put("amount", r.cost().amount());
      c.put("currency", r.cost().currency());
    }
    // Per unit, so a split that failed over between dollars and credits still shows both.
    ArrayNode costs = summary.putArray("costs");
    r.costs()
        .forEach(
            k -> {
              ObjectNode c = costs.addObject();
              c.put("amount", k.amount());
              c.put("currency", k.currency());
            });
  }

  private static void putAttempts(ObjectNode summary, List<Attempt> list) {
    ArrayNode attempts = summary.putArray("attempts");
    for (Attempt a : list) {
      ObjectNode o = attempts.addObject();
      o.put("target", a.target().toString());
      o.put("outcome", a.outcome().name());
      o.put("failureClass", a.failureClass() == null ? null : a.failureClass().name());
      o.put("latencyMs", a.latency().toMillis());
      o.put("accepted", a.accepted());
      o.put("vendorJobId", a.vendorJobId());
      o.put("message", a.message());
      o.put("part", a.part());
      o.put("hedge", a.hedge());
      o.put("possibleDuplicate", a.possibleDuplicate());
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

  private static void progress(GenportRuntime app, PrintWriter err, ProgressEvent e) {
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
    } else if (e instanceof ProgressEvent.AttemptSkipped k) {
      what = "skipped (" + k.failureClass() + "): " + app.redact(k.reason());
    } else if (e instanceof ProgressEvent.RetryScheduled r) {
      what = "retrying in " + r.delay().toMillis() + " ms: " + app.redact(r.reason());
    } else if (e instanceof ProgressEvent.FailingOver f) {
      what = "failing over to " + f.next() + ": " + app.redact(f.reason());
    } else if (e instanceof ProgressEvent.HedgeStarted h) {
      what = "hedging on " + h.hedgedTarget();
    } else if (e instanceof ProgressEvent.PossibleDuplicate d) {
      what = "possible duplicate: " + app.redact(d.reason());
    } else if (e instanceof ProgressEvent.AttemptEnded) {
      return;
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
    if (e instanceof ProgressEvent.AttemptSkipped k) {
      return k.part();
    }
    if (e instanceof ProgressEvent.RetryScheduled r) {
      return r.part();
    }
    if (e instanceof ProgressEvent.FailingOver f) {
      return f.part();
    }
    if (e instanceof ProgressEvent.HedgeStarted h) {
      return h.part();
    }
    if (e instanceof ProgressEvent.PossibleDuplicate d) {
      return d.part();
    }
    return 0;
  }

  /**
   * Whether any of {@code providers} should be used for real. A provider counts when it is
   * configured, and also when it is not installed or has no simulator: then there is nothing to
   * simulate it with, and the application reports an unknown provider, or the provider a missing
   * credential, clearly when it is tried.
   */
  static boolean anyReadyForRealUse(
      Set<String> providers, ProviderSetup setup, EmbeddedSimulators.Available available) {
    for (String p : providers) {
      if (!setup.installed(p) || !available.canSimulate(p) || setup.configured(p)) {
        return true;
      }
    }
    return false;
  }

  /** Why no provider is used for real, naming what to set, as each factory declares it. */
  static String notConfigured(Set<String> providers, ProviderSetup setup) {
    Set<String> credentials = new LinkedHashSet<>();
    Set<String> configuration = new LinkedHashSet<>();
    for (String p : providers) {
      credentials.addAll(setup.missingCredentials(p));
      configuration.addAll(setup.missingConfiguration(p));
    }
    List<String> names = new ArrayList<>(credentials);
    names.addAll(configuration);
    String what =
        configuration.isEmpty()
            ? "credential"
            : credentials.isEmpty() ? "configuration" : "credential or configuration";
    return "no vendor "
        + what
        + " found"
        + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")");
  }
}
