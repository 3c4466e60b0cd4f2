package io.genport.provider.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.core.domain.FailureClass;
import io.genport.toolkit.OutputImage;
import io.genport.toolkit.Submission;
import io.genport.toolkit.VendorError;
import io.genport.toolkit.VendorFailures;
import io.genport.toolkit.VendorOutputs;
import io.genport.toolkit.VendorResponse;
import io.genport.toolkit.VendorStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Replicate and Cog share: the prediction object (statuses, polymorphic {@code output},
 * cumulative {@code logs}, {@code metrics.predict_time}, {@code error}) and the error bodies
 * (problem+json, pydantic detail lists, Cog's {@code {"error":..}}). Stateless.
 */
final class Predictions {
  /** The job attribute that keeps the run time of a prediction that ended in its create. */
  static final String PREDICT_TIME = "predict_time";

  /** Statuses after which a prediction never changes. */
  private static final List<String> TERMINAL =
      List.of("succeeded", "failed", "canceled", "aborted");

  private static final Pattern SEED_LOG = Pattern.compile("(?i)\\busing seed:?\\s*(-?\\d{1,19})");

  private Predictions() {}

  /** The prediction's status, lower case, or {@code ""}. */
  static String status(JsonNode prediction) {
    return prediction.path("status").asText("").toLowerCase(Locale.ROOT);
  }

  static boolean terminal(JsonNode prediction) {
    return TERMINAL.contains(status(prediction));
  }

  /**
   * The answer to a create: a job to poll, or, when the prediction already ended, that job with its
   * final status and its run time as the attribute {@link #PREDICT_TIME}.
   *
   * @param seedSent whether the call sent a seed; else the seed the logs report is the images'
   */
  static Submission submission(
      String id,
      Map<String, String> attributes,
      JsonNode prediction,
      boolean seedSent,
      VendorFailures failures) {
    if (!terminal(prediction)) {
      return Submission.accepted(id, attributes);
    }
    Map<String, String> attrs = new LinkedHashMap<>(attributes);
    Double predictTime = predictTime(prediction);
    if (predictTime != null) {
      attrs.put(PREDICT_TIME, predictTime.toString());
    }
    return new Submission(id, attrs, read(prediction, seedSent, failures));
  }

  /**
   * The status table: {@code starting} is queued, {@code processing} running, {@code succeeded} and
   * {@code failed} end with their last logs and a {@code predict_time} line, {@code canceled} is
   * cancelled, and {@code aborted} (ended before it started: nothing ran) is a retryable failure.
   *
   * @param seedSent whether the call sent a seed; else the seed the logs report is the images'
   */
  static VendorStatus read(JsonNode prediction, boolean seedSent, VendorFailures failures) {
    String status = status(prediction);
    switch (status) {
      case "starting":
        return VendorStatus.queued(null);
      case "processing":
        return VendorStatus.running(logs(prediction));
      case "succeeded":
        List<OutputImage> images = new ArrayList<>();
        collectOutputs(prediction.get("output"), images);
        Long seed = seedSent ? null : seedFromLogs(prediction);
        return VendorStatus.succeeded(new VendorOutputs(images, seed, null))
            .withLogs(logs(prediction), endLines(prediction));
      case "failed":
        JsonNode error = prediction.get("error");
        String text =
            error == null || error.isNull()
                ? null
                : error.isTextual() ? error.asText() : error.toString();
        return VendorStatus.failed(text, null).withLogs(logs(prediction), endLines(prediction));
      case "canceled":
        return VendorStatus.cancelled();
      case "aborted":
        return VendorStatus.failed(
            "the prediction was aborted before it started (a deadline or Cancel-After passed);"
                + " nothing ran",
            FailureClass.RETRYABLE);
      default:
        throw failures.unexpected("reported an unknown prediction status '" + status + "'");
    }
  }

  private static Double predictTime(JsonNode prediction) {
    JsonNode t = prediction.path("metrics").path("predict_time");
    return t.isNumber() ? t.asDouble() : null;
  }

  private static List<String> endLines(JsonNode prediction) {
    Double t = predictTime(prediction);
    return t == null ? List.of() : List.of(String.format(Locale.ROOT, "predict_time: %.3f s", t));
  }

  /** The whole log, one entry per non-blank line. */
  private static List<String> logs(JsonNode prediction) {
    List<String> all = new ArrayList<>();
    JsonNode logs = prediction.get("logs");
    if (logs != null && logs.isTextual()) {
      for (String line : logs.asText().split("\\R")) {
        if (!line.isBlank()) {
          all.add(line.strip());
        }
      }
    }
    return all;
  }

  /**
   * Every URL or data URI in {@code output}, which is model-defined: a string, an array, or an
   * object (e.g. {@code {"images": [...]}}), nested in any way.
   */
  private static void collectOutputs(JsonNode output, List<OutputImage> out) {
    if (output == null || output.isNull()) {
      return;
    }
    if (output.isTextual()) {
      String s = output.asText().strip();
      String lower = s.toLowerCase(Locale.ROOT);
      if (lower.startsWith("https://")
          || lower.startsWith("http://")
          || lower.startsWith("data:")) {
        out.add(OutputImage.url(s));
      }
      return;
    }
    output.elements().forEachRemaining(e -> collectOutputs(e, out));
  }

  /** The seed a model printed ({@code Using seed: 1234}), or {@code null}. */
  private static Long seedFromLogs(JsonNode prediction) {
    Matcher m = SEED_LOG.matcher(prediction.path("logs").asText(""));
    try {
      return m.find() ? Long.valueOf(m.group(1)) : null;
    } catch (NumberFormatException tooLarge) {
      return null;
    }
  }

  /**
   * The text of an error body: problem+json {@code title: detail}, pydantic {@code detail} lists
   * ({@code body.input.prompt: Field required}), Cog's {@code {"error": ..}}, or the raw body.
   */
  static VendorError error(VendorResponse answer) {
    JsonNode json = answer.json();
    JsonNode d = json.path("detail");
    String title = json.path("title").asText("");
    if (d.isTextual()) {
      String text = d.asText().strip().replace("\n", "; ");
      return VendorError.of(title.isBlank() || text.startsWith(title) ? text : title + ": " + text);
    }
    if (d.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode item : d) {
        List<String> loc = new ArrayList<>();
        item.path("loc").forEach(l -> loc.add(l.asText()));
        parts.add(String.join(".", loc) + ": " + item.path("msg").asText());
      }
      return VendorError.of(String.join("; ", parts));
    }
    if (json.path("error").isTextual()) {
      return VendorError.of(json.get("error").asText());
    }
    return VendorError.of(!title.isBlank() ? title : json.isEmpty() ? "" : json.toString());
  }
}
