package io.genport.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.simulation.EmbeddedSimulators;
import io.genport.facade.EnvironmentConfiguration;
import io.genport.simulators.JobTiming;
import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.VendorSimulatorFactory;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code genport simulators}: serves every registered vendor simulator (or those named with {@code
 * --vendor}) on loopback, like LocalStack for AWS, prints each one's address and the environment
 * variables that point GenPort, or the vendor's own SDK, at it, and runs until interrupted.
 *
 * <p>The simulators are the {@link VendorSimulatorFactory} services of the class path and the
 * plugins folder, so a plugin's simulator is served too. With {@code --port-base N} the vendors, in
 * name order, get ports from {@code N}, {@code N + 10}, {@code N + 20}..., each host of a vendor
 * the next port; otherwise ports are ephemeral.
 */
@Command(
    name = "simulators",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the vendor simulators on loopback until interrupted (Ctrl-C), printing each one's",
      "base URL and the environment variables that point GenPort or the vendor's SDK at it."
    },
    sortOptions = false)
public final class SimulatorsCommand implements Callable<Integer> {
  /** Ports reserved per vendor under {@code --port-base}: room for its hosts. */
  static final int PORTS_PER_VENDOR = 10;

  /** How fast simulated jobs move. */
  enum Timing {
    /** Jobs queue for half a second and run for two, by the clock, as a vendor's do. */
    realistic(JobTiming.durations(Duration.ofMillis(500), Duration.ofSeconds(2))),
    /** Jobs are done when created. */
    instant(JobTiming.immediate());

    final JobTiming jobTiming;

    Timing(JobTiming jobTiming) {
      this.jobTiming = jobTiming;
    }
  }

  /** How the command waits to be stopped; {@link #untilInterrupted()} in the process. */
  @FunctionalInterface
  public interface StopSignal {
    /** Returns when the simulators should stop; an interrupt stops them too. */
    void await() throws InterruptedException;

    /** Blocks until the thread is interrupted or the process exits (Ctrl-C). */
    static StopSignal untilInterrupted() {
      return () -> new CountDownLatch(1).await();
    }
  }

  private final Launcher launcher;
  private final StopSignal stop;

  @Spec CommandSpec spec;

  @Option(
      names = "--vendor",
      paramLabel = "V",
      description = "A vendor to serve (repeatable); default: every registered simulator.")
  List<String> vendors = new ArrayList<>();

  @Option(
      names = "--port-base",
      paramLabel = "N",
      description = "First port (vendors in name order get N, N+10, N+20...); default: ephemeral.")
  Integer portBase;

  @Option(
      names = "--timing",
      paramLabel = "T",
      defaultValue = "realistic",
      description =
          "realistic (jobs queue 0.5 s and run 2 s, so Replicate's Prefer: wait returns finished"
              + " predictions) or instant (jobs are done when created). Default: ${DEFAULT-VALUE}.")
  Timing timing;

  /**
   * @param launcher where the simulators are discovered (its class loader, with plugins)
   * @param stop when to stop serving
   */
  public SimulatorsCommand(Launcher launcher, StopSignal stop) {
    this.launcher = requireNonNull(launcher, "launcher is null");
    this.stop = requireNonNull(stop, "stop is null");
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (portBase != null && (portBase < 1 || portBase > 65_535)) {
      throw new Cli.BadInput(
          List.of("--port-base: " + portBase + " is not a port from 1 to 65535"));
    }
    EmbeddedSimulators.Available found =
        EmbeddedSimulators.discover(launcher.setup(Map.of()).classLoader());
    found.problems().forEach(p -> err.println("genport: warning: " + Cli.oneLine(p)));
    Set<String> chosen = chosen(found);
    if (portBase != null && portBase + PORTS_PER_VENDOR * chosen.size() - 1 > 65_535) {
      throw new Cli.BadInput(
          List.of(
              "--port-base: "
                  + portBase
                  + " leaves no room for "
                  + chosen.size()
                  + " simulators ("
                  + PORTS_PER_VENDOR
                  + " ports each); use at most "
                  + (65_536 - PORTS_PER_VENDOR * chosen.size())));
    }
    List<RunningSimulator> running = new ArrayList<>();
    Thread hook = new Thread(() -> closeAll(running), "genport-simulators-shutdown");
    try {
      int index = 0;
      for (String vendor : chosen) {
        SimulatorOptions options = SimulatorOptions.defaults().withJobTiming(timing.jobTiming);
        if (portBase != null) {
          options = options.withPortBase(portBase + PORTS_PER_VENDOR * index);
        }
        index++;
        RunningSimulator sim = found.factories().get(vendor).start(options);
        synchronized (running) {
          running.add(sim);
        }
        print(out, vendor, sim);
      }
      out.println(
          "# "
              + chosen.size()
              + " simulator"
              + (chosen.size() == 1 ? "" : "s")
              + " serving ("
              + timing
              + " timing); Ctrl-C stops them. Run genport with the variables above (without"
              + " --simulate) to use them as the vendors.");
      out.flush();
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        stop.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Cli.OK;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
        // The hook runs or was never added; closing twice is harmless.
      }
      closeAll(running);
      err.println("genport: simulators stopped");
      err.flush();
    }
  }

  /** The vendors to serve, checked against what is registered. */
  private Set<String> chosen(EmbeddedSimulators.Available found) {
    Set<String> known = found.factories().keySet();
    if (known.isEmpty()) {
      throw new Cli.BadInput(List.of("no vendor simulator is registered on the class path"));
    }
    if (vendors.isEmpty()) {
      return new TreeSet<>(known);
    }
    List<String> unknown = new ArrayList<>();
    for (String v : vendors) {
      if (!known.contains(v)) {
        unknown.add(
            "--vendor: no simulator for '"
                + v
                + "'; "
                + io.genport.facade.Suggestions.didYouMean(v, new ArrayList<>(known))
                + "; simulators: "
                + String.join(", ", known));
      }
    }
    if (!unknown.isEmpty()) {
      throw new Cli.BadInput(unknown);
    }
    return new TreeSet<>(vendors);
  }

  /**
   * One block per vendor: its base URL, then {@code export} lines for GenPort (its provider's
   * configuration and the credentials the simulator accepts) and for the vendor's own SDK.
   */
  private static void print(PrintWriter out, String vendor, RunningSimulator sim) {
    Map<String, String> config = new TreeMap<>(sim.providerConfig());
    out.println(vendor + " " + config.getOrDefault("base-url", "(no base-url)"));
    out.println("  # GenPort");
    config.forEach(
        (key, value) ->
            out.println(
                "  export " + EnvironmentConfiguration.variable(vendor, key) + "=" + value));
    new TreeMap<>(sim.credentials())
        .forEach((name, value) -> out.println("  export " + name + "=" + value));
    if (!sim.sdkEnvironment().isEmpty()) {
      out.println("  # the vendor's SDK (with the credentials above)");
      new TreeMap<>(sim.sdkEnvironment())
          .forEach((name, value) -> out.println("  export " + name + "=" + value));
    }
    out.flush();
  }

  private static void closeAll(List<RunningSimulator> running) {
    synchronized (running) {
      for (RunningSimulator sim : running) {
        try {
          sim.close();
        } catch (RuntimeException ignored) {
          // Stopping loopback servers; nothing useful to do about a failure here.
        }
      }
      running.clear();
    }
  }
}
