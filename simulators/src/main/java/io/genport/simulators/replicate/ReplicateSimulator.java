package io.genport.simulators.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.simulators.Endpoint;
import io.genport.simulators.ImageRenderer;
import io.genport.simulators.JobPhase;
import io.genport.simulators.JobSimulatorBuilder;
import io.genport.simulators.JobStore;
import io.genport.simulators.JobTiming;
import io.genport.simulators.Json;
import io.genport.simulators.SimJob;
import io.genport.simulators.SimRequest;
import io.genport.simulators.SimResponse;
import io.genport.simulators.SimulatorServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A stateful Replicate HTTP API simulator of docs/provider-protocols.md section 2. Two hosts on
 * 127.0.0.1, sharing state:
 *
 * <ul>
 *   <li>{@link #baseUri()} plays {@code https://api.replicate.com}: create {@code POST
 *       /v1/models/{owner}/{name}/predictions} (official models), {@code POST
 *       /v1/deployments/{owner}/{name}/predictions} and {@code POST /v1/predictions} with a {@code
 *       version} (a 64-hex id, {@code owner/name:id} or an official {@code owner/name}); get {@code
 *       GET /v1/predictions/{id}}; cancel {@code POST /v1/predictions/{id}/cancel};
 *   <li>{@link #filesBaseUri()} plays {@code replicate.delivery}: {@code GET /xezq/{file}/{name}}
 *       serves output images without authentication, so a test can assert that the client never
 *       sends its token there.
 * </ul>
 *
 * <p><b>Auth:</b> {@code Authorization: Bearer <token>} must carry the configured token ({@link
 * #DEFAULT_TOKEN} unless set), else 401 with the recorded problem body.
 *
 * <p><b>Predictions:</b> the create answers 201 with the prediction object ({@code id}, {@code
 * model}, {@code version}, {@code input}, {@code logs}, {@code output}, {@code data_removed},
 * {@code error}, {@code status}, {@code source}, {@code created_at}, {@code urls.get} and {@code
 * urls.cancel} pointing back here, {@code urls.web}); later {@code started_at}, {@code
 * completed_at} and {@code metrics.predict_time}/{@code total_time}. Status moves by {@link
 * JobTiming} ({@code polls(1, 1)} by default): the first GET sees {@code starting}, the second
 * {@code processing} (logs with {@code Using seed: N}, {@code output} still null), the third the
 * terminal status. {@code output} is an array of image URLs on the files host (or one string for
 * {@link ModelRules#withSingleOutput()} models), or data URIs with {@link
 * Builder#dataUriOutputs(boolean)}.
 *
 * <p><b>{@code Prefer: wait[=N]}</b> (default 60; a larger N waits 60, as Replicate clamps it
 * rather than refusing it; anything but {@code wait} or {@code wait=N} with a positive N is 400):
 * the create blocks until the prediction is terminal or N seconds pass, measured by the simulator's
 * clock (and never more than N real seconds), then answers 201 with {@code Preference-Applied} and
 * the prediction as it is, finished or not. Outputs of a prediction finished within the wait are
 * data URIs, as Replicate's sync mode returns them (switch off with {@link
 * Builder#inlineOutputsOnWait(boolean)}). Jobs driven only by polls do not advance while a create
 * waits, so with poll timing the wait answers at once; use {@link JobTiming#immediate()} or
 * time-driven timing to have a wait complete.
 *
 * <p><b>Input</b> is read per model by {@link ModelRules} ({@link ModelRules#flux()} unless {@link
 * Builder#model(String, ModelRules)} says otherwise): {@code prompt}, {@code aspect_ratio} (with
 * {@code custom} plus {@code width}/{@code height}), {@code megapixels}, {@code num_outputs},
 * {@code seed}, {@code output_format}, {@code output_quality}, {@code disable_safety_checker}.
 * Invalid input is refused at create with 422 {@code Input validation failed} listing every field.
 * {@code output_format=webp} is served as a lossless WebP, under a {@code .webp} name.
 *
 * <p><b>Trigger words</b> in the prompt: {@code [reject]} fails the prediction with Replicate's
 * E005 "flagged as sensitive" error; {@code [nsfw]} fails it with "NSFW content detected..." when
 * the safety checker runs (with {@code disable_safety_checker=true} the images are returned);
 * {@code [fail]} fails it with a CUDA out-of-memory error; {@code [timeout]} fails it with
 * "Prediction timed out".
 *
 * <p><b>{@code Cancel-After: D}</b> ({@code 30s}, {@code 5m}, {@code 1h30m}; at least 5 s): when D
 * has passed by the simulator's clock, a prediction still {@code starting} ends {@code aborted}
 * (the one place Replicate sends that status) and one {@code processing} ends {@code canceled}.
 *
 * <p><b>Cancel</b> answers 200 with the prediction, {@code canceled} unless it had already ended
 * (then unchanged); an unknown id is 404.
 *
 * <p><b>Inferred, not confirmed:</b> the 404 and 400 texts, the 202 for an unfinished wait, the
 * error and log texts, the clamping of {@code wait} and {@code Cancel-After}, the file URL layout.
 * Not simulated: webhooks, streaming ({@code urls.stream} is omitted), the list's {@code previous}
 * link and its {@code created_after}/{@code created_before} filters, the 1-hour data removal (see
 * {@link Builder#fileTtl(Duration)} for expiring files), rate limits (inject {@link
 * ReplicateErrors#throttled(int)} as a fault).
 */
public final class ReplicateSimulator extends SimulatorServer {
  /** Host name of the API host ({@code api.replicate.com}). */
  public static final String API_HOST = "api";

  /** Host name of the file host ({@code replicate.delivery}). */
  public static final String FILES_HOST = "files";

  /** The token expected unless another is configured. */
  public static final String DEFAULT_TOKEN = "r8_simulated0token0000000000000000000000";

  /** Create on an official model: {@code POST /v1/models/{owner}/{name}/predictions}. */
  public static final Endpoint CREATE_MODEL = Endpoint.named("replicate.create.model");

  /** Create on a deployment: {@code POST /v1/deployments/{owner}/{name}/predictions}. */
  public static final Endpoint CREATE_DEPLOYMENT = Endpoint.named("replicate.create.deployment");

  /** Create with a version: {@code POST /v1/predictions}. */
  public static final Endpoint CREATE_VERSION = Endpoint.named("replicate.create.version");

  /** List: {@code GET /v1/predictions}, newest first, {@value #LIST_PAGE} per page. */
  public static final Endpoint LIST = Endpoint.named("replicate.list");

  /** Predictions per page of {@link #LIST}, as Replicate's list answers. */
  public static final int LIST_PAGE = 100;

  /** Get: {@code GET /v1/predictions/{id}}. */
  public static final Endpoint GET = Endpoint.named("replicate.get");

  /** Cancel: {@code POST /v1/predictions/{id}/cancel}. */
  public static final Endpoint CANCEL = Endpoint.named("replicate.cancel");

  /** File download on the files host. */
  public static final Endpoint FILE = Endpoint.named("replicate.file");

  private static final Pattern PREFER = Pattern.compile("^wait(=([0-9]{1,9}))?$");

  private static final Pattern CANCEL_AFTER = Pattern.compile("([0-9]+)(ms|s|m|h)");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern OWNER_NAME = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final java.math.BigInteger LOW64 =
      java.math.BigInteger.ONE.shiftLeft(64).subtract(java.math.BigInteger.ONE);
  private static final java.math.BigInteger LOW128 =
      java.math.BigInteger.ONE.shiftLeft(128).subtract(java.math.BigInteger.ONE);

  private final JobStore<Prediction> jobs;
  private final Map<String, FileEntry> files = new ConcurrentHashMap<>();
  private final Map<String, ModelRules> rules;
  private final ModelRules defaultRules;
  private final Map<String, String> versions;
  private final Set<String> knownModels;
  private final boolean dataUriOutputs;
  private final boolean inlineOnWait;
  private final Duration fileTtl;
  private volatile String token;

  private ReplicateSimulator(Builder b) {
    super("replicate", b.simulatorOptions());
    this.jobs = b.newJobStore();
    this.rules = Map.copyOf(b.rules);
    this.defaultRules = b.defaultRules;
    this.versions = Map.copyOf(b.versions);
    this.knownModels = Set.copyOf(b.knownModels);
    this.dataUriOutputs = b.dataUriOutputs;
    this.inlineOnWait = b.inlineOnWait;
    this.fileTtl = b.fileTtl;
    this.token = b.token;

    addHost(API_HOST);
    addHost(FILES_HOST);
    route(
        API_HOST,
        "replicate.create.model",
        "POST",
        "/v1/models/{owner}/{name}/predictions",
        r -> create(r, "replicate.create.model"));
    route(
        API_HOST,
        "replicate.create.deployment",
        "POST",
        "/v1/deployments/{owner}/{name}/predictions",
        r -> create(r, "replicate.create.deployment"));
    route(
        API_HOST,
        "replicate.create.version",
        "POST",
        "/v1/predictions",
        r -> create(r, "replicate.create.version"));
    route(API_HOST, "replicate.cancel", "POST", "/v1/predictions/{id}/cancel", this::cancel);
    route(API_HOST, "replicate.list", "GET", "/v1/predictions", this::list);
    route(API_HOST, "replicate.get", "GET", "/v1/predictions/{id}", this::get);
    route(FILES_HOST, "replicate.file", "GET", "/xezq/{file}/{name}", this::file);
  }

  /** A builder with the defaults described on the class. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ReplicateSimulator start() {
    super.start();
    return this;
  }

  /** The stand-in for {@code https://api.replicate.com} (paths start with {@code /v1}). */
  public URI baseUri() {
    return baseUri(API_HOST);
  }

  /** The stand-in for {@code https://replicate.delivery}. */
  public URI filesBaseUri() {
    return baseUri(FILES_HOST);
  }

  /** Sets the expected token ({@code null}: any bearer token is accepted). */
  public void expectToken(String newToken) {
    this.token = newToken;
  }

  /** Sets the timing of predictions created from now on. */
  public void jobTiming(JobTiming timing) {
    jobs.timing(timing);
  }

  // ---------------------------------------------------------------- counters for tests

  /** Number of create requests that reached the API host (faulted ones included). */
  public int createCount() {
    return requests().count(CREATE_MODEL)
        + requests().count(CREATE_DEPLOYMENT)
        + requests().count(CREATE_VERSION);
  }

  /** Number of predictions created. */
  public int predictionsCreated() {
    return jobs.size();
  }

  /** All predictions, in creation order. */
  public List<ReplicatePrediction> predictions() {
    return jobs.all().stream()
        .map(ReplicatePrediction::new)
        .collect(Collectors.toUnmodifiableList());
  }

  /** The prediction with this id. */
  public Optional<ReplicatePrediction> prediction(String id) {
    return jobs.find(id).map(ReplicatePrediction::new);
  }

  /** Ids of the predictions a cancel took effect on, in creation order. */
  public List<String> cancelledIds() {
    return jobs.all().stream()
        .filter(SimJob::cancelled)
        .map(SimJob::id)
        .collect(Collectors.toUnmodifiableList());
  }

  @Override
  protected SimResponse unmatched(SimRequest request, boolean otherMethodMatched) {
    return otherMethodMatched
        ? ReplicateErrors.problem(405, "Method not allowed", "Method not allowed.")
        : ReplicateErrors.notFound();
  }

  @Override
  protected void onReset() {
    jobs.clear();
    files.clear();
  }

  // ---------------------------------------------------------------- routes

  private SimResponse create(SimRequest r, String route) throws InterruptedException {
    SimResponse denied = authorize(r);
    if (denied != null) {
      return denied;
    }
    Integer waitSeconds = null;
    Optional<String> prefer = r.header("Prefer");
    if (prefer.isPresent()) {
      String value = prefer.get().trim();
      Matcher m = PREFER.matcher(value);
      if (!m.matches() || (m.group(2) != null && Integer.parseInt(m.group(2)) == 0)) {
        return ReplicateErrors.badPrefer(value);
      }
      // Replicate waits at most 60 s; official clients may ask for more, which is clamped.
      waitSeconds = m.group(2) == null ? 60 : Math.min(60, Integer.parseInt(m.group(2)));
    }
    Duration cancelAfter = null;
    Optional<String> cancelHeader = r.header("Cancel-After");
    if (cancelHeader.isPresent()) {
      cancelAfter = duration(cancelHeader.get().trim());
      if (cancelAfter == null) {
        return ReplicateErrors.badCancelAfter(cancelHeader.get());
      }
    }
    JsonNode body;
    try {
      body = r.body().length == 0 ? Json.object() : Json.mapper().readTree(r.body());
    } catch (IOException e) {
      return ReplicateErrors.problem(400, "Invalid JSON", "The request body is not valid JSON.");
    }
    if (body == null || !body.isObject()) {
      return ReplicateErrors.problem(400, "Invalid JSON", "The request body must be an object.");
    }
    String model;
    String version = null;
    if (route.equals("replicate.create.version")) {
      JsonNode v = body.get("version");
      if (v == null || !v.isTextual()) {
        return ReplicateErrors.inputValidation("version", "version is required", "required");
      }
      String[] resolved = resolveVersion(v.asText());
      if (resolved == null) {
        return ReplicateErrors.invalidVersion();
      }
      model = resolved[0];
      version = resolved[1];
    } else {
      model = r.pathParam("owner") + "/" + r.pathParam("name");
      if (!knownModels.isEmpty() && !knownModels.contains(model)) {
        return ReplicateErrors.notFound();
      }
    }
    ModelRules modelRules = rules.getOrDefault(model, defaultRules);
    JsonNode input = body.get("input");
    PredictionInput in = PredictionInput.parse(model, input, modelRules, this::randomLong);
    if (!in.valid()) {
      return ReplicateErrors.inputValidation(in.problems);
    }
    Prediction p =
        new Prediction(model, version, input.deepCopy(), in.generation, modelRules, route);
    p.cancelAfter = cancelAfter;
    SimJob<Prediction> job = jobs.create(newPredictionId(), p);
    if (waitSeconds == null) {
      return SimResponse.json(201, predictionJson(job, job.phase(), false));
    }
    JobPhase phase = awaitDone(job, Duration.ofSeconds(waitSeconds));
    return SimResponse.json(201, predictionJson(job, phase, inlineOnWait && phase == JobPhase.DONE))
        .withHeader("Preference-Applied", "wait=" + waitSeconds);
  }

  /**
   * A {@code Cancel-After} duration ({@code 30s}, {@code 1h30m}), at least 5 s; null if invalid.
   */
  private static Duration duration(String text) {
    Matcher m = CANCEL_AFTER.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.lookingAt()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms":
          total = total.plusMillis(n);
          break;
        case "s":
          total = total.plusSeconds(n);
          break;
        case "m":
          total = total.plusMinutes(n);
          break;
        default:
          total = total.plusHours(n);
      }
      end = m.end();
      m.region(end, text.length());
    }
    if (end == 0 || end != text.length()) {
      return null;
    }
    return total.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : total;
  }

  /**
   * {@code Cancel-After}: once its delay has passed, a prediction that has not ended is stopped,
   * {@code aborted} if it never started, else {@code canceled}.
   */
  private JobPhase applyDeadline(SimJob<Prediction> job, JobPhase phase) {
    Prediction p = job.spec();
    if (p.cancelAfter == null
        || phase == JobPhase.DONE
        || clock().instant().isBefore(job.createdAt().plus(p.cancelAfter))) {
      return phase;
    }
    p.aborted = phase == JobPhase.QUEUED;
    job.cancel();
    return JobPhase.DONE;
  }

  /** Blocks until the job is done or the wait has passed (by the clock, and in real time). */
  private JobPhase awaitDone(SimJob<Prediction> job, Duration wait) throws InterruptedException {
    JobPhase phase = job.phase();
    if (phase == JobPhase.DONE || job.timing().phaseAt(0, Duration.ofDays(3650)) != JobPhase.DONE) {
      // Done already, or only polls move it: a blocking wait cannot change anything.
      return phase;
    }
    Instant until = clock().instant().plus(wait);
    long realUntil = System.nanoTime() + wait.toNanos();
    while (true) {
      phase = job.phase();
      if (phase == JobPhase.DONE
          || !clock().instant().isBefore(until)
          || System.nanoTime() >= realUntil) {
        return phase;
      }
      Thread.sleep(5);
    }
  }

  private SimResponse get(SimRequest r) {
    SimResponse denied = authorize(r);
    if (denied != null) {
      return denied;
    }
    SimJob<Prediction> job = jobs.find(r.pathParam("id")).orElse(null);
    if (job == null) {
      return ReplicateErrors.notFound();
    }
    return SimResponse.json(200, predictionJson(job, job.poll(), false));
  }

  /**
   * The account's predictions, newest first, {@link #LIST_PAGE} per page: {@code {next, previous,
   * results}}, {@code next} a URL with an opaque {@code cursor} (the position after the page's last
   * prediction, so predictions created meanwhile do not shift later pages). Listing a prediction
   * does not count as a poll of it.
   */
  private SimResponse list(SimRequest r) {
    SimResponse denied = authorize(r);
    if (denied != null) {
      return denied;
    }
    List<SimJob<Prediction>> all = jobs.all();
    int before = all.size();
    Optional<String> cursor = r.queryParam("cursor");
    if (cursor.isPresent()) {
      try {
        before =
            Integer.parseInt(
                new String(Base64.getUrlDecoder().decode(cursor.get()), StandardCharsets.US_ASCII));
      } catch (IllegalArgumentException e) {
        return ReplicateErrors.problem(400, "Invalid cursor", "The cursor is not valid.");
      }
      before = Math.max(0, Math.min(before, all.size()));
    }
    ArrayNode results = Json.array();
    int i = before - 1;
    for (; i >= 0 && results.size() < LIST_PAGE; i--) {
      SimJob<Prediction> job = all.get(i);
      results.add(predictionJson(job, job.phase(), false));
    }
    ObjectNode body = Json.object();
    if (i >= 0) {
      String next =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(Integer.toString(i + 1).getBytes(StandardCharsets.US_ASCII));
      body.put("next", baseUri() + "/v1/predictions?cursor=" + next);
    } else {
      body.putNull("next");
    }
    body.putNull("previous");
    body.set("results", results);
    return SimResponse.json(200, body);
  }

  private SimResponse cancel(SimRequest r) {
    SimResponse denied = authorize(r);
    if (denied != null) {
      return denied;
    }
    SimJob<Prediction> job = jobs.find(r.pathParam("id")).orElse(null);
    if (job == null) {
      return ReplicateErrors.notFound();
    }
    job.cancel();
    return SimResponse.json(200, predictionJson(job, job.phase(), false));
  }

  private SimResponse file(SimRequest r) {
    FileEntry f = files.get(r.pathParam("file"));
    if (f == null
        || !f.name.equals(r.pathParam("name"))
        || (fileTtl != null && !clock().instant().isBefore(f.createdAt.plus(fileTtl)))) {
      return ReplicateErrors.notFound();
    }
    return SimResponse.bytes(
        200, f.generation.rendered().contentType(), Outputs.image(f.generation, f.index));
  }

  // ---------------------------------------------------------------- helpers

  private SimResponse authorize(SimRequest r) {
    Optional<String> header = r.header("Authorization");
    if (header.isEmpty() || !header.get().startsWith("Bearer ") || header.get().length() < 8) {
      return ReplicateErrors.unauthenticated();
    }
    String expected = token;
    return expected == null || expected.equals(header.get().substring(7))
        ? null
        : ReplicateErrors.unauthenticated();
  }

  /** {model, version} for a {@code version} field, or {@code null} when it is not accepted. */
  private String[] resolveVersion(String v) {
    String model = null;
    String id = v;
    int colon = v.indexOf(':');
    if (colon > 0) {
      model = v.substring(0, colon);
      id = v.substring(colon + 1);
      if (!OWNER_NAME.matcher(model).matches()) {
        return null;
      }
    } else if (OWNER_NAME.matcher(v).matches()) {
      // An official model named as the version: runs its latest version.
      return knownModels.isEmpty() || knownModels.contains(v) ? new String[] {v, null} : null;
    }
    if (!HEX64.matcher(id).matches()) {
      return null;
    }
    if (!versions.isEmpty()) {
      String registered = versions.get(id);
      if (registered == null || (model != null && !model.equals(registered))) {
        return null;
      }
      return new String[] {registered, id};
    }
    return new String[] {model != null ? model : "simulated/model-" + id.substring(0, 8), id};
  }

  private ObjectNode predictionJson(SimJob<Prediction> job, JobPhase phase, boolean inline) {
    phase = applyDeadline(job, phase);
    Prediction p = job.spec();
    ReplicateGeneration g = p.generation;
    boolean aborted = p.aborted;
    String failure = Outputs.timedOut(g) ? CogSimulator.TIMED_OUT : Outputs.failure(g);
    double predictTime = Outputs.predictTime(g);
    Instant created = job.createdAt();
    Instant started = created.plusMillis(120);

    String status;
    if (aborted) {
      status = "aborted";
    } else if (job.cancelled()) {
      status = "canceled";
    } else if (phase == JobPhase.QUEUED) {
      status = "starting";
    } else if (phase == JobPhase.RUNNING) {
      status = "processing";
    } else {
      status = failure == null ? "succeeded" : "failed";
    }

    ObjectNode body = Json.object();
    body.put("id", job.id());
    body.put("model", p.model);
    body.put("version", p.version == null ? "hidden" : p.version);
    body.set("input", p.input.deepCopy());
    String logs = "";
    if (status.equals("processing") || (status.equals("canceled") && job.statusPolls() > 1)) {
      logs = Outputs.runningLogs(g);
    } else if (status.equals("succeeded") || status.equals("failed")) {
      logs = Outputs.finalLogs(g);
    }
    body.put("logs", logs);
    if (status.equals("succeeded")) {
      body.set("output", output(job, inline || dataUriOutputs));
    } else {
      body.putNull("output");
    }
    body.put("data_removed", false);
    if (status.equals("failed")) {
      body.put("error", failure);
    } else {
      body.putNull("error");
    }
    body.put("status", status);
    body.put("source", "api");
    body.put("created_at", TIME.format(created));
    if (!status.equals("starting") && !status.equals("aborted") && !logs.isEmpty()) {
      body.put("started_at", TIME.format(started));
    }
    if (status.equals("succeeded") || status.equals("failed")) {
      body.put("completed_at", TIME.format(started.plusMillis((long) (predictTime * 1000))));
      ObjectNode metrics = body.putObject("metrics");
      metrics.put("predict_time", predictTime);
      metrics.put("total_time", Math.round((predictTime + 0.12) * 1000) / 1000.0);
    } else if (status.equals("canceled") || status.equals("aborted")) {
      Instant ended = job.cancelledAt() != null ? job.cancelledAt() : clock().instant();
      body.put("completed_at", TIME.format(ended));
    }
    String self = baseUri() + "/v1/predictions/" + job.id();
    ObjectNode urls = body.putObject("urls");
    urls.put("cancel", self + "/cancel");
    urls.put("get", self);
    urls.put("web", "https://replicate.com/p/" + job.id());
    return body;
  }

  private JsonNode output(SimJob<Prediction> job, boolean inline) {
    ReplicateGeneration g = job.spec().generation;
    ArrayNode out = Json.array();
    if (inline) {
      for (int i = 0; i < g.numOutputs(); i++) {
        out.add(ImageRenderer.dataUri(Outputs.image(g, i), g.rendered()));
      }
    } else {
      List<String> ids =
          job.spec()
              .fileIds(
                  () -> {
                    List<String> created = new ArrayList<>();
                    for (int i = 0; i < g.numOutputs(); i++) {
                      String id = newPredictionId();
                      files.put(id, new FileEntry(g, i, Outputs.fileName(g, i), clock().instant()));
                      created.add(id);
                    }
                    return created;
                  });
      for (int i = 0; i < ids.size(); i++) {
        out.add(filesBaseUri() + "/xezq/" + ids.get(i) + "/" + Outputs.fileName(g, i));
      }
    }
    return job.spec().rules.singleOutput() ? out.get(0) : out;
  }

  /** A Replicate-style id: 26 lower-case base32 characters, repeatable from the seed. */
  private String newPredictionId() {
    UUID u = UUID.fromString(newId());
    java.math.BigInteger n =
        java.math.BigInteger.valueOf(u.getMostSignificantBits())
            .shiftLeft(64)
            .or(java.math.BigInteger.valueOf(u.getLeastSignificantBits()).and(LOW64))
            .and(LOW128);
    StringBuilder sb = new StringBuilder(26);
    for (int i = 0; i < 26; i++) {
      sb.append(BASE32[n.intValue() & 31]);
      n = n.shiftRight(5);
    }
    return sb.toString();
  }

  private static final class FileEntry {
    final ReplicateGeneration generation;
    final int index;
    final String name;
    final Instant createdAt;

    FileEntry(ReplicateGeneration generation, int index, String name, Instant createdAt) {
      this.generation = generation;
      this.index = index;
      this.name = name;
      this.createdAt = createdAt;
    }
  }

  /** Configures a {@link ReplicateSimulator}; {@link #start()} builds and starts it. */
  public static final class Builder extends JobSimulatorBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }

    private String token = DEFAULT_TOKEN;
    private final Map<String, ModelRules> rules = new HashMap<>();
    private ModelRules defaultRules = ModelRules.flux();
    private final Map<String, String> versions = new HashMap<>();
    private final Set<String> knownModels = new LinkedHashSet<>();
    private boolean dataUriOutputs;
    private boolean inlineOnWait = true;
    private Duration fileTtl;

    private Builder() {}

    /** The token expected after {@code Bearer }; {@code null} accepts any token. */
    public Builder apiToken(String expected) {
      this.token = expected;
      return this;
    }

    /** How model {@code owner/name} reads its input (default {@link ModelRules#flux()}). */
    public Builder model(String ownerName, ModelRules modelRules) {
      rules.put(ownerName, Objects.requireNonNull(modelRules, "rules"));
      return this;
    }

    /** How models without their own rules read their input. */
    public Builder defaultRules(ModelRules modelRules) {
      this.defaultRules = Objects.requireNonNull(modelRules, "rules");
      return this;
    }

    /**
     * Registers version {@code versionId} (64 hex digits) of model {@code ownerName}. Once any
     * version is registered, only registered versions are accepted; before that every 64-hex id is.
     */
    public Builder version(String versionId, String ownerName) {
      if (!HEX64.matcher(versionId).matches()) {
        throw new IllegalArgumentException("a version id is 64 lower-case hex digits");
      }
      versions.put(versionId, ownerName);
      return this;
    }

    /** Restricts the model endpoints to these {@code owner/name}s (others are 404). */
    public Builder knownModels(String... ownerNames) {
      knownModels.addAll(List.of(ownerNames));
      return this;
    }

    /** Outputs as {@code data:} URIs in every response (default false: URLs on the files host). */
    public Builder dataUriOutputs(boolean on) {
      this.dataUriOutputs = on;
      return this;
    }

    /** Outputs of a create finished within {@code Prefer: wait} as data URIs (default true). */
    public Builder inlineOutputsOnWait(boolean on) {
      this.inlineOnWait = on;
      return this;
    }

    /** File URLs answer 404 once older than {@code ttl} by the clock (default: never). */
    public Builder fileTtl(Duration ttl) {
      this.fileTtl = ttl;
      return this;
    }

    /** Builds and starts the simulator. */
    public ReplicateSimulator start() {
      return new ReplicateSimulator(this).start();
    }
  }
}
