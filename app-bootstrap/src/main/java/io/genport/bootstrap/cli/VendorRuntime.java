package io.genport.bootstrap.cli;

import io.genport.bootstrap.GenportRuntime;
import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.ProviderSetup;
import io.genport.bootstrap.simulation.EmbeddedSimulators;
import io.genport.bootstrap.simulation.SimulatorSession;
import io.genport.spi.Credentials;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The application for a command that talks to vendors, with a real transport: for real, or against
 * the session's embedded simulators with their made-up credentials instead of the real ones, so a
 * key never reaches a simulator. Closing it closes the transport and ends the command's use of the
 * session.
 */
final class VendorRuntime implements AutoCloseable {
  final GenportRuntime app;
  final boolean simulated;
  private final HttpClient5Transport transport;
  private final SimulatorSession session;

  private VendorRuntime(
      GenportRuntime app,
      boolean simulated,
      HttpClient5Transport transport,
      SimulatorSession session) {
    this.app = app;
    this.simulated = simulated;
    this.transport = transport;
    this.session = session;
  }

  /**
   * Starts the application; when {@code simulated}, first starts a simulator for each of {@code
   * providers} that has one and is not running in the session yet.
   */
  static VendorRuntime start(
      Launcher launcher,
      SimulatorSession session,
      Map<String, String> environment,
      Collection<String> providers,
      boolean simulated,
      EmbeddedSimulators.Available available) {
    HttpClient5Transport transport = new HttpClient5Transport();
    try {
      // Options of the file first: a simulator's address must win over a configured base URL.
      Map<String, String> env = new LinkedHashMap<>(environment);
      GenportRuntime app;
      if (simulated) {
        session.start(providers, available);
        env.putAll(session.environment());
        app = launcher.start(transport, env, Credentials.fromMap(session.credentials()));
      } else {
        app = launcher.start(transport, env, null);
      }
      return new VendorRuntime(app, simulated, transport, session);
    } catch (RuntimeException e) {
      transport.close();
      session.commandEnded();
      throw e;
    }
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

  /**
   * What each of {@code providers} lacks for real use, as {@code fal (set FAL_KEY), cog (set
   * GENPORT_COG_BASE_URL)}, in the words each factory declares: a credential (any one of several)
   * and the required configuration.
   */
  static String whatToSet(Collection<String> providers, ProviderSetup setup) {
    List<String> parts = new ArrayList<>();
    for (String p : providers) {
      List<String> needs = new ArrayList<>();
      List<String> credentials = setup.missingCredentials(p);
      if (!credentials.isEmpty()) {
        needs.add(String.join(" or ", credentials));
      }
      needs.addAll(setup.missingConfiguration(p));
      if (!needs.isEmpty()) {
        parts.add(p + " (set " + String.join(" and ", needs) + ")");
      }
    }
    return String.join(", ", parts);
  }

  /** What {@code provider} lacks for real use, as {@code set FAL_KEY}; empty when nothing. */
  static String needs(String provider, ProviderSetup setup) {
    String w = whatToSet(List.of(provider), setup);
    return w.isEmpty() ? "" : w.substring(provider.length() + 2, w.length() - 1);
  }

  @Override
  public void close() {
    try {
      app.fleet().close();
      transport.close();
    } finally {
      session.commandEnded();
    }
  }
}
