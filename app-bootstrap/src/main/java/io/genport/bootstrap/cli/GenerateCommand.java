package io.genport.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.bootstrap.GenportRuntime;
import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.ProviderSetup;
import io.genport.bootstrap.output.ImageSaver;
import io.genport.bootstrap.output.OutputDirectory;
import io.genport.bootstrap.simulation.EmbeddedSimulators;
import io.genport.bootstrap.simulation.SimulatorSession;
import io.genport.core.application.GenerationRouter;
import io.genport.core.application.Route;
import io.genport.core.application.RouteTarget;
import io.genport.core.application.RouterSettings;
import io.genport.core.domain.Attempt;
import io.genport.core.domain.DeadlineExceededException;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.Target;
import io.genport.core.port.GenerationJob;
import io.genport.core.port.ProgressListener;
import io.genport.facade.config.GenportConfig;
import io.genport.facade.config.RouteConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
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
 * <p>Nothing is sent until the input is known to be good: the options, the output folder (it must
 * be, or be creatable as, a writable directory) and the request planned on every target. The router
 * then skips targets that cannot serve the request, leaves a target at once when it cannot serve
 * (no credential, 401/403, no credits, unknown model, a refused plan), retries and fails over only
 * when no vendor can be holding a billable job, and never submits again once a vendor accepted one;
 * the summary lists every target tried and why it was left. Images that cannot be written where
 * asked go to a fallback folder, which is printed.
 *
 * <p>Exit status 0 when the images were written, 1 when the route produced none, 2 for invalid
 * input (nothing was sent), 3 when the images were saved in the fallback folder. With {@code
 * --detach} it prints the job handle once every vendor accepted its part, for {@code status},
 * {@code wait} and {@code cancel}.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate images over a route of targets (with retries and failover), and write them.",
      "With no vendor credential configured, runs against the embedded simulators and says so.",
      "Exit status: 0 done, 1 generation failed, 2 bad input (nothing sent), 3 images saved in a"
          + " fallback folder."
    },
    sortOptions = false)
