package io.genport.simulators;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A URL path pattern made of {@code /}-separated segments.
 *
 * <ul>
 *   <li>a literal segment matches itself;
 *   <li>{@code *} matches any one non-empty segment;
 *   <li>{@code {name}} matches any one non-empty segment and captures it as {@code name};
 *   <li>{@code **} (last segment only) matches zero or more remaining segments, captured as {@code
 *       **} (without a leading slash, empty when nothing remains).
 * </ul>
 *
 * <p>Examples: {@code /{owner}/{app}/requests/{id}/status}, {@code /files/*}, {@code
 * /{owner}/{app}/**}. A trailing slash on the request path is ignored.
 */
public final class PathPattern {
  /** Capture key of the {@code **} tail. */
  public static final String TAIL = "**";

  private final String pattern;
  private final List<String> segments;
  private final boolean tail;

  private PathPattern(String pattern) {
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("path pattern must start with '/': " + pattern);
    }
    this.pattern = pattern;
    List<String> parts = split(pattern);
    boolean hasTail = !parts.isEmpty() && parts.get(parts.size() - 1).equals(TAIL);
    if (hasTail) {
      parts = parts.subList(0, parts.size() - 1);
    }
    if (parts.contains(TAIL)) {
      throw new IllegalArgumentException("'**' is allowed only as the last segment: " + pattern);
    }
    this.segments = List.copyOf(parts);
    this.tail = hasTail;
  }

  /** Compiles a pattern; see the class comment for the syntax. */
  public static PathPattern of(String pattern) {
    return new PathPattern(Objects.requireNonNull(pattern, "pattern"));
  }

  /** Whether {@code path} matches. */
  public boolean matches(String path) {
    return match(path) != null;
  }

  /**
   * Matches {@code path} and returns the captures (in pattern order), or {@code null} when it does
   * not match.
   */
  public Map<String, String> match(String path) {
    List<String> actual = split(path == null || path.isEmpty() ? "/" : path);
    if (actual.size() < segments.size() || (!tail && actual.size() != segments.size())) {
      return null;
    }
    Map<String, String> captures = new LinkedHashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      String want = segments.get(i);
      String got = actual.get(i);
      if (want.equals("*")) {
        continue;
      }
      if (want.length() > 2 && want.startsWith("{") && want.endsWith("}")) {
        captures.put(want.substring(1, want.length() - 1), got);
        continue;
      }
      if (!want.equals(got)) {
        return null;
      }
    }
    if (tail) {
      captures.put(TAIL, String.join("/", actual.subList(segments.size(), actual.size())));
    }
    return Collections.unmodifiableMap(captures);
  }

  private static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/", -1)) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
