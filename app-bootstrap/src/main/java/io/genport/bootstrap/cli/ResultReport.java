package io.genport.bootstrap.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.bootstrap.GenportRuntime;
import io.genport.bootstrap.output.ImageSaver;
import io.genport.core.domain.Attempt;
import io.genport.core.domain.DeadlineExceededException;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.Target;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The summary of a routed call that {@code generate} and {@code wait} print, and the saving of its
 * images: as JSON with {@code --json}, else as text.
 */
final class ResultReport {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private ResultReport() {}

  /**
   * Saves the images of {@code r} with {@code saver} and records them, the adaptations, attempts
   * and costs in {@code summary}. When the output folder fails, the images go to the saver's
   * fallback folder, recorded as {@code "savedIn"} with the reason as {@code "outError"}.
   *
   * @return the exit status: {@link Cli#OK}, or {@link Cli#PARTIAL} when the images are in the
   *     fallback folder
   * @throws IOException when an image could be saved neither where asked nor in the fallback
   */
  static int saveAndRecord(ObjectNode summary, GenerationResult r, ImageSaver saver, Path out)
      throws IOException {
    String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
    // The targets that produced images; several when the calls of a split request failed over.
    Set<Target> served = new LinkedHashSet<>();
    for (Attempt a : r.attempts()) {
      if (a.outcome() == Attempt.Outcome.SUCCEEDED) {
        served.add(a.target());
      }
    }
    Target target =
        served.isEmpty()
            ? r.attempts().get(r.attempts().size() - 1).target()
            : served.iterator().next();
    List<String> names = new ArrayList<>();
    served.forEach(t -> names.add(t.toString()));
    summary.put("target", names.isEmpty() ? target.toString() : String.join(", ", names));
    ArrayNode images = summary.putArray("images");
    Cli.putAdaptations(summary, r.adaptations());
    putAttempts(summary, r.attempts());
    putCosts(summary, r);
    for (int i = 0; i < r.images().size(); i++) {
      GeneratedImage img = r.images().get(i);
      String stem =
          "genport-"
              + stamp
              + "-"
              + target.provider()
              + "-"
              + (i + 1)
              + (img.seed() == null ? "" : "-seed" + img.seed());
      Path path = saver.save(stem, img);
      ObjectNode o = images.addObject();
      o.put("path", path.toString());
      o.put("width", img.width());
      o.put("height", img.height());
      if (img.seed() == null) {
        o.putNull("seed");
      } else {
        o.put("seed", img.seed());
      }
      o.put("mediaType", img.mediaType());
      o.put("flagged", img.flagged());
    }
    if (saver.fallback() == null) {
      return Cli.OK;
    }
    summary.put("savedIn", saver.fallback().toString());
    summary.put("outError", "could not write to '" + out + "': " + describe(saver.failure()));
    return Cli.PARTIAL;
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
  }

  private static void putCosts(ObjectNode summary, GenerationResult r) {
    if (r.cost() == null) {
      summary.putNull("cost");
    } else {
      ObjectNode c = summary.putObject("cost");
      c.put("amount", r.cost().amount());
      c.put("currency", r.cost().currency());
    }
    // Per unit, so a split that failed over between dollars and credits still shows both.
    ArrayNode costs = summary.putArray("costs");
    r.costs()
        .forEach(
            k -> {
              ObjectNode c = costs.addObject();
              c.put("amount", k.amount());
              c.put("currency", k.currency());
            });
  }

  static void putAttempts(ObjectNode summary, List<Attempt> list) {
    ArrayNode attempts = summary.putArray("attempts");
    for (Attempt a : list) {
      ObjectNode o = attempts.addObject();
      o.put("target", a.target().toString());
      o.put("outcome", a.outcome().name());
      o.put("failureClass", a.failureClass() == null ? null : a.failureClass().name());
      o.put("latencyMs", a.latency().toMillis());
      o.put("accepted", a.accepted());
      o.put("vendorJobId", a.vendorJobId());
      o.put("message", a.message());
      o.put("part", a.part());
      o.put("hedge", a.hedge());
      o.put("possibleDuplicate", a.possibleDuplicate());
      o.put("kind", a.kind() == null ? null : a.kind().name());
      o.put("reason", a.reason() == null ? null : a.reason().name());
    }
    putTried(summary, list);
  }