public final class GenerateCommand implements Callable<Integer> {
  private final Launcher launcher;
  private final SimulatorSession session;

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
      description = "Where to write the images (default: ./out); checked before anything is sent.")
  Path out;

  @Option(names = "--json", description = "Print a JSON summary instead of text.")
  boolean json;

  @Option(
      names = "--simulate",
      description = "Run against the embedded simulators even when credentials are configured.")
  boolean simulate;

  @Option(
      names = "--deadline",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "End-to-end limit of the whole call, every target included: 30s, 2m, 0.5 (seconds)..."
              + " (default: the route's deadline, else 10m).")
  Duration deadline;

  @Option(
      names = "--detach",
      description =
          "Print the job handle once the vendors accepted the job, and leave it running; see"
              + " `genport status`, `wait` and `cancel`.")
  boolean detach;

  @Mixin Verbosity verbosity;

  /**
   * @param launcher starts the application
   * @param session the embedded simulators, which a session that outlives the command keeps for the
   *     commands that follow
   */
  public GenerateCommand(Launcher launcher, SimulatorSession session) {
    this.launcher = requireNonNull(launcher, "launcher is null");
    this.session = requireNonNull(session, "session is null");
  }

  @Override
  public Integer call() throws IOException {
    GenportConfig configuration = GenportConfig.resolve(config, Path.of(""));
    RouteConfig routeConfig = routeConfig(configuration, route, targets);
    Set<String> providers = new LinkedHashSet<>();
    List<Target> routeTargets = new ArrayList<>();
    routeConfig.targets().forEach(t -> routeTargets.add(t.target()));
    routeTargets.forEach(t -> providers.add(t.provider()));
    GenerationRequest canonical = request.toRequest(providers);
    RouterSettings settings = routeConfig.settings();
    if (deadline != null) {
      settings = settings.withDeadline(deadline);
    }
    if (!detach) {
      OutputDirectory.check(out, "out");
    }
    PrintWriter err = spec.commandLine().getErr();
    ProviderSetup setup = launcher.setup(configuration.environment());
    EmbeddedSimulators.Available available = EmbeddedSimulators.discover(setup.classLoader());
    boolean simulated = simulate || !VendorRuntime.anyReadyForRealUse(providers, setup, available);
    if (detach && simulated && !session.outlivesCommand()) {
      throw new InvalidRequestException(
          "detach",
          "a simulated job lives in the embedded simulator, which stops when this genport"
              + " process ends, so its handle could never be resumed; nothing was sent. To detach a"
              + " real job, "
              + (simulate
                  ? "drop --simulate"
                  : "configure " + VendorRuntime.whatToSet(providers, setup))
              + "; or run without --detach");
    }
    try (VendorRuntime vendors =
        VendorRuntime.start(
            launcher,
            session,
            detach
                ? configuration.environment()
                : OutputDirectory.receivingImagesIn(out, configuration.environment()),
            providers,
            simulated,
            available)) {
      GenportRuntime app = vendors.app;
      Cli.printDiscovery(app, err, verbosity.verbose);
      Preflight.check(app, routeTargets, canonical);
      if (simulated) {
        String missing = VendorRuntime.whatToSet(providers, setup);
        err.println(
            "genport: "
                + (simulate ? "--simulate given" : "not configured for real use: " + missing)
                + "; running against the embedded simulators (simulated images, nothing billed)."
                + (simulate ? "" : " Set those to use the real vendors, or pass --simulate."));
        for (String problem : available.problems()) {
          err.println("genport: warning: " + Cli.oneLine(problem));
        }
      }
      Watch watch = new Watch(false);
      List<RouteTarget> rts = new ArrayList<>();
      for (RouteConfig.TargetConfig t : routeConfig.targets()) {
        rts.add(
            new RouteTarget(
                t.target(),
                watch.watch(app.providers().provider(t.target().provider())),
                t.weight()));
      }
      GenerationRouter router =
          app.fleet()
              .wire(
                  GenerationRouter.builder(new Route(rts, routeConfig.weighted()))
                      .settings(settings)
                      .clock(watch.clock()),
                  configuration)
              .build();
      return detach
          ? detach(app, router, watch, canonical, simulated, err)
          : run(app, router, watch, canonical, simulated, err);
    }
  }

  /** The route to use: the file's {@code --route}, or one made of the {@code --target}s. */
  static RouteConfig routeConfig(GenportConfig config, String route, List<String> targets) {
    if (route != null) {
      if (!targets.isEmpty()) {
        throw new InvalidRequestException("route", "--route and --target cannot be used together");
      }
      return config.route(route);
    }
    if (targets.isEmpty()) {
      throw new InvalidRequestException(
          "target", "give --target PROVIDER:MODEL (repeatable) or --route NAME");
    }
    List<RouteConfig.TargetConfig> parsed = new ArrayList<>();
    Set<Target> seen = new HashSet<>();
    for (String t : targets) {
      Target target = Target.parse(t);
      if (!seen.add(target)) {
        throw new InvalidRequestException("target", target + " is given twice");
      }
      parsed.add(new RouteConfig.TargetConfig(target, 1));
    }
    return new RouteConfig("command line", parsed, false, RouterSettings.defaults());
  }

  /** Progress on stderr while the command watches; the attempts seen, for a failure's summary. */
  private static ProgressListener listener(
      GenportRuntime app, PrintWriter err, Watch watch, List<Attempt> seen) {
    return e -> {
      if (watch.detached()) {
        return;
      }
      if (e instanceof ProgressEvent.AttemptEnded a) {
        seen.add(a.attempt());
      }
      Progress.print(app, err, e);
    };
  }

  private int detach(
      GenportRuntime app,
      GenerationRouter router,
      Watch watch,
      GenerationRequest canonical,
      boolean simulated,
      PrintWriter err)
      throws IOException {
    List<Attempt> seen = Collections.synchronizedList(new ArrayList<>());
    GenerationJob job;
    try {
      job = router.submit(canonical, listener(app, err, watch, seen));
    } catch (GenerationException g) {
      return failed(app, router, simulated, err, seen, g);
    } finally {
      // Stop watching either way; the vendor jobs (if any) keep running.
      watch.detach();
    }
    if (simulated) {
      session.remember(job.handle());
    }
    ObjectNode summary = app.json().createObjectNode();
    summary.put("simulated", simulated);
    summary.put("handle", job.handle());
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      ResultReport.print(app, o, summary, true);
    } else {
      o.println(app.redact(job.handle()));
      o.flush();
      err.println(
          "genport: detached; the job runs on. `genport status HANDLE` shows it, `genport wait"
              + " HANDLE --out DIR` saves its images, `genport cancel HANDLE` cancels it.");
      err.flush();
    }
    return Cli.OK;
  }

  private int run(
      GenportRuntime app,
      GenerationRouter router,
      Watch watch,
      GenerationRequest canonical,
      boolean simulated,
      PrintWriter err)
      throws IOException {
    List<Attempt> seen = Collections.synchronizedList(new ArrayList<>());
    GenerationResult result;
    String handle;
    try {
      GenerationJob job = router.submit(canonical, listener(app, err, watch, seen));
      handle = job.handle();
      result = job.result().join();
    } catch (GenerationException g) {
      return failed(app, router, simulated, err, seen, g);
    } catch (CompletionException e) {
      GenerationException g = unwrap(e);
      if (g == null) {
        throw e;
      }
      return failed(app, router, simulated, err, seen, g);
    }
    return report(app, spec, out, json, simulated, handle, result, err);
  }

  /**
   * Saves the images and prints the summary of a call that produced them; shared with {@code wait}.
   * A save that fails even in the fallback folder is reported with the handle that fetches the
   * images again.
   */
  static int report(
      GenportRuntime app,
      CommandSpec spec,
      Path out,
      boolean json,
      boolean simulated,
      String handle,
      GenerationResult result,
      PrintWriter err)
      throws IOException {
    ObjectNode summary = app.json().createObjectNode();
    summary.put("simulated", simulated);
    summary.put("handle", handle);
    ImageSaver saver = ImageSaver.to(out);
    int status;
    try {
      status = ResultReport.saveAndRecord(summary, result, saver, out);
    } catch (IOException e) {
      err.println(
          "genport: the images could not be saved in '"
              + out
              + "'"
              + (saver.fallback() == null ? "" : " nor in " + saver.fallback())
              + ": "
              + Cli.oneLine(String.valueOf(e))
              + "; `genport wait HANDLE --out DIR` fetches them again while the vendor keeps them"
              + " (handle: "
              + handle
              + ")");
      err.flush();
      return Cli.FAILED;
    }
    summary.set("failures", app.json().createArrayNode());
    if (status == Cli.PARTIAL) {
      err.println(
          "genport: "
              + summary.path("outError").asText()
              + "; the images were saved in "
              + saver.fallback()
              + " instead");
      err.flush();
    }
    ResultReport.print(app, spec.commandLine().getOut(), summary, json);
    return status;
  }

  private int failed(
      GenportRuntime app,
      GenerationRouter router,
      boolean simulated,
      PrintWriter err,
      List<Attempt> seen,
      GenerationException g)
      throws IOException {
    List<Attempt> attempts;
    synchronized (seen) {
      attempts = new ArrayList<>(seen);
    }
    Target last =
        attempts.isEmpty()
            ? router.route().targets().get(0).target()
            : attempts.get(attempts.size() - 1).target();
    ObjectNode summary = app.json().createObjectNode();
    summary.put("simulated", simulated);
    if (g instanceof DeadlineExceededException d && d.handle() != null) {
      summary.put("handle", d.handle());
      summary.put("resumable", !simulated || session.outlivesCommand());
      if (simulated) {
        session.remember(d.handle());
      }
    } else {
      summary.putNull("handle");
    }
    ArrayNode failures = app.json().createArrayNode();
    failures.add(ResultReport.failure(app.json(), last, g));
    if (json) {
      // The text summary says it on stdout; with JSON on stdout, stderr gets the one line.
      err.println("genport: " + last + " failed: " + app.redact(g.getMessage()));
      err.flush();
    }
    summary.putNull("target");
    summary.set("images", app.json().createArrayNode());
    ResultReport.putAttempts(summary, attempts);
    summary.set("failures", failures);
    ResultReport.print(app, spec.commandLine().getOut(), summary, json);
    return Cli.FAILED;
  }

  private static GenerationException unwrap(Throwable e) {
    Throwable c = e;
    while (c != null && !(c instanceof GenerationException)) {
      c = c.getCause();
    }
    return (GenerationException) c;
  }
}
