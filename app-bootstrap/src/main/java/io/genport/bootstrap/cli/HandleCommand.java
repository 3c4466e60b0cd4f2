package io.genport.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.ProviderSetup;
import io.genport.bootstrap.simulation.EmbeddedSimulators;
import io.genport.bootstrap.simulation.SimulatorSession;
import io.genport.core.application.GenerationRouter;
import io.genport.core.application.Route;
import io.genport.core.application.RouteTarget;
import io.genport.core.application.RouterSettings;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.Target;
import io.genport.facade.config.GenportConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code status}, {@code wait} and {@code cancel} share: the handle argument, and a router
 * over the handle's targets that resumes it (the library polls, and cancels, the vendor jobs a
 * handle names; it never submits anything again).
 *
 * <p>A handle is resumed for real when its providers are configured; a handle of a simulated job
 * only while the simulator that holds the job runs, that is within the session (process) whose
 * {@code generate} made it.
 */
abstract class HandleCommand {
  private final Launcher launcher;
  private final SimulatorSession session;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "HANDLE",
      description = "A job handle, as `genport generate --detach` prints it.")
  String handle;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The configuration file (default: ./genport.yaml when present).")
  Path config;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Mixin Verbosity verbosity;

  HandleCommand(Launcher launcher, SimulatorSession session) {
    this.launcher = requireNonNull(launcher, "launcher is null");
    this.session = requireNonNull(session, "session is null");
  }

  /** A router resuming the handle, with what it runs on; close it when done. */
  final class Resumed implements AutoCloseable {
    final VendorRuntime vendors;
    final GenerationRouter router;
    final Watch watch;
    final HandleJobs jobs;

    private Resumed(VendorRuntime vendors, GenerationRouter router, Watch watch, HandleJobs jobs) {
      this.vendors = vendors;
      this.router = router;
      this.watch = watch;
      this.jobs = jobs;
    }

    @Override
    public void close() {
      vendors.close();
    }
  }

  /**
   * Reads the handle and starts what resumes it.
   *
   * @param watch how the command watches the jobs
   * @param deadline the limit of the resumed call, or {@code null} for the default
   * @throws InvalidRequestException when the handle is malformed, or names a provider that is not
   *     configured here and not simulated in this session
   */
  Resumed resume(Watch watch, Duration deadline) {
    return resume(watch, deadline, null);
  }

  /**
   * {@link #resume(Watch, Duration)} with the providers writing received images into {@code
   * imagesInto} as they arrive (the command's output directory), or in memory when {@code null}.
   */
  Resumed resume(Watch watch, Duration deadline, Path imagesInto) {
    HandleJobs jobs = HandleJobs.read(handle);
    handle = handle.strip();
    GenportConfig configuration = GenportConfig.resolve(config, Path.of(""));
    Set<String> providers = new LinkedHashSet<>();
    jobs.targets().forEach(t -> providers.add(t.provider()));
    ProviderSetup setup = launcher.setup(configuration.environment());
    EmbeddedSimulators.Available available = EmbeddedSimulators.discover(setup.classLoader());
    boolean simulated = session.simulates(handle);
    if (!simulated) {
      for (String p : providers) {
        if (setup.installed(p) && !setup.configured(p)) {
          throw new InvalidRequestException(
              "handle",
              "the job runs on "
                  + p
                  + ", which is not configured here ("
                  + VendorRuntime.needs(p, setup)
                  + ")"
                  + (available.canSimulate(p)
                      ? ". A job of the embedded simulators ends with the genport process that"
                          + " started it"
                      : ""));
        }
      }
    }
    VendorRuntime vendors =
        VendorRuntime.start(
            launcher,
            session,
            imagesInto == null
                ? configuration.environment()
                : io.genport.bootstrap.output.OutputDirectory.receivingImagesIn(
                    imagesInto, configuration.environment()),
            providers,
            simulated,
            available);
    try {
      PrintWriter err = spec.commandLine().getErr();
      Cli.printDiscovery(vendors.app, err, verbosity.verbose);
      List<RouteTarget> rts = new ArrayList<>();
      for (Target t : jobs.targets()) {
        rts.add(new RouteTarget(t, watch.watch(vendors.app.providers().provider(t.provider())), 1));
      }
      RouterSettings settings = RouterSettings.defaults();
      if (deadline != null) {
        settings = settings.withDeadline(deadline);
      }
      GenerationRouter router =
          GenerationRouter.builder(new Route(rts, false))
              .settings(settings)
              .clock(watch.clock())
              .build();
      return new Resumed(vendors, router, watch, jobs);
    } catch (RuntimeException e) {
      vendors.close();
      throw e;
    }
  }
}
