package io.genport.spark;

import static java.util.Objects.requireNonNull;

import io.genport.core.application.InMemoryFleetState;
import io.genport.core.port.FleetState;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Opens the fleet state (the registry of accepted jobs) on an executor. Serializable: it travels
 * with the tasks and is opened once per JVM and {@link #name()}, then shared by every task there.
 *
 * <p>{@link #inMemory()} keeps the registry in the JVM: enough where every task runs in one JVM
 * ({@code local[*]}, one executor), where it guards retried tasks and concurrent copies alike. On a
 * cluster, a task run again on another executor would not see it: give a shared one, such as the
 * {@code genport-redis} module's, with {@link #of}.
 */
public interface FleetSource extends Serializable {

  /**
   * Names the state this source opens: sources of one name share one instance per JVM. Letters,
   * digits, {@code .}, {@code _}, {@code -}, {@code :}, {@code /}.
   */
  String name();

  /** Opens the state; called once per JVM and name. */
  FleetState open();

  /** A registry held in this JVM, shared by every task that runs in it. */
  static FleetSource inMemory() {
    return new InMemory("in-memory");
  }

  /**
   * A registry that {@code opener} opens once per executor JVM, e.g. {@code () ->
   * RedisFleetState.connect(url)}.
   *
   * @param name names it (sources of one name share one opened state per JVM)
   * @param opener opens it; serializable (a lambda cast to {@link Opener} is)
   */
  static FleetSource of(String name, Opener opener) {
    return new Opened(name, opener);
  }

  /** A serializable way to open a fleet state. */
  @FunctionalInterface
  interface Opener extends Serializable {
    /** Opens it. */
    FleetState open();
  }

  /** The state of {@code source} in this JVM, opened on first use. */
  static FleetState shared(FleetSource source) {
    requireNonNull(source, "source is null");
    return Opened.OPEN.computeIfAbsent(
        source.getClass().getName() + "|" + source.name(),
        k -> requireNonNull(source.open(), "the fleet source " + source.name() + " opened null"));
  }

  /**
   * The JVM's own registry.
   *
   * @param name its name
   */
  record InMemory(String name) implements FleetSource {
    public InMemory {
      Opened.checkName(name);
    }

    @Override
    public FleetState open() {
      return new InMemoryFleetState();
    }
  }

  /**
   * A registry opened by {@code opener}.
   *
   * @param name its name
   * @param opener opens it
   */
  record Opened(String name, Opener opener) implements FleetSource {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:/-]{1,200}");
    static final Map<String, FleetState> OPEN = new ConcurrentHashMap<>();

    public Opened {
      checkName(name);
      requireNonNull(opener, "opener is null");
    }

    static void checkName(String name) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "fleet source name must be 1..200 letters, digits, '.', '_', '-', ':' or '/', was '"
                + name
                + "'");
      }
    }

    @Override
    public FleetState open() {
      return opener.open();
    }

    @Override
    public String toString() {
      return "FleetSource[" + name + "]";
    }
  }
}
