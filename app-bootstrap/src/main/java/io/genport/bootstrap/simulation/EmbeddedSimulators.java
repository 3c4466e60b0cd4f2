package io.genport.bootstrap.simulation;

import static java.util.Objects.requireNonNull;

import io.genport.facade.EnvironmentConfiguration;
import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.VendorSimulatorFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The vendor simulators that {@code genport generate} runs against when no requested vendor is
 * configured (or with {@code --simulate}): real HTTP on loopback, the vendors' own protocols, real
 * images, nothing billed.
 *
 * <p>Knows no vendor: the simulators are the {@link VendorSimulatorFactory} services visible to the
 * providers' class loader, so a plugin jar that ships a simulator next to its provider gets offline
 * mode without any change here. Each started simulator contributes its provider configuration, as
 * the {@code GENPORT_<PROVIDER>_<KEY>} environment that {@link EnvironmentConfiguration} reads, and
 * the made-up credentials it accepts.
 */
public final class EmbeddedSimulators implements AutoCloseable {
  private final List<RunningSimulator> running = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final Map<String, String> credentials = new LinkedHashMap<>();
  private final Map<String, String> credentialOwners = new TreeMap<>();
  private final Set<String> simulated = new TreeSet<>();

  private EmbeddedSimulators() {}

  /**
   * The simulators registered with {@code classLoader}. A simulator plugin that cannot be loaded or
   * does not name its provider is reported in {@link Available#problems()} and skipped; of two for
   * one provider the first found is used and the second reported.
   */
  public static Available discover(ClassLoader classLoader) {
    requireNonNull(classLoader, "classLoader is null");
    Map<String, VendorSimulatorFactory> found = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    Iterator<VendorSimulatorFactory> it =
        ServiceLoader.load(VendorSimulatorFactory.class, classLoader).iterator();
    // As in ProviderLoader: the lazy iterator instantiates one plugin per next(), a broken one
    // throws there and the iteration goes on; the bound guards against a loader stuck on one entry.
    for (int guard = 0; guard < 10_000; guard++) {
      VendorSimulatorFactory factory;
      String provider;
      try {
        if (!it.hasNext()) {
          break;
        }
        factory = it.next();
        provider = factory.provider();
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        problems.add(
            "a vendor simulator could not be loaded and was skipped: "
                + (e.getMessage() == null ? e.toString() : e.getMessage()));
        continue;
      }
      if (provider == null || provider.isBlank()) {
        problems.add(
            "vendor simulator " + factory.getClass().getName() + " names no provider; skipped");
        continue;
      }
      VendorSimulatorFactory first = found.putIfAbsent(provider, factory);
      if (first != null) {
        problems.add(
            "two vendor simulators serve '"
                + provider
                + "': "
                + first.getClass().getName()
                + " (used) and "
                + factory.getClass().getName()
                + " (skipped)");
      }
    }
    return new Available(found, problems);
  }

  /**
   * The simulators found by {@link #discover}.
   *
   * @param factories by the name of the provider they serve, sorted
   * @param problems one line per simulator plugin that was skipped
   */
  public record Available(Map<String, VendorSimulatorFactory> factories, List<String> problems) {
    public Available {
      factories = Collections.unmodifiableMap(new TreeMap<>(factories));
      problems = List.copyOf(problems);
    }

    /** Whether a simulator serves {@code provider}. */
    public boolean canSimulate(String provider) {
      return factories.containsKey(provider);
    }

    /**
     * Starts one simulator for each provider in {@code providers} that has one; the others are left
     * out. If one fails to start, those already started are stopped and the failure is rethrown.
     *
     * @throws IllegalStateException when two started simulators want different values for one
     *     credential name, which one credential store cannot give both providers
     */
    public EmbeddedSimulators start(Collection<String> providers) {
      EmbeddedSimulators s = new EmbeddedSimulators();
      try {
        for (String provider : new TreeSet<>(providers)) {
          VendorSimulatorFactory f = factories.get(provider);
          if (f != null) {
            s.add(provider, f.start(SimulatorOptions.defaults()));
          }
        }
      } catch (RuntimeException e) {
        s.close();
        throw e;
      }
      return s;
    }
  }

  private void add(String provider, RunningSimulator sim) {
    running.add(sim);
    sim.providerConfig()
        .forEach(
            (key, value) ->
                environment.put(EnvironmentConfiguration.variable(provider, key), value));
    sim.credentials()
        .forEach(
            (name, value) -> {
              String previous = credentials.putIfAbsent(name, value);
              if (previous != null && !previous.equals(value)) {
                throw new IllegalStateException(
                    "the simulators of "
                        + credentialOwners.get(name)
                        + " and "
                        + provider
                        + " both want credential "
                        + name
                        + " with different values");
              }
              credentialOwners.putIfAbsent(name, provider);
            });
    simulated.add(provider);
  }

  /** Environment variables that point the simulated providers at their simulators. */
  public Map<String, String> environment() {
    return Collections.unmodifiableMap(environment);
  }

  /** The credentials the simulators expect, by name. */
  public Map<String, String> credentials() {
    return Collections.unmodifiableMap(credentials);
  }

  /** The providers that are simulated. */
  public Set<String> simulated() {
    return Collections.unmodifiableSet(simulated);
  }

  /** Names the simulated providers, never credential values. */
  @Override
  public String toString() {
    return "EmbeddedSimulators" + simulated;
  }

  @Override
  public void close() {
    for (RunningSimulator sim : running) {
      try {
        sim.close();
      } catch (RuntimeException ignored) {
        // Shutting down loopback servers; nothing useful to do about a failure here.
      }
    }
    running.clear();
  }
}
