package io.genport.facade;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.application.FleetPolicy;
import io.genport.core.application.GenerationRouter;
import io.genport.core.application.InMemoryFleetState;
import io.genport.core.application.Route;
import io.genport.core.application.RouteTarget;
import io.genport.core.application.RouterMetrics;
import io.genport.core.application.RouterSettings;
import io.genport.core.application.TargetStats;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.Target;
import io.genport.core.port.FleetState;
import io.genport.core.port.GenerationJob;
import io.genport.core.port.ImageGeneration;
import io.genport.core.port.ProgressListener;
import io.genport.core.port.Sleeper;
import io.genport.facade.config.GenportConfig;
import io.genport.facade.config.RouteConfig;
import io.genport.spi.Credentials;
import io.genport.spi.LoadedProviders;
import io.genport.spi.ProviderContext;
import io.genport.spi.ProviderLoader;
import io.genport.spi.download.ImageStore;
import io.genport.spi.http.HttpTransport;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;

/**
 * GenPort as a library, for applications that do not use Guice: one object that is the {@link
 * ImageGeneration} port over a route of targets, with retries, failover and circuit breaking, and
 * owns the HTTP client it made. Thread-safe; build one and share it; {@link #close()} it at
 * shutdown.
 *
 * <pre>{@code
 * try (GenPort genport =
 *     GenPort.builder().route("fal:flux-2", "replicate:black-forest-labs/flux-schnell").build()) {
 *   GenerationResult result =
 *       genport.generate(GenerationRequest.builder("a red fox in the snow").build());
 * }
 * }</pre>
 *
 * <p>Configuration comes from three places, later ones winning: the environment ({@code
 * GENPORT_<PROVIDER>_<KEY>} variables, credentials such as {@code FAL_KEY}), a {@code genport.yaml}
 * ({@link Builder#config(Path)} or {@value ConfigurationKeys#CONFIG_VARIABLE}) and code ({@link
 * Builder#option}). The route comes from {@link Builder#route(String...)}, a named route of the
 * file ({@link Builder#namedRoute}), or {@value ConfigurationKeys#ROUTE_VARIABLE}. {@link
 * ConfigurationKeys} lists every key; a configuration error names the key and the variable to set.
 */
public final class GenPort implements ImageGeneration, AutoCloseable {
  private final GenerationRouter router;
  private final ProviderRegistry providers;
  private final List<String> loaderProblems;
  private final AutoCloseable ownedTransport;
  private final FleetState ownedFleet;

  private GenPort(
      GenerationRouter router,
      ProviderRegistry providers,
      List<String> loaderProblems,
      AutoCloseable ownedTransport,
      FleetState ownedFleet) {
    this.router = router;
    this.providers = providers;
    this.loaderProblems = List.copyOf(loaderProblems);
    this.ownedTransport = ownedTransport;
    this.ownedFleet = ownedFleet;
  }

  /** A builder over the process environment and credentials from it. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Everything from the environment: the route from {@value ConfigurationKeys#ROUTE_VARIABLE}, an
   * optional {@code genport.yaml} from {@value ConfigurationKeys#CONFIG_VARIABLE}.
   *
   * @throws InvalidRequestException naming the key to set when the configuration is incomplete or
   *     invalid
   */
  public static GenPort fromEnvironment() {
    return builder().build();
  }

  /** The router behind this port: its route, policy, circuit states and counters. */
  public GenerationRouter router() {
    return router;
  }

  /** Snapshots of every target's health and counters, in route order. */
  public List<TargetStats> stats() {
    return router.stats();
  }

  /** The names of the installed providers, sorted. */
  public SortedSet<String> providers() {
    return providers.names();
  }

  /** One line per provider plugin that discovery skipped (also logged at WARN). */
  public List<String> loaderProblems() {
    return loaderProblems;
  }

  @Override
  public java.util.concurrent.CompletableFuture<io.genport.core.domain.GenerationResult>
      generateAsync(io.genport.core.domain.GenerationRequest request, ProgressListener listener) {
    return router.generateAsync(request, listener);
  }

  @Override
  public GenerationJob submit(
      io.genport.core.domain.GenerationRequest request, ProgressListener listener) {
    return router.submit(request, listener);
  }

