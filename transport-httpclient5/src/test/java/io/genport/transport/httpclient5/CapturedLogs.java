package io.genport.transport.httpclient5;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J backend for tests that keeps every enabled event in memory and lets a test change levels
 * at run time. slf4j-simple fixes levels at logger creation, but HttpClient's loggers are static,
 * so the secret tests need levels that can be switched per test.
 */
public final class CapturedLogs {

  /** One formatted event: logger, level, message and the messages of its throwable chain. */
  public record Event(String logger, Level level, String text) {}

  private static final Map<String, Level> LEVELS = new ConcurrentHashMap<>();
  private static final ConcurrentLinkedQueue<Event> EVENTS = new ConcurrentLinkedQueue<>();

  static {
    reset();
  }

  private CapturedLogs() {}

  /** INFO everywhere, nothing captured. */
  public static void reset() {
    LEVELS.clear();
    LEVELS.put("", Level.INFO);
    EVENTS.clear();
  }

  /** Sets the threshold of {@code prefix} ("" for the root) and everything under it. */
  public static void level(String prefix, Level level) {
    LEVELS.put(prefix, level);
  }

  public static List<Event> events() {
    return new ArrayList<>(EVENTS);
  }

  /** How many times {@code needle} occurs over all captured events. */
  public static int occurrences(String needle) {
    int n = 0;
    for (Event e : EVENTS) {
      String s = e.logger() + " " + e.text();
      for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
        n++;
      }
    }
    return n;
  }

  static boolean enabled(String logger, Level level) {
    Level threshold = null;
    int best = -1;
    for (Map.Entry<String, Level> e : LEVELS.entrySet()) {
      String p = e.getKey();
      boolean matches =
          p.isEmpty()
              || logger.equals(p)
              || (logger.startsWith(p) && logger.charAt(p.length()) == '.');
      if (matches && p.length() > best) {
        best = p.length();
        threshold = e.getValue();
      }
    }
    return threshold != null && level.toInt() >= threshold.toInt();
  }

  static void record(String logger, Level level, String message, Throwable t) {
    StringBuilder b = new StringBuilder(message == null ? "null" : message);
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      b.append(" | ").append(c);
    }
    Event e = new Event(logger, level, b.toString());
    EVENTS.add(e);
    if (level.toInt() >= Level.WARN.toInt()) {
      System.err.println("[" + level + "] " + logger + " - " + e.text());
    }
  }

  static final class CapturingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    CapturingLogger(String name) {
      this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
      return enabled(name, Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
      return enabled(name, Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
      return enabled(name, Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
      return enabled(name, Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
      return enabled(name, Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] args, Throwable t) {
      record(name, level, MessageFormatter.basicArrayFormat(pattern, args), t);
    }
  }

  /** Registered through META-INF/services in the test resources. */
  public static final class Provider implements SLF4JServiceProvider {
    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory =
        name -> loggers.computeIfAbsent(name, CapturingLogger::new);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
      return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
      return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
      return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
      return "2.0.99";
    }

    @Override
    public void initialize() {}
  }
}
