package io.genport.simulators;

import java.util.Locale;
import java.util.Objects;

/**
 * Selects requests, for fault rules and for counting recorded requests. An endpoint is either a
 * route name that a simulator publishes (e.g. {@code FalSimulator.SUBMIT}) or a method plus a
 * {@link PathPattern}, optionally narrowed to one of the simulator's hosts.
 *
 * <pre>{@code
 * Endpoint.named("fal.queue.submit");
 * Endpoint.of("GET", "/fal-ai/flux/requests/{id}/status");
 * Endpoint.of("*", "/**").onHost("queue");                 // every request to the queue host
 * }</pre>
 */
public final class Endpoint {
  private final String routeName;
  private final String method;
  private final PathPattern path;
  private final String host;

  private Endpoint(String routeName, String method, PathPattern path, String host) {
    this.routeName = routeName;
    this.method = method;
    this.path = path;
    this.host = host;
  }

  /** Requests that the simulator routed to the route called {@code routeName}. */
  public static Endpoint named(String routeName) {
    return new Endpoint(Objects.requireNonNull(routeName, "routeName"), null, null, null);
  }

  /**
   * Requests with this method ({@code "*"} for any) whose path matches {@code pathPattern}, on any
   * host.
   */
  public static Endpoint of(String method, String pathPattern) {
    String m = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
    return new Endpoint(null, m.equals("*") ? null : m, PathPattern.of(pathPattern), null);
  }

  /** Every request. */
  public static Endpoint any() {
    return new Endpoint(null, null, null, null);
  }

  /** The same selection, restricted to the simulator host called {@code hostName}. */
  public Endpoint onHost(String hostName) {
    return new Endpoint(routeName, method, path, Objects.requireNonNull(hostName, "hostName"));
  }

  /**
   * Whether a request matches.
   *
   * @param hostName the simulator host the request arrived on
   * @param route the route it was dispatched to, or {@code null} when no route matched
   */
  public boolean matches(String hostName, String route, String requestMethod, String requestPath) {
    if (host != null && !host.equals(hostName)) {
      return false;
    }
    if (routeName != null && !routeName.equals(route)) {
      return false;
    }
    if (method != null && !method.equalsIgnoreCase(requestMethod)) {
      return false;
    }
    return path == null || path.matches(requestPath);
  }

  /** Whether a recorded request matches. */
  public boolean matches(RecordedRequest request) {
    return matches(request.host(), request.route(), request.method(), request.path());
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Endpoint[");
    if (routeName != null) {
      sb.append(routeName);
    } else if (path == null) {
      sb.append("any");
    } else {
      sb.append(method == null ? "*" : method).append(' ').append(path);
    }
    if (host != null) {
      sb.append(" @").append(host);
    }
    return sb.append(']').toString();
  }
}