  @Override
  public GenerationJob resume(String handle, ProgressListener listener) {
    return router.resume(handle, listener);
  }

  @Override
  public void cancel(GenerationJob job) {
    router.cancel(job);
  }

  /**
   * Closes the HTTP client and the fleet state this port made; a transport or fleet state given to
   * the builder stays open.
   */
  @Override
  public void close() {
    if (ownedFleet != null) {
      ownedFleet.close();
    }
    if (ownedTransport != null) {
      try {
        ownedTransport.close();
      } catch (Exception e) {
        throw new IllegalStateException("could not close the HTTP transport: " + e, e);
      }
    }
  }

  @Override
  public String toString() {
    return "GenPort" + router.route();
  }

  /** Mutable, not thread-safe builder. Only {@link #build()} reads files or the class path. */
  public static final class Builder {
    private Map<String, String> environment;
    private Credentials credentials;
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> targets = new ArrayList<>();
    private String namedRoute;
    private Path configFile;
    private RouterSettings settings;
    private Duration deadline;
    private HttpTransport transport;
    private ClassLoader classLoader;
    private RouterMetrics metrics = RouterMetrics.NONE;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private FleetState fleetState;
    private FleetPolicy fleetPolicy;
    private ImageStore imageStore;

    private Builder() {}

    /**
     * Shares circuits, rate tokens, spend and the job registry with other instances through {@code
     * state}, held to {@code policy}. The caller owns {@code state} and closes it. Without it, a
     * URL in {@code genport.yaml}'s {@value ConfigurationKeys#REDIS_URL_KEY} or {@value
     * ConfigurationKeys#REDIS_URL_VARIABLE} opens one (which {@link GenPort#close()} closes) when
     * {@code genport-redis} is on the class path; else the state is this process's own.
     */
    public Builder fleet(FleetState state, FleetPolicy policy) {
      this.fleetState = requireNonNull(state, "fleet state is null");
      this.fleetPolicy = requireNonNull(policy, "fleet policy is null");
      return this;
    }

    /**
     * The fleet policy (rate limits, spend ceilings), over the state the configuration names; wins
     * over {@code genport.yaml}'s {@code fleet} block.
     */
    public Builder fleetPolicy(FleetPolicy policy) {
      this.fleetPolicy = requireNonNull(policy, "fleet policy is null");
      return this;
    }

    /**
     * The targets, {@code provider:model}, in failover order: the first is tried first, the next
     * takes over when it cannot serve. Replaces a route given before.
     *
     * @throws InvalidRequestException naming {@code route} when a target is malformed or given
     *     twice
     */
    public Builder route(String... targets) {
      requireNonNull(targets, "targets is null");
      List<String> parsed = new ArrayList<>();
      Set<Target> seen = new LinkedHashSet<>();
      for (String t : targets) {
        Target target = parseTarget(t, "route");
        if (!seen.add(target)) {
          throw new InvalidRequestException("route", target + " is given twice");
        }
        parsed.add(target.toString());
      }
      if (parsed.isEmpty()) {
        throw new InvalidRequestException("route", "give at least one target, PROVIDER:MODEL");
      }
      this.targets.clear();
      this.targets.addAll(parsed);
      this.namedRoute = null;
      return this;
    }

    /**
     * The route called {@code name} in the {@code genport.yaml} ({@code routes.<name>}), with its
     * targets, weights and policy. Replaces a route given before.
     */
    public Builder namedRoute(String name) {
      this.namedRoute = requireNonNull(name, "name is null");
      this.targets.clear();
      return this;
    }

    /**
     * A {@code genport.yaml} to read routes, provider options and custom models from; it must
     * exist. Without it, {@value ConfigurationKeys#CONFIG_VARIABLE} names the file, if set; the
     * working directory is not searched.
     */
    public Builder config(Path file) {
      this.configFile = requireNonNull(file, "file is null");
      return this;
    }

