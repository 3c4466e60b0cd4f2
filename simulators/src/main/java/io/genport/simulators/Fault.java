package io.genport.simulators;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What goes wrong for a request picked by a {@link FaultRule}. Immutable.
 *
 * <table>
 *   <caption>Fault kinds and when they act</caption>
 *   <tr><th>factory</th><th>the route handler runs?</th><th>the client sees</th></tr>
 *   <tr><td>{@link #status(int)} / {@link #respond(SimResponse)}</td><td>no (e.g. no job is
 *       created)</td><td>the canned response</td></tr>
 *   <tr><td>{@link #resetBeforeBody()}</td><td>no; the body is never read</td><td>a TCP reset
 *       (RST) and no response byte</td></tr>
 *   <tr><td>{@link #closeBeforeBody()}</td><td>no</td><td>the connection closed (FIN) and no
 *       response byte</td></tr>
 *   <tr><td>{@link #resetAfterBody()}</td><td>yes: a submit creates its job, the response is
 *       thrown away (the "ambiguous" case)</td><td>a TCP reset and no response byte</td></tr>
 *   <tr><td>{@link #closeAfterBody()}</td><td>yes</td><td>the connection closed and no response
 *       byte</td></tr>
 *   <tr><td>{@link #resetDuringResponse()}</td><td>yes</td><td>the status line, headers (with
 *       the full Content-Length) and half the body, then a reset</td></tr>
 *   <tr><td>{@link #delay(Duration)}</td><td>yes</td><td>the normal response, late</td></tr>
 *   <tr><td>{@link #malformedJson()}</td><td>yes</td><td>the normal status and headers with the
 *       body cut in the middle, so it is not valid JSON</td></tr>
 * </table>
 *
 * <p>Any fault can be made slow as well with {@link #afterDelay(Duration)}: the delay is real time
 * (a sleep before the outcome), because it exists to trip clients' real-time timeouts.
 *
 * <p>How resets are made: when the simulator runs its TCP front (the default, see {@link
 * SimulatorOptions#tcpFront()}), a reset is a real RST (the front closes the client's socket with
 * {@code SO_LINGER} 0). Without the front, the JDK {@code HttpServer} can only close the
 * connection, so a reset degrades to a close (which Linux itself may turn into an RST when unread
 * request bytes remain).
 */
public final class Fault {
  /** The kinds of fault. */
  public enum Kind {
    /** A canned response instead of the route's. */
    RESPOND,
    /** RST before reading the request body. */
    RESET_BEFORE_BODY,
    /** Close before reading the request body. */
    CLOSE_BEFORE_BODY,
    /** Run the route, then RST without responding. */
    RESET_AFTER_BODY,
    /** Run the route, then close without responding. */
    CLOSE_AFTER_BODY,
    /** Run the route, send headers and half the body, then RST. */
    RESET_DURING_RESPONSE,
    /** Run the route, respond normally (the delay does the harm). */
    DELAY,
    /** Run the route, send its response with a truncated body. */
    MALFORMED_JSON
  }

  private final Kind kind;
  private final SimResponse response;
  private final Duration delay;

  private Fault(Kind kind, SimResponse response, Duration delay) {
    this.kind = kind;
    this.response = response;
    this.delay = delay;
  }

  /**
   * Responds with this status and an empty body instead of running the route; add headers and a
   * body with {@link #withHeader}, {@link #withJsonBody}, {@link #withTextBody}.
   */
  public static Fault status(int status) {
    return new Fault(Kind.RESPOND, SimResponse.empty(status), Duration.ZERO);
  }

  /** Responds with {@code response} instead of running the route. */
  public static Fault respond(SimResponse response) {
    return new Fault(Kind.RESPOND, Objects.requireNonNull(response, "response"), Duration.ZERO);
  }

  /** TCP reset before the request body is read; the route does not run. */
  public static Fault resetBeforeBody() {
    return new Fault(Kind.RESET_BEFORE_BODY, null, Duration.ZERO);
  }

  /** Connection close before the request body is read; the route does not run. */
  public static Fault closeBeforeBody() {
    return new Fault(Kind.CLOSE_BEFORE_BODY, null, Duration.ZERO);
  }

  /**
   * The body is read and the route runs (a submit creates its job), then a TCP reset instead of the
   * response: the client cannot know whether its request took effect.
   */
  public static Fault resetAfterBody() {
    return new Fault(Kind.RESET_AFTER_BODY, null, Duration.ZERO);
  }

  /** Like {@link #resetAfterBody()} but the connection is closed instead of reset. */
  public static Fault closeAfterBody() {
    return new Fault(Kind.CLOSE_AFTER_BODY, null, Duration.ZERO);
  }

  /** The route runs; headers and half the body are sent, then a TCP reset. */
  public static Fault resetDuringResponse() {
    return new Fault(Kind.RESET_DURING_RESPONSE, null, Duration.ZERO);
  }

  /** The route runs and its response is sent after {@code delay}. */
  public static Fault delay(Duration delay) {
    return new Fault(Kind.DELAY, null, requireNonNegative(delay));
  }

  /** The route runs; its status and headers are kept and its body is cut in half. */
  public static Fault malformedJson() {
    return new Fault(Kind.MALFORMED_JSON, null, Duration.ZERO);
  }

  /** The same fault, acting only after a real-time sleep of {@code delay}. */
  public Fault afterDelay(Duration delay) {
    return new Fault(kind, response, requireNonNegative(delay));
  }

  /** Adds a header to the canned response ({@link Kind#RESPOND} only). */
  public Fault withHeader(String name, String value) {
    return new Fault(kind, requireResponse().withHeader(name, value), delay);
  }

  /** Sets a JSON body on the canned response ({@link Kind#RESPOND} only). */
  public Fault withJsonBody(Object body) {
    SimResponse base = SimResponse.json(requireResponse().status(), body);
    return new Fault(kind, copyHeaders(requireResponse(), base), delay);
  }

  /** Sets a plain-text body on the canned response ({@link Kind#RESPOND} only). */
  public Fault withTextBody(String text) {
    SimResponse base =
        SimResponse.bytes(
            requireResponse().status(),
            "text/plain; charset=utf-8",
            text.getBytes(StandardCharsets.UTF_8));
    return new Fault(kind, copyHeaders(requireResponse(), base), delay);
  }

  /** The kind. */
  public Kind kind() {
    return kind;
  }

  /** The canned response ({@link Kind#RESPOND}), else {@code null}. */
  public SimResponse response() {
    return response;
  }

  /** The real-time delay before the fault acts ({@link Duration#ZERO} for none). */
  public Duration delay() {
    return delay;
  }

  private SimResponse requireResponse() {
    if (kind != Kind.RESPOND) {
      throw new IllegalStateException("only a RESPOND fault has a response; this is " + kind);
    }
    return response;
  }

  private static SimResponse copyHeaders(SimResponse from, SimResponse to) {
    SimResponse out = to;
    for (var e : from.headers().entrySet()) {
      if (e.getKey().equalsIgnoreCase("Content-Type")) {
        continue;
      }
      for (String v : e.getValue()) {
        out = out.withHeader(e.getKey(), v);
      }
    }
    return out;
  }

  private static Duration requireNonNegative(Duration d) {
    Objects.requireNonNull(d, "delay");
    if (d.isNegative()) {
      throw new IllegalArgumentException("negative delay " + d);
    }
    return d;
  }

  @Override
  public String toString() {
    String base =
        kind == Kind.RESPOND ? "status " + response.status() : kind.name().toLowerCase(Locale.ROOT);
    return delay.isZero() ? base : base + " after " + delay.toMillis() + "ms";
  }
}
