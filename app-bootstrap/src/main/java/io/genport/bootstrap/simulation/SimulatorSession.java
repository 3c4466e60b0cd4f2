package io.genport.bootstrap.simulation;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The embedded simulators the commands of one session run against, and the job handles they made.
 *
 * <p>A simulated job lives in its simulator's memory, so a handle of one can only be resumed while
 * that simulator runs. The {@code genport} process runs one command, so its session ends with the
 * command ({@link #forOneCommand()}) and {@code generate --detach} refuses to detach a simulated
 * job there; a host that runs several commands in one process ({@link #open()}, as the tests do)
 * keeps its simulators between commands, and {@code status}, {@code wait} and {@code cancel} work
 * on the jobs its {@code generate --detach} left running. Thread-safe.
 */
public final class SimulatorSession implements AutoCloseable {
  private final boolean outlivesCommand;
  private final Map<String, EmbeddedSimulators> running = new TreeMap<>();
  private final Map<String, String> credentialOwners = new TreeMap<>();
  private final Set<String> handles = new HashSet<>();

  private SimulatorSession(boolean outlivesCommand) {
    this.outlivesCommand = outlivesCommand;
  }

  /** A session whose simulators stop when its command ends. */
  public static SimulatorSession forOneCommand() {
    return new SimulatorSession(false);
  }

  /** A session whose simulators run until it is {@linkplain #close() closed}. */
  public static SimulatorSession open() {
    return new SimulatorSession(true);
  }

  /** Whether its simulators, and so the simulated jobs, outlive the command that started them. */
  public boolean outlivesCommand() {
    return outlivesCommand;
  }

  /**
   * Starts a simulator for each of {@code providers} that has one and is not running yet.
   *
   * @throws IllegalStateException when two simulators want different values for one credential
   */
  public synchronized void start(Collection<String> providers, EmbeddedSimulators.Available found) {
    for (String p : new TreeSet<>(providers)) {
      if (running.containsKey(p) || !found.canSimulate(p)) {
        continue;
      }
      EmbeddedSimulators s = found.start(Set.of(p));
      try {
        s.credentials()
            .forEach(
                (name, value) -> {
                  String owner = credentialOwners.get(name);
                  if (owner != null && !value.equals(running.get(owner).credentials().get(name))) {
                    throw new IllegalStateException(
                        "the simulators of "
                            + owner
                            + " and "
                            + p
                            + " both want credential "
                            + name
                            + " with different values");
                  }
                });
      } catch (RuntimeException e) {
        s.close();
        throw e;
      }
      s.credentials().keySet().forEach(name -> credentialOwners.putIfAbsent(name, p));
      running.put(p, s);
    }
  }

  /** The providers whose simulator runs. */
  public synchronized Set<String> simulated() {
    return Collections.unmodifiableSet(new TreeSet<>(running.keySet()));
  }

  /** Environment variables that point the simulated providers at their simulators. */
  public synchronized Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    running.values().forEach(s -> env.putAll(s.environment()));
    return env;
  }

  /** The credentials the running simulators accept, by name. */
  public synchronized Map<String, String> credentials() {
    Map<String, String> c = new LinkedHashMap<>();
    running.values().forEach(s -> c.putAll(s.credentials()));
    return c;
  }

  /** Records that {@code handle} names jobs of these simulators. */
  public synchronized void remember(String handle) {
    handles.add(handle);
  }

  /** Whether {@code handle} names jobs of these simulators (and they still run). */
  public synchronized boolean simulates(String handle) {
    return handles.contains(handle) && !running.isEmpty();
  }

  /** The end of a command: a session for one command stops its simulators. */
  public void commandEnded() {
    if (!outlivesCommand) {
      close();
    }
  }

  /** Stops every simulator. */
  @Override
  public synchronized void close() {
    running.values().forEach(EmbeddedSimulators::close);
    running.clear();
    credentialOwners.clear();
    handles.clear();
  }

  @Override
  public synchronized String toString() {
    return "SimulatorSession" + running.keySet();
  }
}
