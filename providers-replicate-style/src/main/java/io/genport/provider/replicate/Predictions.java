package io.genport.provider.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.core.domain.ContentRejectedException;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.ImageSource;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.port.JobStatus;
import io.genport.spi.ProviderContext;
import io.genport.spi.download.DownloadedImage;
import io.genport.spi.download.ResultDownloader;
import io.genport.spi.http.HttpFailures;
import io.genport.spi.http.HttpResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Replicate and Cog share: the prediction object (statuses, polymorphic {@code output},
 * cumulative {@code logs}, {@code metrics.predict_time}, {@code error}) and the error bodies
 * (problem+json, pydantic detail lists, Cog's {@code {"error":..}}). One instance per provider;
 * thread-safe.
 */
final class Predictions {
  static final int MAX_JSON_BYTES = 64 * 1024 * 1024;

  /** Statuses after which a prediction never changes. */
  static final List<String> TERMINAL = List.of("succeeded", "failed", "canceled", "aborted");

  /**
   * Error texts that mean the content was refused (Replicate's E005 "flagged as sensitive", the
   * FLUX safety checker's "NSFW content detected", content-policy wording of other models).
   */
  private static final Pattern CONTENT =
      Pattern.compile(
          "nsfw|flagged as sensitive|\\(e005\\)|content polic|content moderation"
              + "|safety (checker|filter|system)|inappropriate content|unsafe content",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern SEED_LOG = Pattern.compile("(?i)\\busing seed:?\\s*(-?\\d{1,19})");

  private final String vendor;
  private final ProviderContext context;
  private final ResultDownloader downloader;

  /** Log lines already reported per prediction id: Replicate returns the whole log each time. */
  private final Map<String, Integer> logsSeen = new ConcurrentHashMap<>();

  Predictions(String vendor, ProviderContext context, ResultDownloader downloader) {
    this.vendor = vendor;
    this.context = context;
    this.downloader = downloader;
  }

  /** The prediction's status, lower case, or {@code ""}. */
  static String status(JsonNode prediction) {
    return prediction.path("status").asText("").toLowerCase(Locale.ROOT);
  }

  static boolean terminal(JsonNode prediction) {
    return TERMINAL.contains(status(prediction));
  }

  /** {@code metrics.predict_time} in seconds, or {@code null}. */
  static Double predictTime(JsonNode prediction) {
    JsonNode t = prediction.path("metrics").path("predict_time");
    return t.isNumber() ? t.asDouble() : null;
  }

  /** The log lines of {@code prediction} not reported yet for {@code id}. */
  List<String> newLogs(String id, JsonNode prediction) {
    List<String> all = new ArrayList<>();
    JsonNode logs = prediction.get("logs");
    if (logs != null && logs.isTextual()) {
      for (String line : logs.asText().split("\\R")) {
        if (!line.isBlank()) {
          all.add(line.strip());
        }
      }
    }
    int seen = logsSeen.getOrDefault(id, 0);
    logsSeen.put(id, Math.max(seen, all.size()));
    return seen < all.size() ? List.copyOf(all.subList(seen, all.size())) : List.of();
  }

  /** Forgets the log position of a prediction that has ended. */
  void forget(String id) {
    logsSeen.remove(id);
  }

  /**
   * The terminal status of a finished prediction; downloads the images of a successful one.
   *
   * @param seedSent the seed the call sent, or {@code null}; else the seed the logs report
   */
  CompletableFuture<JobStatus> terminalStatus(JsonNode prediction, Long seedSent) {
    String status = status(prediction);
    switch (status) {
      case "succeeded":
        return images(prediction, seedSent).thenApply(s -> (JobStatus) s);
      case "failed":
        return CompletableFuture.completedFuture(
            new JobStatus.Failed(failure(prediction.path("error"))));
      case "canceled":
        return CompletableFuture.completedFuture(new JobStatus.Cancelled());
      case "aborted":
        return CompletableFuture.completedFuture(
            new JobStatus.Failed(
                new RetryableProviderException(
                    vendor
                        + " aborted the prediction before it started (a deadline or"
                        + " Cancel-After passed); nothing ran",
                    null,
                    false,
                    null)));
      default:
        return CompletableFuture.failedFuture(
            new NonRetryableProviderException(
                vendor + " reported an unknown prediction status '" + status + "'"));
    }
  }

  /** Classifies the {@code error} of a failed prediction. */
  GenerationException failure(JsonNode error) {
    String text =
        error == null || error.isNull()
            ? ""
            : error.isTextual() ? error.asText() : error.toString();
    String shown = text.isBlank() ? "no error message" : shorten(text);
    if (CONTENT.matcher(text).find()) {
      return new ContentRejectedException(vendor + " rejected the content: " + shown);
    }
    return new NonRetryableProviderException(vendor + " prediction failed: " + shown);
  }

  private CompletableFuture<JobStatus.Succeeded> images(JsonNode prediction, Long seedSent) {
    List<String> urls = new ArrayList<>();
    collectOutputs(prediction.get("output"), urls);
    if (urls.isEmpty()) {
      return CompletableFuture.failedFuture(
          new NonRetryableProviderException(
              vendor + " reported success but the output holds no image URL or data URI"));
    }
    Long seed = seedSent != null ? seedSent : seedFromLogs(prediction);
    List<CompletableFuture<GeneratedImage>> downloads = new ArrayList<>();
    for (String url : urls) {
      downloads.add(downloader.fetch(url).thenApply(d -> image(d, seed)));
    }
    return CompletableFuture.allOf(downloads.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              List<GeneratedImage> list = new ArrayList<>();
              downloads.forEach(f -> list.add(f.join()));
              return new JobStatus.Succeeded(list, null);
            });
  }

  private static GeneratedImage image(DownloadedImage d, Long seed) {
    int w = d.size() == null ? 0 : d.size().width();
    int h = d.size() == null ? 0 : d.size().height();
    return new GeneratedImage(ImageSource.of(d.bytes()), d.mediaType(), w, h, seed, false);
  }

  /**
   * Every URL or data URI in {@code output}, which is model-defined: a string, an array, or an
   * object (e.g. {@code {"images": [...]}}), nested in any way.
   */
  static void collectOutputs(JsonNode output, List<String> out) {
    if (output == null || output.isNull()) {
      return;
    }
    if (output.isTextual()) {
      String s = output.asText().strip();
      String lower = s.toLowerCase(Locale.ROOT);
      if (lower.startsWith("https://")
          || lower.startsWith("http://")
          || lower.startsWith("data:")) {
        out.add(s);
      }
      return;
    }
    if (output.isArray() || output.isObject()) {
      output.elements().forEachRemaining(e -> collectOutputs(e, out));
    }
  }

  /** The seed a model printed ({@code Using seed: 1234}), or {@code null}. */
  static Long seedFromLogs(JsonNode prediction) {
    Matcher m = SEED_LOG.matcher(prediction.path("logs").asText(""));
    if (m.find()) {
      try {
        return Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /**
   * Reads a JSON body. An unreadable body of a failed response becomes {@code {}} (the status
   * decides); an unreadable success is retryable, and ambiguous when {@code created} (the vendor
   * may hold a prediction we cannot name).
   */
  JsonNode readJson(HttpResponse resp, boolean created) {
    byte[] bytes;
    try {
      bytes = resp.readBody(MAX_JSON_BYTES);
    } catch (RuntimeException e) {
      throw HttpFailures.forTransport(vendor, e);
    }
    if (bytes.length == 0) {
      return context.json().createObjectNode();
    }
    try {
      JsonNode n = context.json().readTree(bytes);
      return n == null ? context.json().createObjectNode() : n;
    } catch (IOException e) {
      if (resp.status() >= 300) {
        return context.json().createObjectNode();
      }
      throw new RetryableProviderException(
          vendor + " returned malformed JSON (HTTP " + resp.status() + ")", null, created, null);
    }
  }

  /** Turns an error response into the taxonomy. */
  GenerationException error(HttpResponse resp, JsonNode json) {
    return HttpFailures.forStatus(
        vendor, resp.status(), detail(json), resp.header("Retry-After"), context.clock());
  }

  /**
   * The message of an error body: problem+json {@code title: detail}, pydantic {@code detail} lists
   * ({@code body.input.prompt: Field required}), Cog's {@code {"error": ..}}, or the raw body
   * shortened.
   */
  static String detail(JsonNode json) {
    JsonNode d = json.path("detail");
    String title = json.path("title").asText("");
    if (d.isTextual()) {
      String text = d.asText().strip().replace("\n", "; ");
      return shorten(title.isBlank() || text.startsWith(title) ? text : title + ": " + text);
    }
    if (d.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode item : d) {
        List<String> loc = new ArrayList<>();
        item.path("loc").forEach(l -> loc.add(l.asText()));
        parts.add(String.join(".", loc) + ": " + item.path("msg").asText());
      }
      return shorten(String.join("; ", parts));
    }
    if (json.path("error").isTextual()) {
      return shorten(json.get("error").asText());
    }
    if (!title.isBlank()) {
      return shorten(title);
    }
    return json.isEmpty() ? "" : shorten(json.toString());
  }

  static String shorten(String s) {
    return s.length() > 500 ? s.substring(0, 497) + "..." : s;
  }
}
