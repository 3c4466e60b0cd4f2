package io.genport.bootstrap;

import static java.util.Objects.requireNonNull;

import io.genport.core.application.FleetPolicy;
import io.genport.core.application.GenerationRouter;
import io.genport.core.application.InMemoryFleetState;
import io.genport.core.port.FleetState;
import io.genport.facade.SharedFleetState;
import io.genport.facade.config.GenportConfig;
import java.util.Map;
import java.util.Optional;

/**
 * The command's fleet state: the one {@code GENPORT_REDIS_URL} or {@code genport.yaml}'s {@code
 * fleet.redisUrl} names, opened once through the factory a jar on the class path (or in the plugin
 * folder) registers, and shared by every router of the command; closed when the command ends.
 * Without a URL the routers keep their own state, held to the file's fleet policy if it has one.
 */
public final class FleetConnection implements AutoCloseable {
  private final Map<String, String> environment;
  private final ClassLoader classLoader;
  private FleetState opened;
  private boolean tried;

  /**
   * @param environment the variables {@code GENPORT_REDIS_URL} is read from
   * @param classLoader where {@link io.genport.core.port.FleetStateFactory} plugins are found
   */
  public FleetConnection(Map<String, String> environment, ClassLoader classLoader) {
    this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    this.classLoader = requireNonNull(classLoader, "classLoader is null");
  }

  /**
   * The shared state {@code file} or the environment names, opened on first use; empty when none is
   * named.
   *
   * @throws io.genport.core.domain.InvalidRequestException naming the variable or key when the URL
   *     is malformed or no jar on the class path opens it
   */
  public synchronized Optional<FleetState> shared(GenportConfig file) {
    if (!tried) {
      tried = true;
      opened = SharedFleetState.fromConfiguration(file, environment, classLoader).orElse(null);
    }
    return Optional.ofNullable(opened);
  }

  /**
   * Gives {@code router} the shared state and {@code file}'s fleet policy; a policy without a
   * shared state still holds within this process.
   */
  public GenerationRouter.Builder wire(GenerationRouter.Builder router, GenportConfig file) {
    FleetPolicy policy = file.fleet().policy();
    Optional<FleetState> shared = shared(file);
    if (shared.isPresent()) {
      router.fleet(shared.get(), policy);
    } else if (file.fleet().hasPolicy()) {
      router.fleet(new InMemoryFleetState(), policy);
    }
    return router;
  }

  @Override
  public synchronized void close() {
    if (opened != null) {
      opened.close();
      opened = null;
    }
  }

  /** Never shows the URL: it may hold a password. */
  @Override
  public String toString() {
    return "FleetConnection[" + (opened == null ? "local" : "shared") + "]";
  }
}
