package io.genport.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import io.genport.bootstrap.GenportRuntime;
import io.genport.core.application.GenerationRouter;
import io.genport.core.application.Route;
import io.genport.core.application.RouteTarget;
import io.genport.core.application.RouterSettings;
import io.genport.core.domain.InvalidRequestException;
import io.genport.facade.config.GenportConfig;
import io.genport.facade.config.RouteConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routers of a batch: the batch's own route (its {@code --target}s or {@code --route}) and any
 * route a line names, each built once and shared by every line that uses it, so a target's circuit
 * breaker and retry budget see the whole batch.
 */
final class BatchRoutes {
  private final GenportRuntime app;
  private final GenportConfig config;
  private final RouteConfig batchRoute;
  private final Duration deadline;
  private final Map<String, Routed> built = new HashMap<>();

  /**
   * @param batchRoute the route of lines that name none, or {@code null} when every line must
   * @param deadline overrides every route's deadline, or {@code null}
   */
  BatchRoutes(GenportRuntime app, GenportConfig config, RouteConfig batchRoute, Duration deadline) {
    this.app = requireNonNull(app, "app is null");
    this.config = requireNonNull(config, "config is null");
    this.batchRoute = batchRoute;
    this.deadline = deadline;
  }

  /**
   * A route and its router.
   *
   * @param label how results name it
   * @param router its router
   * @param providers the providers of its targets (a {@code params} entry without a provider
   *     applies to each)
   */
  record Routed(String label, GenerationRouter router, Set<String> providers) {}

  /**
   * The route of a line: its {@code targets}, its {@code route}, or the batch's.
   *
   * @throws InvalidRequestException naming {@code target} or {@code route}
   */
  synchronized Routed forLine(List<String> targets, String route) {
    RouteConfig rc;
    String label;
    if (route != null && !targets.isEmpty()) {
      throw new InvalidRequestException("route", "a line names a target or a route, not both");
    }
    if (route != null) {
      label = "route " + route;
      if (built.containsKey(label)) {
        return built.get(label);
      }
      rc = config.route(route);
    } else if (!targets.isEmpty()) {
      rc = GenerateCommand.routeConfig(config, null, targets);
      List<String> names = new ArrayList<>();
      rc.targets().forEach(t -> names.add(t.target().toString()));
      label = String.join(", ", names);
    } else if (batchRoute != null) {
      rc = batchRoute;
      label = batchLabel(batchRoute);
    } else {
      throw new InvalidRequestException(
          "target",
          "the line names no target or route, and the batch has none (give the line a \"target\","
              + " or the batch --target PROVIDER:MODEL or --route NAME)");
    }
    Routed existing = built.get(label);
    if (existing != null) {
      return existing;
    }
    List<RouteTarget> routeTargets = new ArrayList<>();
    Set<String> providers = new LinkedHashSet<>();
    for (RouteConfig.TargetConfig t : rc.targets()) {
      routeTargets.add(
          new RouteTarget(t.target(), app.providers().provider(t.target().provider()), t.weight()));
      providers.add(t.target().provider());
    }
    RouterSettings settings = rc.settings();
    if (deadline != null) {
      settings = settings.withDeadline(deadline);
    }
    GenerationRouter router =
        app.fleet()
            .wire(
                GenerationRouter.builder(new Route(routeTargets, rc.weighted())).settings(settings),
                config)
            .build();
    Routed r = new Routed(label, router, providers);
    built.put(label, r);
    return r;
  }

  private static String batchLabel(RouteConfig rc) {
    if (!rc.name().equals("command line")) {
      return "route " + rc.name();
    }
    List<String> names = new ArrayList<>();
    rc.targets().forEach(t -> names.add(t.target().toString()));
    return String.join(", ", names);
  }
}