    /**
     * A provider option, as {@code genport.yaml}'s {@code providers.<provider>.<key>} or the
     * variable {@code GENPORT_<PROVIDER>_<KEY>} would set it; wins over both. Credentials are not
     * options: see {@link #credentials}.
     */
    public Builder option(String provider, String key, String value) {
      requireNonNull(provider, "provider is null");
      requireNonNull(key, "key is null");
      requireNonNull(value, "value is null");
      if (ConfigurationKeys.looksSecret(key)) {
        throw new InvalidRequestException(
            key,
            "looks like a secret; options are not credentials: pass credentials with"
                + " credentials(...) or set them in the environment");
      }
      options.put(EnvironmentConfiguration.variable(provider, key), value);
      return this;
    }

    /**
     * The variables configuration is read from, instead of the process environment ({@code
     * GENPORT_*} settings and, unless {@link #credentials} is given, credentials).
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
      return this;
    }

    /** Where providers look their credentials up; the environment by default. */
    public Builder credentials(Credentials credentials) {
      this.credentials = requireNonNull(credentials, "credentials is null");
      return this;
    }

    /** The router policy; the named route's, or {@link RouterSettings#defaults()}. */
    public Builder settings(RouterSettings settings) {
      this.settings = requireNonNull(settings, "settings is null");
      return this;
    }

    /** The deadline of every call, over whatever policy applies. */
    public Builder deadline(Duration deadline) {
      this.deadline = requireNonNull(deadline, "deadline is null");
      return this;
    }

    /**
     * The HTTP transport; the caller owns it and closes it. Without it the port makes an {@link
     * HttpClient5Transport} with default settings and closes it in {@link GenPort#close()}.
     */
    public Builder transport(HttpTransport transport) {
      this.transport = requireNonNull(transport, "transport is null");
      return this;
    }

    /**
     * Where providers write the images they receive, as the bytes arrive: {@link
     * ImageStore#directory(Path)} keeps a download's memory constant whatever the image's size
     * (each image a file; {@code ImageSource.file()} gives its path). Without it, {@value
     * ConfigurationKeys#IMAGE_DIR_KEY} in {@code genport.yaml} or {@value
     * ConfigurationKeys#IMAGE_DIR_VARIABLE} names the directory; when neither does, images are held
     * in memory.
     */
    public Builder imageStore(ImageStore store) {
      this.imageStore = requireNonNull(store, "store is null");
      return this;
    }

    /** The class loader providers are discovered with; this library's by default. */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = requireNonNull(classLoader, "classLoader is null");
      return this;
    }

    /** Where the router reports calls, attempts, retries, failovers, circuit changes and cost. */
    public Builder metrics(RouterMetrics metrics) {
      this.metrics = requireNonNull(metrics, "metrics is null");
      return this;
    }

    /** Where time comes from; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock is null");
      return this;
    }

    /** How to wait between polls and retries; real sleeps by default. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = requireNonNull(sleeper, "sleeper is null");
      return this;
    }

    /**
     * Discovers the providers, reads the configuration, creates the route's providers (so a broken
     * option fails here, not on the first call) and builds the port.
     *
     * @throws InvalidRequestException naming the key (and its environment variable) when the
     *     configuration is incomplete or invalid, or the provider when it is not installed
     */
    public GenPort build() {
      Map<String, String> env = environment == null ? System.getenv() : environment;
      GenportConfig file = config(env);
      RouteConfig route = route(file, env);
      Map<String, String> merged = new HashMap<>(env);
      merged.putAll(file.environment());
      merged.putAll(options);
      EnvironmentConfiguration configuration = new EnvironmentConfiguration(merged);
      ClassLoader loader = classLoader == null ? GenPort.class.getClassLoader() : classLoader;
      LoadedProviders loaded = ProviderLoader.load(loader, configuration.factorySelections());
      FleetPolicy policyOfFleet = fleetPolicy != null ? fleetPolicy : file.fleet().policy();
      FleetState ownedFleet =
          fleetState != null
              ? null
              : SharedFleetState.fromConfiguration(file, env, loader).orElse(null);
      HttpClient5Transport owned = null;
      try {
        owned = transport == null ? new HttpClient5Transport() : null;
        ProviderContext context =
            ProviderContext.of(
                owned == null ? transport : owned,
                clock,
                sleeper,
                credentials != null
                    ? credentials
                    : environment == null ? Credentials.environment() : Credentials.fromMap(env),
                new ObjectMapper(),
                // java.util.Random is thread-safe; seeds drawn here need no cryptographic quality.
                new Random());
        ImageStore store =
            imageStore != null ? imageStore : configuration.imageStore().orElse(null);
        if (store != null) {
          context = context.withImageStore(store);
        }
        ProviderRegistry registry =
            new ProviderRegistry(loaded.factories(), context, configuration);
        List<RouteTarget> rts = new ArrayList<>();
        for (RouteConfig.TargetConfig t : route.targets()) {
          rts.add(
              new RouteTarget(t.target(), registry.provider(t.target().provider()), t.weight()));
        }
        RouterSettings policy = settings != null ? settings : route.settings();
        if (deadline != null) {
          policy = policy.withDeadline(deadline);
        }
        GenerationRouter.Builder rb =
            GenerationRouter.builder(new Route(rts, route.weighted()))
                .settings(policy)
                .clock(clock)
                .sleeper(sleeper)
                .metrics(metrics);
        FleetState shared = fleetState != null ? fleetState : ownedFleet;
        if (shared != null) {
          rb.fleet(shared, policyOfFleet);
        } else if (policyOfFleet != FleetPolicy.NONE) {
          // Limits without a shared store still hold within this process.
          rb.fleet(new InMemoryFleetState(clock), policyOfFleet);
        }
        return new GenPort(rb.build(), registry, loaded.problems(), owned, ownedFleet);
      } catch (RuntimeException e) {
        if (owned != null) {
          owned.close();
        }
        if (ownedFleet != null) {
          ownedFleet.close();
        }
        throw e;
      }
    }

