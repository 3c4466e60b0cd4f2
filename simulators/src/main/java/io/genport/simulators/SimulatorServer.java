package io.genport.simulators;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of every vendor simulator: one or more named HTTP hosts on 127.0.0.1 (each on its own
 * ephemeral port, all sharing the simulator's state), routes, request recording, fault injection, a
 * seeded random and a clock.
 *
 * <p>For a test author: {@link #start()} (vendor builders usually do it), {@link #baseUri(String)},
 * {@link #requests()} for what arrived, {@link #faults()} to inject failures, {@link #reset()}
 * between tests, {@link #close()} at the end.
 *
 * <p>For a simulator author: call {@link #addHost(String)} and {@link #route} in the constructor,
 * answer with {@link SimResponse}s, keep state in a {@link JobStore}, and draw ids with {@link
 * #newId()} so runs are repeatable. The request pipeline is:
 *
 * <ol>
 *   <li>number the request, match a route by method and path;
 *   <li>ask {@link FaultInjector} for a fault (a fault may act before the body is read);
 *   <li>read the body and record the request in {@link RequestJournal};
 *   <li>run the route handler (unless a canned-response fault replaced it);
 *   <li>apply the fault's delay and its effect on the response, then write it.
 * </ol>
 */
public abstract class SimulatorServer implements AutoCloseable {
  static {
    // The JDK HttpServer leaves Nagle on for accepted sockets and writes the head and the body of a
    // response separately, so without this every response waits ~40 ms for a delayed ACK. The
    // property is read once, when the first HttpServer in the JVM is created; a user's own value
    // wins.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** Largest request body read (bigger bodies are cut, and recorded cut). */
  private static final int MAX_BODY = 64 * 1024 * 1024;

  /** Shared logger of the simulators. */
  protected final Logger log = LoggerFactory.getLogger(getClass());

  private final String name;
  private final SimulatorOptions options;
  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final List<Route> routes = new ArrayList<>();
  private final RequestJournal journal = new RequestJournal();
  private final FaultInjector faults;
  private final AtomicLong sequence = new AtomicLong();
  private final Random idRandom;
  private final Random valueRandom;
  private ExecutorService httpThreads;
  private ExecutorService frontThreads;
  private volatile boolean started;
  private volatile boolean closed;

  /**
   * @param name short vendor name, used in thread names and logs
   * @param options the shared settings
   */
  protected SimulatorServer(String name, SimulatorOptions options) {
    this.name = Objects.requireNonNull(name, "name");
    this.options = Objects.requireNonNull(options, "options");
    this.faults = new FaultInjector(options.randomSeed());
    // Separate streams, so adding a fault rule does not change the ids a test sees.
    this.idRandom = new Random(options.randomSeed() * 31 + 1);
    this.valueRandom = new Random(options.randomSeed() * 31 + 2);
  }

  /** Declares a host (a separate port). Only before {@link #start()}. */
  protected final void addHost(String hostName) {
    requireNotStarted();
    if (hosts.putIfAbsent(hostName, new Host(hostName)) != null) {
      throw new IllegalArgumentException("duplicate host " + hostName);
    }
  }

  /**
   * Adds a route. Routes are matched in the order they were added; the first whose host, method and
   * {@link PathPattern} match wins.
   */
  protected final void route(
      String hostName, String routeName, String method, String pathPattern, RouteHandler handler) {
    requireNotStarted();
    if (!hosts.containsKey(hostName)) {
      throw new IllegalArgumentException("unknown host " + hostName);
    }
    routes.add(
        new Route(
            hostName,
            routeName,
            method.toUpperCase(Locale.ROOT),
            PathPattern.of(pathPattern),
            handler));
  }

  /**
   * Binds every host to an ephemeral port on 127.0.0.1 and starts serving. Returns {@code this}.
   */
  public synchronized SimulatorServer start() {
    if (started) {
      return this;
    }
    if (closed) {
      throw new IllegalStateException("closed");
    }
    httpThreads = Executors.newCachedThreadPool(daemonThreads(name + "-http-"));
    frontThreads = Executors.newCachedThreadPool(daemonThreads(name + "-tcp-"));
    try {
      int index = 0;
      for (Host host : hosts.values()) {
        int port = options.portBase() == 0 ? 0 : options.portBase() + index;
        index++;
        host.server =
            HttpServer.create(
                new InetSocketAddress(
                    InetAddress.getLoopbackAddress(), options.tcpFront() ? 0 : port),
                512);
        host.server.createContext("/", exchange -> handle(host, exchange));
        host.server.setExecutor(httpThreads);
        host.server.start();
        if (options.tcpFront()) {
          host.front = new TcpFront(host.server.getAddress(), port, frontThreads);
          host.front.start();
        }
        log.debug("{} host {} listening on {}", name, host.name, baseUri(host.name));
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("could not start the " + name + " simulator", e);
    }
    started = true;
    return this;
  }

  /** {@code http://127.0.0.1:<port>} of a host, without a trailing slash. */
  public final URI baseUri(String hostName) {
    Host host = hosts.get(hostName);
    if (host == null) {
      throw new IllegalArgumentException("unknown host " + hostName + "; hosts: " + hosts.keySet());
    }
    if (host.server == null) {
      throw new IllegalStateException("not started");
    }
    int port = host.front != null ? host.front.port() : host.server.getAddress().getPort();
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The names of the hosts, in declaration order. */
  public final List<String> hostNames() {
    return List.copyOf(hosts.keySet());
  }

  /** Every request received, for assertions. */
  public final RequestJournal requests() {
    return journal;
  }

  /** The fault rules. */
  public final FaultInjector faults() {
    return faults;
  }

  /** The clock (from the options). */
  public final Clock clock() {
    return options.clock();
  }

  /** The options it was started with. */
  public final SimulatorOptions options() {
    return options;
  }

  /**
   * Clears recorded requests, fault rules and vendor state (jobs, files), so one running simulator
   * can serve several tests.
   */
  public void reset() {
    journal.clear();
    faults.clear();
    onReset();
  }

  /** Clears vendor state; called by {@link #reset()}. */
  protected void onReset() {}

  /** A repeatable random UUID (from the seeded id stream). */
  protected final String newId() {
    synchronized (idRandom) {
      long hi = (idRandom.nextLong() & ~0xF000L) | 0x4000L;
      long lo = (idRandom.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
      return new UUID(hi, lo).toString();
    }
  }

  /** A repeatable random value, e.g. for a vendor's random seed. */
  protected final long randomLong() {
    synchronized (valueRandom) {
      return valueRandom.nextLong();
    }
  }

  /**
   * The answer when no route matches: 405 when another method would have matched, else 404. Vendor
   * simulators override it with their own error shape.
   */
  protected SimResponse unmatched(SimRequest request, boolean otherMethodMatched) {
    return otherMethodMatched
        ? SimResponse.json(405, Map.of("detail", "Method Not Allowed"))
        : SimResponse.json(404, Map.of("detail", "Not Found"));
  }

  /** Stops every host and thread. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Host host : hosts.values()) {
      if (host.front != null) {
        host.front.close();
      }
      if (host.server != null) {
        host.server.stop(0);
      }
    }
    if (httpThreads != null) {
      httpThreads.shutdownNow();
    }
    if (frontThreads != null) {
      frontThreads.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- request pipeline

  private void handle(Host host, HttpExchange exchange) {
    try {
      serve(host, exchange);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.close();
    } catch (IOException e) {
      // The client went away; nothing to answer.
      log.debug("{} exchange failed: {}", name, e.toString());
      exchange.close();
    } catch (RuntimeException | Error e) {
      log.error("{} simulator failed on {}", name, exchange.getRequestURI(), e);
      exchange.close();
    }
  }

  private void serve(Host host, HttpExchange exchange) throws IOException, InterruptedException {
    long seq = sequence.incrementAndGet();
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    URI uri = exchange.getRequestURI();
    String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();

    Route route = null;
    Map<String, String> captures = Map.of();
    boolean otherMethod = false;
    for (Route r : routes) {
      if (!r.host.equals(host.name)) {
        continue;
      }
      Map<String, String> m = r.pattern.match(path);
      if (m == null) {
        continue;
      }
      if (r.method.equals(method)) {
        route = r;
        captures = m;
        break;
      }
      otherMethod = true;
    }
    String routeName = route == null ? null : route.name;
    Fault fault = faults.select(host.name, routeName, method, path);
    String faultText = fault == null ? null : fault.toString();

    boolean beforeBody =
        fault != null
            && (fault.kind() == Fault.Kind.RESET_BEFORE_BODY
                || fault.kind() == Fault.Kind.CLOSE_BEFORE_BODY);
    byte[] body = beforeBody ? new byte[0] : readBody(exchange.getRequestBody());
    RecordedRequest recorded =
        new RecordedRequest(
            seq,
            host.name,
            routeName,
            method,
            path,
            uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath(),
            uri.getRawQuery(),
            parseQuery(uri.getRawQuery()),
            lowerCaseHeaders(exchange.getRequestHeaders()),
            body,
            !beforeBody,
            clock().instant(),
            faultText);
    journal.add(recorded);
    if (fault != null) {
      log.debug("{} injecting {} into {}", name, fault, recorded);
    }

    if (beforeBody) {
      sleep(fault);
      drop(host, exchange, fault.kind() == Fault.Kind.RESET_BEFORE_BODY, false);
      return;
    }
    if (fault != null && fault.kind() == Fault.Kind.RESPOND) {
      sleep(fault);
      write(exchange, fault.response());
      return;
    }

    SimRequest request = new SimRequest(recorded, captures);
    SimResponse response;
    try {
      response = route == null ? unmatched(request, otherMethod) : route.handler.handle(request);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      log.error("{} route {} failed on {}", name, routeName, recorded, e);
      response =
          SimResponse.json(
              500, Map.of("detail", "simulator error: " + e, "error_type", "internal_error"));
    }
    if (fault == null) {
      write(exchange, response);
      return;
    }
    sleep(fault);
    switch (fault.kind()) {
      case RESET_AFTER_BODY:
        drop(host, exchange, true, false);
        break;
      case CLOSE_AFTER_BODY:
        drop(host, exchange, false, false);
        break;
      case RESET_DURING_RESPONSE:
        writeHalfThenReset(host, exchange, response);
        break;
      case MALFORMED_JSON:
        write(
            exchange,
            response.stream() != null
                ? response
                : response.withBody(truncate(response.bodyUnsafe())));
        break;
      default:
        write(exchange, response);
        break;
    }
  }

  private static void sleep(Fault fault) throws InterruptedException {
    long ms = fault.delay().toMillis();
    if (ms > 0) {
      Thread.sleep(ms);
    }
  }

  private static byte[] truncate(byte[] body) {
    if (body.length < 2) {
      // Nothing to cut: an opening brace alone is as malformed as it gets.
      return new byte[] {'{'};
    }
    byte[] half = new byte[body.length / 2];
    System.arraycopy(body, 0, half, 0, half.length);
    return half;
  }

  private void drop(Host host, HttpExchange exchange, boolean reset, boolean afterServerCloses) {
    if (reset && host.front != null) {
      host.front.reset(exchange.getRemoteAddress(), afterServerCloses);
    }
    // Without a response, closing the exchange closes the connection (JDK HttpServer behaviour).
    exchange.close();
  }

  private void writeHalfThenReset(Host host, HttpExchange exchange, SimResponse response)
      throws IOException {
    copyHeaders(exchange, response);
    byte[] body = response.bodyUnsafe();
    if (response.stream() != null) {
      exchange.sendResponseHeaders(response.status(), 0);
      exchange.getResponseBody().flush();
    } else if (body.length == 0) {
      exchange.sendResponseHeaders(response.status(), -1);
    } else {
      exchange.sendResponseHeaders(response.status(), body.length);
      OutputStream out = exchange.getResponseBody();
      out.write(body, 0, body.length / 2);
      out.flush();
    }
    // The reset waits for the relay to pass on what was written, so the client sees half a body.
    drop(host, exchange, true, true);
  }

  private static void write(HttpExchange exchange, SimResponse response)
      throws IOException, InterruptedException {
    copyHeaders(exchange, response);
    if (response.stream() != null) {
      // 0 = chunked: the length is not known while the stream is being produced.
      exchange.sendResponseHeaders(response.status(), 0);
      try (OutputStream out = exchange.getResponseBody()) {
        response.stream().writeTo(out);
      }
      exchange.close();
      return;
    }
    int length = response.bodyLength();
    // HttpServer: 0 would mean "chunked"; -1 means "no body".
    exchange.sendResponseHeaders(response.status(), length == 0 ? -1 : length);
    if (length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.bodyUnsafe());
      }
    }
    exchange.close();
  }

  private static void copyHeaders(HttpExchange exchange, SimResponse response) {
    Headers h = exchange.getResponseHeaders();
    response.headers().forEach((k, v) -> v.forEach(value -> h.add(k, value)));
  }

  private static byte[] readBody(InputStream in) throws IOException {
    try (in) {
      return in.readNBytes(MAX_BODY);
    }
  }

  private static Map<String, List<String>> lowerCaseHeaders(Headers headers) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    headers.forEach(
        (k, v) ->
            out.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
    out.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(out);
  }

  /** Decodes a raw query into parameters (repeatable), in order. */
  static Map<String, List<String>> parseQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.computeIfAbsent(decode(k), x -> new ArrayList<>()).add(decode(v));
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(out);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private void requireNotStarted() {
    if (started) {
      throw new IllegalStateException("already started");
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static final class Host {
    final String name;
    HttpServer server;
    TcpFront front;

    Host(String name) {
      this.name = name;
    }
  }

  private static final class Route {
    final String host;
    final String name;
    final String method;
    final PathPattern pattern;
    final RouteHandler handler;

    Route(String host, String name, String method, PathPattern pattern, RouteHandler handler) {
      this.host = host;
      this.name = name;
      this.method = method;
      this.pattern = pattern;
      this.handler = handler;
    }
  }
}