  /**
   * Every target the route tried, in the order it first tried them, and why each was left: the
   * reason of a target that cannot serve (no credential, 401/403, no credits, unknown model, a
   * refused plan), else the kind of its last failure; {@code served} when it produced images.
   */
  private static void putTried(ObjectNode summary, List<Attempt> list) {
    Map<Target, Attempt> last = new LinkedHashMap<>();
    Set<Target> served = new HashSet<>();
    for (Attempt a : list) {
      if (a.outcome() == Attempt.Outcome.SUCCEEDED) {
        served.add(a.target());
      }
      // A hedge race's loser is cancelled because another target won: it says nothing of why.
      if (!last.containsKey(a.target()) || a.outcome() != Attempt.Outcome.CANCELLED) {
        last.put(a.target(), a);
      }
    }
    ArrayNode tried = summary.putArray("tried");
    last.forEach(
        (t, a) -> {
          ObjectNode o = tried.addObject();
          o.put("target", t.toString());
          boolean ok = served.contains(t);
          o.put("served", ok);
          o.put("left", ok ? null : left(a));
          o.put("reason", ok || a.reason() == null ? null : a.reason().name());
          o.put("message", ok ? null : a.message());
        });
  }

  /** A few words on why the route left a target after {@code a}, its last attempt there. */
  private static String left(Attempt a) {
    if (a.reason() != null && a.reason().targetCannotServe()) {
      return a.reason().description();
    }
    if (a.outcome() == Attempt.Outcome.SKIPPED) {
      return "skipped before sending";
    }
    if (a.outcome() == Attempt.Outcome.CANCELLED) {
      return "cancelled";
    }
    return a.kind() == null
        ? String.valueOf(a.failureClass()).toLowerCase(Locale.ROOT)
        : a.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** A failure entry: the target, the failure's class and message, its resume handle. */
  static ObjectNode failure(ObjectMapper json, Target target, GenerationException g) {
    ObjectNode o = json.createObjectNode();
    o.put("target", target.toString());
    o.put("type", g.failureClass().name());
    o.put("message", g.getMessage());
    if (g instanceof DeadlineExceededException d && d.handle() != null) {
      o.put("handle", d.handle());
    }
    return o;
  }

  /** Prints {@code summary} on {@code out}, redacted. */
  static void print(GenportRuntime app, PrintWriter out, ObjectNode summary, boolean json)
      throws IOException {
    if (json) {
      out.println(
          app.redact(
              app.json().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary)));
    } else {
      out.print(app.redact(text(summary)));
    }
    out.flush();
  }

  static String text(ObjectNode s) {
    StringBuilder b = new StringBuilder();
    if (s.path("target").isNull() || s.path("target").isMissingNode()) {
      b.append("no target produced images\n");
    } else {
      b.append(s.path("target").asText())
          .append(": ")
          .append(s.path("images").size())
          .append(s.path("images").size() == 1 ? " image" : " images")
          .append(s.path("simulated").asBoolean() ? " (simulated)" : "")
          .append('\n');
    }
    if (s.has("savedIn")) {
      b.append("  ")
          .append(s.path("outError").asText())
          .append("; the images were saved in ")
          .append(s.path("savedIn").asText())
          .append(" instead\n");
    }
    s.path("images")
        .forEach(
            i ->
                b.append("  ")
                    .append(i.path("path").asText())
                    .append("  ")
                    .append(i.path("width").asInt())
                    .append('x')
                    .append(i.path("height").asInt())
                    .append(i.path("seed").isNull() ? "" : "  seed " + i.path("seed").asText())
                    .append(i.path("flagged").asBoolean() ? "  FLAGGED by the vendor" : "")
                    .append('\n'));
    if (s.path("adaptations").size() > 0) {
      b.append("  adaptations:\n");
      s.path("adaptations")
          .forEach(
              a ->
                  b.append("    ")
                      .append(a.path("field").asText())
                      .append(' ')
                      .append(a.path("requested").asText())
                      .append(" -> ")
                      .append(a.path("applied").asText())
                      .append(": ")
                      .append(a.path("reason").asText())
                      .append('\n'));
    }
    Set<String> failed = new HashSet<>();
    s.path("failures").forEach(f -> failed.add(f.path("message").asText()));
    s.path("tried")
        .forEach(
            t -> {
              // The failure that ended the call is printed below, once.
              if (!t.path("served").asBoolean() && !failed.contains(t.path("message").asText())) {
                b.append("  left ")
                    .append(t.path("target").asText())
                    .append(" (")
                    .append(t.path("left").asText())
                    .append("): ")
                    .append(t.path("message").asText())
                    .append('\n');
              }
            });
    s.path("failures")
        .forEach(
            f ->
                b.append("  failed on ")
                    .append(f.path("target").asText())
                    .append(": ")
                    .append(f.path("type").asText())
                    .append(' ')
                    .append(f.path("message").asText())
                    .append(
                        f.has("handle")
                            ? "\n    resume handle: "
                                + f.path("handle").asText()
                                + (s.path("resumable").asBoolean(true)
                                    ? "\n    (`genport wait HANDLE --out DIR` waits for it)"
                                    : "\n    (a simulated job: it ended with this process)")
                            : "")
                    .append('\n'));
    return b.toString();
  }
}