    private GenportConfig config(Map<String, String> env) {
      if (configFile != null) {
        return GenportConfig.resolve(configFile, Path.of(""));
      }
      String named = env.get(ConfigurationKeys.CONFIG_VARIABLE);
      if (named == null || named.isBlank()) {
        return GenportConfig.empty();
      }
      Path p = Path.of(named.strip());
      if (!Files.isRegularFile(p)) {
        throw new InvalidRequestException(
            ConfigurationKeys.CONFIG_VARIABLE, "no such file: " + p.toAbsolutePath());
      }
      return GenportConfig.load(p);
    }

    private RouteConfig route(GenportConfig file, Map<String, String> env) {
      RouterSettings defaults = RouterSettings.defaults();
      if (!targets.isEmpty()) {
        return routeOf(targets, "code", defaults);
      }
      if (namedRoute != null) {
        return file.route(namedRoute);
      }
      String fromEnv = env.get(ConfigurationKeys.ROUTE_VARIABLE);
      if (fromEnv != null && !fromEnv.isBlank()) {
        String v = fromEnv.strip();
        if (!v.contains(":")) {
          try {
            return file.route(v);
          } catch (InvalidRequestException e) {
            throw new InvalidRequestException(ConfigurationKeys.ROUTE_VARIABLE, e.getMessage());
          }
        }
        List<String> parts = new ArrayList<>();
        for (String t : v.split(",")) {
          if (!t.isBlank()) {
            parts.add(parseTarget(t.strip(), ConfigurationKeys.ROUTE_VARIABLE).toString());
          }
        }
        return routeOf(parts, ConfigurationKeys.ROUTE_VARIABLE, defaults);
      }
      throw new InvalidRequestException(
          "route",
          "no route: call route(\"PROVIDER:MODEL\", ...) or namedRoute(NAME), or set "
              + ConfigurationKeys.ROUTE_VARIABLE
              + " (targets separated by commas, or the name of a route in genport.yaml)");
    }

    private static RouteConfig routeOf(List<String> targets, String from, RouterSettings s) {
      List<RouteConfig.TargetConfig> out = new ArrayList<>();
      Set<Target> seen = new LinkedHashSet<>();
      for (String t : targets) {
        Target target = parseTarget(t, from);
        if (!seen.add(target)) {
          throw new InvalidRequestException(from, target + " is given twice");
        }
        out.add(new RouteConfig.TargetConfig(target, 1));
      }
      return new RouteConfig(from, out, false, s);
    }

    private static Target parseTarget(String text, String field) {
      if (text == null) {
        throw new InvalidRequestException(field, "a target is null; give PROVIDER:MODEL");
      }
      try {
        return Target.parse(text);
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException(field, e.getMessage());
      }
    }
  }
}
