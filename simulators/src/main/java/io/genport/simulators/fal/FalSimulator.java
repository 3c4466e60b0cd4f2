package io.genport.simulators.fal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.simulators.ApiKeyCheck;
import io.genport.simulators.Endpoint;
import io.genport.simulators.ImageFiles;
import io.genport.simulators.ImageFormat;
import io.genport.simulators.ImageRenderer;
import io.genport.simulators.JobPhase;
import io.genport.simulators.JobTiming;
import io.genport.simulators.Json;
import io.genport.simulators.KeyedJobSimulator;
import io.genport.simulators.KeyedJobSimulatorBuilder;
import io.genport.simulators.PathPattern;
import io.genport.simulators.SimJob;
import io.genport.simulators.SimRequest;
import io.genport.simulators.SimResponse;
import io.genport.simulators.StreamBody;
import io.genport.simulators.TriggerWords;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A stateful fal.ai simulator of the protocol in docs/provider-protocols.md section 1. Three hosts
 * on 127.0.0.1, each on its own ephemeral port and all sharing state:
 *
 * <ul>
 *   <li>{@link #syncBaseUri()} plays {@code https://fal.run}: {@code POST /{owner}/{app}[/{path}]}
 *       answers 200 with the model output;
 *   <li>{@link #queueBaseUri()} plays {@code https://queue.fal.run}: submit {@code POST
 *       /{owner}/{app}[/{path}]} (200, {@code IN_QUEUE} receipt whose URLs point back here with the
 *       model subpath dropped), status {@code GET /{owner}/{app}/requests/{id}/status?logs=1} (202
 *       while {@code IN_QUEUE} / {@code IN_PROGRESS}, 200 {@code COMPLETED}), result {@code GET
 *       /{owner}/{app}/requests/{id}}, cancel {@code PUT /{owner}/{app}/requests/{id}/cancel}, and
 *       the status stream {@code GET /{owner}/{app}/requests/{id}/status/stream} (server-sent
 *       events, one per status change, closed after COMPLETED);
 *   <li>{@link #mediaBaseUri()} plays the CDN ({@code v3.fal.media}): {@code GET /files/{id}.{ext}}
 *       serves the images, with no authentication, so a test can assert that the client never sends
 *       its key there.
 * </ul>
 *
 * <p><b>Auth:</b> {@code Authorization: Key <key>} must equal the configured key ({@link
 * #DEFAULT_KEY} unless set), else 401 {@code {"detail":"No user found for Key ID and Secret"}};
 * {@link Builder#allowAnonymous(boolean)} lets requests without the header through.
 *
 * <p><b>Input</b> (Flux-dev style): {@code prompt} (required), {@code image_size} (a preset of
 * {@link FalImageSize} or {@code {"width":W,"height":H}} with 0 &lt; side &lt;= 14142; default per
 * endpoint, {@code landscape_4_3} unless configured), {@code num_images} (1..4 by default), {@code
 * seed} (echoed; a seeded-random one when absent), {@code output_format} ({@code jpeg} default, or
 * {@code png}), {@code sync_mode} (true: images as {@code data:} URIs; false: URLs on the media
 * host), {@code enable_safety_checker} (default true). Other fields are ignored, as a model would
 * ignore fields it does not know. Invalid input gets fal's 422 detail-array body. On the sync host
 * that is the response; on the queue host, like fal, the submit is accepted and the job completes
 * with the error (unless {@link Builder#validateOnSubmit(boolean)}). Images larger than {@link
 * Builder#maxPixels(long)} (a simulator limit, default 4096 x 4096) get 422 {@code
 * image_too_large}.
 *
 * <p><b>Trigger words</b> ({@link TriggerWords}) in the prompt:
 *
 * <ul>
 *   <li>{@code [nsfw]}: 200, {@code has_nsfw_concepts} true for every image, and the images are
 *       black, when the safety checker is on (with it off, a normal output);
 *   <li>{@code [reject]}: 422 {@code detail} array with type {@code content_policy_violation};
 *   <li>{@code [fail]}: 500 {@code {"detail":..,"error_type":"runner_server_error"}};
 *   <li>{@code [timeout]}: 504 {@code request_timeout}.
 * </ul>
 *
 * On the queue these become a job that completes with {@code error}/{@code error_type} on its
 * COMPLETED status and the same error response from the result fetch.
 *
 * <p><b>Job timing:</b> {@link JobTiming}, {@code polls(1, 1)} by default: the first status poll
 * sees IN_QUEUE, the second IN_PROGRESS, the third COMPLETED. Cancelling a job that is not
 * COMPLETED answers 202 {@code CANCELLATION_REQUESTED} and completes it at once; its result then
 * answers 499 {@code client_cancelled}. Cancelling a COMPLETED job answers 400 {@code
 * ALREADY_COMPLETED}, an unknown id 404 {@code NOT_FOUND}.
 *
 * <p><b>Inferred, not confirmed</b> (docs/provider-protocols.md section 1.10): the 404 body for
 * unknown request ids ({@code {"detail":"Request not found"}}), the result fetch of an unfinished
 * job (400 {@code {"detail":"Request is still in progress"}}), the cancel codes, the
 * cancelled-result error, the {@code error} text and {@code error_type} on a failed COMPLETED
 * status (the detail message and type), the log lines. Not simulated: webhooks ({@code fal_webhook}
 * is ignored), {@code X-Fal-Request-Timeout}, the priority and runner-hint headers.
 *
 * <pre>{@code
 * try (FalSimulator fal = FalSimulator.builder().apiKey("id:secret").start()) {
 *   URI run = fal.syncBaseUri();      // instead of https://fal.run
 *   URI queue = fal.queueBaseUri();   // instead of https://queue.fal.run
 *   fal.faults().on(FalSimulator.SUBMIT).inject(Fault.resetAfterBody());
 *   ... run the client ...
 *   assertEquals(2, fal.submitCount());
 *   assertEquals(1, fal.jobsCreated());
 * }
 * }</pre>
 */
public final class FalSimulator extends KeyedJobSimulator<FalWork> {
  /** Host name of the sync run host ({@code fal.run}). */
  public static final String SYNC_HOST = "sync";

  /** Host name of the queue host ({@code queue.fal.run}). */
  public static final String QUEUE_HOST = "queue";

  /** Host name of the media host (the CDN). */
  public static final String MEDIA_HOST = "media";

  /** The key expected unless another is configured. */
  public static final String DEFAULT_KEY = "sim-key-id:sim-key-secret";

  /** Sync run: {@code POST /{owner}/{app}[/{path}]} on the sync host. */
  public static final Endpoint RUN = Endpoint.named("fal.run");

  /** Queue submit: {@code POST /{owner}/{app}[/{path}]} on the queue host. */
  public static final Endpoint SUBMIT = Endpoint.named("fal.queue.submit");

  /** Queue status: {@code GET /{owner}/{app}/requests/{id}/status}. */
  public static final Endpoint STATUS = Endpoint.named("fal.queue.status");

  /** Queue status stream (SSE): {@code GET /{owner}/{app}/requests/{id}/status/stream}. */
  public static final Endpoint STATUS_STREAM = Endpoint.named("fal.queue.status.stream");

  /** Queue result: {@code GET /{owner}/{app}/requests/{id}}. */
  public static final Endpoint RESULT = Endpoint.named("fal.queue.result");

  /** Queue cancel: {@code PUT /{owner}/{app}/requests/{id}/cancel}. */
  public static final Endpoint CANCEL = Endpoint.named("fal.queue.cancel");

  /** Media download: {@code GET /files/{id}.{ext}} on the media host. */
  public static final Endpoint FILE = Endpoint.named("fal.media.file");

  private static final DateTimeFormatter LOG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private final ImageFiles files;
  private final List<FalGeneration> syncRuns = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, int[]> defaultSizes;
  private final Map<String, Map<String, int[]>> sizeLabels;
  private final Map<String, ImageFormat> defaultFormats;
  private final int[] defaultSize;
  private final ImageFormat defaultFormat;
  private final int maxImages;
  private final long maxPixels;
  private final boolean validateOnSubmit;
  private final Set<String> knownEndpoints;
  private final Duration streamInterval;
  private final Duration streamKeepAlive;
  private volatile boolean allowAnonymous;

  private FalSimulator(Builder b) {
    super("fal", b);
    this.files = new ImageFiles(clock(), b.mediaTtl);
    this.defaultSizes = Map.copyOf(b.defaultSizes);
    this.sizeLabels = Map.copyOf(b.sizeLabels);
    this.defaultFormats = Map.copyOf(b.defaultFormats);
    this.defaultSize = b.defaultSize;
    this.defaultFormat = b.defaultFormat;
    this.maxImages = b.maxImages;
    this.maxPixels = b.maxPixels;
    this.validateOnSubmit = b.validateOnSubmit;
    this.knownEndpoints = Set.copyOf(b.knownEndpoints);
    this.streamInterval = b.streamInterval;
    this.streamKeepAlive = b.streamKeepAlive;
    this.allowAnonymous = b.allowAnonymous;

    addHost(SYNC_HOST);
    addHost(QUEUE_HOST);
    addHost(MEDIA_HOST);
    // fal.run/{app}/stream answers with server-sent events; before fal.run, which would match it.
    route(SYNC_HOST, "fal.run.stream", "POST", "/{owner}/{app}/stream", authorized(this::stream));
    route(
        SYNC_HOST,
        "fal.run.stream",
        "POST",
        "/{owner}/{app}/{path}/stream",
        authorized(this::stream));
    route(SYNC_HOST, "fal.run", "POST", "/{owner}/{app}/**", authorized(this::run));
    // Specific queue paths first: the submit pattern would match them too (for other methods).
    route(
        QUEUE_HOST,
        "fal.queue.status",
        "GET",
        "/{owner}/{app}/requests/{id}/status",
        authorized(this::status));
    route(
        QUEUE_HOST,
        "fal.queue.status.stream",
        "GET",
        "/{owner}/{app}/requests/{id}/status/stream",
        authorized(this::statusStream));
    route(
        QUEUE_HOST,
        "fal.queue.cancel",
        "PUT",
        "/{owner}/{app}/requests/{id}/cancel",
        authorized(this::cancel));
    route(
        QUEUE_HOST,
        "fal.queue.result",
        "GET",
        "/{owner}/{app}/requests/{id}",
        authorized(this::result));
    route(QUEUE_HOST, "fal.queue.submit", "POST", "/{owner}/{app}/**", authorized(this::submit));
    route(MEDIA_HOST, "fal.media.file", "GET", "/files/{name}", this::file);
  }

  /** A builder with the defaults described on the class. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public FalSimulator start() {
    super.start();
    return this;
  }

  /** The stand-in for {@code https://fal.run}. */
  public URI syncBaseUri() {
    return baseUri(SYNC_HOST);
  }

  /** The stand-in for {@code https://queue.fal.run}. */
  public URI queueBaseUri() {
    return baseUri(QUEUE_HOST);
  }

  /** The stand-in for the media CDN (image URLs point here). */
  public URI mediaBaseUri() {
    return baseUri(MEDIA_HOST);
  }

  /** Whether requests without {@code Authorization} are let through. */
  public void allowAnonymous(boolean allow) {
    this.allowAnonymous = allow;
  }

  // ---------------------------------------------------------------- counters for tests

  /** Number of POSTs that reached the queue host (faulted ones included). */
  public int submitCount() {
    return requests().count(Endpoint.of("POST", "/**").onHost(QUEUE_HOST));
  }

  /** Number of POSTs that reached the sync host (faulted ones included). */
  public int syncRunCount() {
    return requests().count(Endpoint.of("POST", "/**").onHost(SYNC_HOST));
  }

  /** Number of queue jobs created (a submit rejected by a fault or by auth creates none). */
  public int jobsCreated() {
    return jobs.size();
  }

  /** All queue jobs, in submission order. */
  public List<FalJob> jobs() {
    return jobs.all().stream().map(FalJob::new).collect(Collectors.toUnmodifiableList());
  }

  /** The job with this request id. */
  public Optional<FalJob> job(String requestId) {
    return jobs.find(requestId).map(FalJob::new);
  }

  /** Status polls the job has seen (0 for an unknown id). */
  public int statusPolls(String requestId) {
    return jobs.statusPolls(requestId);
  }

  /** Ids of the jobs a cancel request took effect on, in submission order. */
  public List<String> cancelledRequestIds() {
    return jobs.cancelledIds();
  }

  /** The valid inputs of sync runs, in arrival order. */
  public List<FalGeneration> syncRuns() {
    synchronized (syncRuns) {
      return List.copyOf(syncRuns);
    }
  }

  /**
   * 404 for every unmatched request, 405 included: a client that keeps the model subpath in a
   * status URL ({@code GET /fal-ai/flux/dev/requests/{id}/status}) hits the submit pattern with the
   * wrong method, and for it the request simply does not exist.
   */
  @Override
  protected SimResponse unmatched(SimRequest request, boolean otherMethodMatched) {
    return SimResponse.json(404, Map.of("detail", "Not Found"));
  }

  @Override
  protected void onReset() {
    super.onReset();
    files.clear();
    syncRuns.clear();
  }

  // ---------------------------------------------------------------- routes

  private SimResponse run(SimRequest r) {
    String endpointId = endpointId(r);
    SimResponse unknown = unknownApp(endpointId);
    if (unknown != null) {
      return unknown;
    }
    String requestId = newId();
    FalInput in = parse(endpointId, r.body());
    if (in.error != null) {
      return in.error.withHeader("x-fal-request-id", requestId);
    }
    syncRuns.add(in.generation);
    Failure failure = failureFor(in.generation);
    if (failure != null) {
      return failure.response.withHeader("x-fal-request-id", requestId);
    }
    return output(in.generation).withHeader("x-fal-request-id", requestId);
  }

  /**
   * {@code POST fal.run/{app}/stream}: the run's output as server-sent events, as fal's streaming
   * endpoint answers (fal-js {@code streaming.ts} reads {@code data:} events and resolves with the
   * last): one event with the output, then the end of the stream. Bad input and trigger-word
   * failures are answered before the stream starts, with their status, as on {@code fal.run}.
   */
  private SimResponse stream(SimRequest r) {
    String path = r.pathParam("path");
    String endpointId = appId(r) + (path == null ? "" : "/" + path);
    SimResponse unknown = unknownApp(endpointId);
    if (unknown != null) {
      return unknown;
    }
    String requestId = newId();
    FalInput in = parse(endpointId, r.body());
    if (in.error != null) {
      return in.error.withHeader("x-fal-request-id", requestId);
    }
    syncRuns.add(in.generation);
    Failure failure = failureFor(in.generation);
    if (failure != null) {
      return failure.response.withHeader("x-fal-request-id", requestId);
    }
    byte[] event =
        ("data: " + output(in.generation).bodyText() + "\n\n").getBytes(StandardCharsets.UTF_8);
    StreamBody events =
        out -> {
          out.write(event);
          out.flush();
        };
    return SimResponse.streaming(200, "text/event-stream", events)
        .withHeader("Cache-Control", "no-cache")
        .withHeader("x-fal-request-id", requestId);
  }

  private SimResponse submit(SimRequest r) {
    String endpointId = endpointId(r);
    SimResponse unknown = unknownApp(endpointId);
    if (unknown != null) {
      return unknown;
    }
    FalInput in = parse(endpointId, r.body());
    if (in.error != null && validateOnSubmit) {
      return in.error;
    }
    Failure failure = in.error != null ? Failure.of(in.error) : failureFor(in.generation);
    FalWork work =
        new FalWork(
            appId(r),
            endpointId,
            in.json,
            in.generation,
            failure == null ? null : failure.response,
            failure == null ? null : failure.text,
            failure == null ? null : failure.type);
    SimJob<FalWork> job = jobs.create(newId(), work);
    ObjectNode body = statusBody(job, "IN_QUEUE");
    body.put("queue_position", job.queuePosition());
    return SimResponse.json(200, body);
  }

  private SimResponse status(SimRequest r) {
    SimJob<FalWork> job = findJob(r);
    if (job == null) {
      return requestNotFound();
    }
    Boolean logs = parseBool(r.queryParam("logs").orElse("0"));
    if (logs == null) {
      return badLogsParam(r);
    }
    JobPhase phase = job.poll();
    return SimResponse.json(phase == JobPhase.DONE ? 200 : 202, statusJson(job, phase, logs));
  }

  /**
   * The status stream: one {@code data:} event per change of the status body until COMPLETED, then
   * the end of the stream. When polls drive the job, each step of the stream counts as one status
   * poll (so the stream runs through the phases at once); when only the clock does, the stream
   * re-checks it every {@link Builder#statusStreamInterval(Duration)} and sends a {@code :
   * keep-alive} comment after {@link Builder#statusStreamKeepAlive(Duration)} of silence.
   */
  private SimResponse statusStream(SimRequest r) {
    SimJob<FalWork> job = findJob(r);
    if (job == null) {
      return requestNotFound();
    }
    Boolean logs = parseBool(r.queryParam("logs").orElse("0"));
    if (logs == null) {
      return badLogsParam(r);
    }
    boolean byPolls = job.timing().pollDriven();
    StreamBody events =
        out -> {
          String last = null;
          long lastWrite = System.nanoTime();
          while (true) {
            JobPhase phase = byPolls ? job.poll() : job.phase();
            String data = statusJson(job, phase, logs).toString();
            if (!data.equals(last)) {
              out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
              out.flush();
              last = data;
              lastWrite = System.nanoTime();
            }
            if (phase == JobPhase.DONE) {
              return;
            }
            if (!byPolls) {
              if (System.nanoTime() - lastWrite >= streamKeepAlive.toNanos()) {
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                lastWrite = System.nanoTime();
              }
              Thread.sleep(Math.max(1, streamInterval.toMillis()));
            }
          }
        };
    return SimResponse.streaming(200, "text/event-stream", events)
        .withHeader("Cache-Control", "no-cache");
  }

  private static SimResponse badLogsParam(SimRequest r) {
    return FalErrors.validation(
        List.of(
            FalErrors.detail(
                List.of("query", "logs"),
                "Input should be a valid boolean, unable to interpret input",
                "bool_parsing",
                null,
                Json.mapper().valueToTree(r.queryParam("logs").orElse("")))));
  }

  private ObjectNode statusJson(SimJob<FalWork> job, JobPhase phase, boolean logs) {
    FalWork work = job.spec();
    switch (phase) {
      case QUEUED:
        {
          ObjectNode body = statusBody(job, "IN_QUEUE");
          body.put("queue_position", job.queuePosition());
          return body;
        }
      case RUNNING:
        {
          ObjectNode body = statusBody(job, "IN_PROGRESS");
          if (logs) {
            body.set("logs", logLines(job, false));
          }
          return body;
        }
      default:
        {
          ObjectNode body = statusBody(job, "COMPLETED");
          if (logs) {
            body.set("logs", logLines(job, true));
          }
          if (job.cancelled()) {
            body.put("error", "Request was cancelled");
            body.put("error_type", "client_cancelled");
          } else if (work.failure != null) {
            body.put("error", work.errorText);
            body.put("error_type", work.errorType);
          } else {
            body.putObject("metrics").put("inference_time", inferenceSeconds(work.generation));
          }
          return body;
        }
    }
  }

  private SimResponse result(SimRequest r) {
    SimJob<FalWork> job = findJob(r);
    if (job == null) {
      return requestNotFound();
    }
    if (job.phase() != JobPhase.DONE) {
      return SimResponse.json(400, Map.of("detail", "Request is still in progress"));
    }
    FalWork work = job.spec();
    SimResponse response;
    if (job.cancelled()) {
      response = FalErrors.infrastructure("client_cancelled");
    } else if (work.failure != null) {
      response = work.failure;
    } else {
      response = work.output(() -> output(work.generation));
    }
    return response.withHeader("x-fal-request-id", job.id());
  }

  private SimResponse cancel(SimRequest r) {
    SimJob<FalWork> job = findJob(r);
    if (job == null) {
      return SimResponse.json(404, Map.of("status", "NOT_FOUND"));
    }
    return job.cancel()
        ? SimResponse.json(202, Map.of("status", "CANCELLATION_REQUESTED"))
        : SimResponse.json(400, Map.of("status", "ALREADY_COMPLETED"));
  }

  private SimResponse file(SimRequest r) {
    return files
        .downloadFile(r.pathParam("name"))
        .orElseGet(() -> SimResponse.json(404, Map.of("detail", "Not Found")));
  }

  // ---------------------------------------------------------------- helpers

  @Override
  protected SimResponse authorize(SimRequest r) {
    if (allowAnonymous && r.header("Authorization").isEmpty()) {
      return null;
    }
    // The scheme only as fal documents it: the simulator does not assume another case works.
    return keyCheck.accepts(ApiKeyCheck.authorization(r, "Key", false))
        ? null
        : FalErrors.unauthorized();
  }

  private SimResponse unknownApp(String endpointId) {
    if (knownEndpoints.isEmpty() || knownEndpoints.contains(endpointId)) {
      return null;
    }
    return SimResponse.json(404, Map.of("detail", "Application '" + endpointId + "' not found"));
  }

  private static SimResponse requestNotFound() {
    return SimResponse.json(404, Map.of("detail", "Request not found"));
  }

  private static String appId(SimRequest r) {
    return r.pathParam("owner") + "/" + r.pathParam("app");
  }

  private static String endpointId(SimRequest r) {
    String tail = r.pathParam(PathPattern.TAIL);
    return appId(r) + (tail == null || tail.isEmpty() ? "" : "/" + tail);
  }

  private SimJob<FalWork> findJob(SimRequest r) {
    SimJob<FalWork> job = jobs.find(r.pathParam("id")).orElse(null);
    // fal scopes a request to its app: the same id under another app is unknown.
    return job != null && job.spec().appId.equals(appId(r)) ? job : null;
  }

  private FalInput parse(String endpointId, byte[] body) {
    FalInput.Defaults d = new FalInput.Defaults();
    int[] size = defaultSizes.get(endpointId);
    if (size == null) {
      int slash = endpointId.indexOf('/', endpointId.indexOf('/') + 1);
      size = slash < 0 ? null : defaultSizes.get(endpointId.substring(0, slash));
    }
    if (size == null) {
      size = defaultSize;
    }
    d.width = size[0];
    d.height = size[1];
    ImageFormat format = defaultFormats.get(endpointId);
    if (format == null) {
      int slash = endpointId.indexOf('/', endpointId.indexOf('/') + 1);
      format = slash < 0 ? null : defaultFormats.get(endpointId.substring(0, slash));
    }
    d.format = format == null ? defaultFormat : format;
    d.maxImages = maxImages;
    d.maxPixels = maxPixels;
    d.sizeLabels = sizeLabels.get(endpointId);
    return FalInput.parse(endpointId, body, d, this::randomLong);
  }

  private ObjectNode statusBody(SimJob<FalWork> job, String status) {
    String base = queueBaseUri() + "/" + job.spec().appId + "/requests/" + job.id();
    ObjectNode body = Json.object();
    body.put("status", status);
    body.put("request_id", job.id());
    body.put("response_url", base);
    body.put("status_url", base + "/status");
    body.put("cancel_url", base + "/cancel");
    return body;
  }

  private ArrayNode logLines(SimJob<FalWork> job, boolean completed) {
    ArrayNode logs = Json.array();
    Instant t = job.createdAt();
    logs.add(logLine("Loading model", t));
    FalGeneration g = job.spec().generation;
    int n = g == null ? 1 : g.numImages();
    logs.add(logLine("Generating " + n + " image(s)", t.plusMillis(1)));
    if (completed && !job.cancelled() && job.spec().failure == null) {
      logs.add(logLine("Generation finished", t.plusMillis(2)));
    }
    return logs;
  }

  private static ObjectNode logLine(String message, Instant at) {
    ObjectNode line = Json.object();
    line.put("message", message);
    line.put("level", "INFO");
    line.put("source", "USER");
    line.put("timestamp", LOG_TIME.format(at));
    return line;
  }

  private static Failure failureFor(FalGeneration g) {
    switch (g.outcome()) {
      case REJECT:
        {
          ObjectNode d =
              FalErrors.detail(
                  List.of("body", "prompt"),
                  "The content could not be processed because it contained material flagged by a"
                      + " content checker.",
                  "content_policy_violation",
                  null,
                  Json.mapper().valueToTree(g.prompt()));
          return Failure.of(FalErrors.validation(List.of(d)));
        }
      case FAIL:
        return Failure.of(FalErrors.infrastructure("runner_server_error"));
      case TIMEOUT:
        return Failure.of(FalErrors.infrastructure("request_timeout"));
      default:
        return null;
    }
  }

  private SimResponse output(FalGeneration g) {
    ObjectNode out = Json.object();
    ArrayNode images = out.putArray("images");
    ArrayNode nsfw = Json.array();
    boolean flagged = g.flagged();
    for (int i = 0; i < g.numImages(); i++) {
      long imageSeed = g.seed() + i;
      ObjectNode img = images.addObject();
      ImageFiles.Image image =
          new ImageFiles.Image(g.prompt(), imageSeed, g.width(), g.height(), g.format(), flagged);
      String fileId = newId();
      String fileName = fileId + "." + g.format().extension();
      if (g.syncMode()) {
        byte[] bytes = image.render();
        img.put("url", ImageRenderer.dataUri(bytes, g.format()));
        img.put("width", g.width());
        img.put("height", g.height());
        img.put("content_type", g.format().contentType());
        img.put("file_name", fileName);
        img.put("file_size", bytes.length);
      } else {
        files.put(fileId, image);
        img.put("url", mediaBaseUri() + "/files/" + fileName);
        img.put("width", g.width());
        img.put("height", g.height());
        img.put("content_type", g.format().contentType());
        img.put("file_name", fileName);
      }
      nsfw.add(flagged);
    }
    out.putObject("timings").put("inference", inferenceSeconds(g));
    out.put("seed", g.seed());
    out.set("has_nsfw_concepts", nsfw);
    out.put("prompt", g.prompt());
    return SimResponse.json(200, out);
  }

  /** A plausible, repeatable inference time in seconds. */
  private static double inferenceSeconds(FalGeneration g) {
    int h = Objects.hash(g.prompt(), g.seed(), g.width(), g.height());
    return 0.8 + Math.floorMod(h, 2000) / 1000.0;
  }

  /** Parses fal/FastAPI boolean query values; {@code null} when it is not one. */
  private static Boolean parseBool(String v) {
    switch (v.toLowerCase(Locale.ROOT)) {
      case "1":
      case "true":
      case "yes":
      case "on":
      case "t":
      case "y":
        return Boolean.TRUE;
      case "0":
      case "false":
      case "no":
      case "off":
      case "f":
      case "n":
        return Boolean.FALSE;
      default:
        return null;
    }
  }

  private static final class Failure {
    final SimResponse response;
    final String text;
    final String type;

    private Failure(SimResponse response, String text, String type) {
      this.response = response;
      this.text = text;
      this.type = type;
    }

    /** Derives the COMPLETED status's error / error_type from either fal body shape. */
    static Failure of(SimResponse response) {
      JsonNode body = Json.parse(response.body());
      JsonNode detail = body.get("detail");
      if (detail != null && detail.isArray() && detail.size() > 0) {
        return new Failure(
            response, detail.get(0).path("msg").asText(), detail.get(0).path("type").asText());
      }
      return new Failure(
          response, body.path("detail").asText(), body.path("error_type").asText("internal_error"));
    }
  }

  /** Configures a {@link FalSimulator}; {@link #start()} builds and starts it. */
  public static final class Builder extends KeyedJobSimulatorBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }

    private boolean allowAnonymous;
    private final Map<String, int[]> defaultSizes = new HashMap<>();
    private final Map<String, Map<String, int[]>> sizeLabels = new HashMap<>();
    private final Map<String, ImageFormat> defaultFormats = new HashMap<>();
    private int[] defaultSize = {
      FalImageSize.LANDSCAPE_4_3.width(), FalImageSize.LANDSCAPE_4_3.height()
    };
    private ImageFormat defaultFormat = ImageFormat.JPEG;
    private int maxImages = 4;
    private long maxPixels = 4096L * 4096L;
    private boolean validateOnSubmit;
    private Duration mediaTtl;
    private final Set<String> knownEndpoints = new LinkedHashSet<>();
    private Duration streamInterval = Duration.ofMillis(20);
    private Duration streamKeepAlive = Duration.ofSeconds(15);

    private Builder() {
      super(DEFAULT_KEY);
    }

    /** Lets requests without {@code Authorization} through (default false). */
    public Builder allowAnonymous(boolean allow) {
      this.allowAnonymous = allow;
      return this;
    }

    /** The default {@code image_size} preset of every endpoint (default landscape_4_3). */
    public Builder defaultImageSize(FalImageSize preset) {
      this.defaultSize = new int[] {preset.width(), preset.height()};
      return this;
    }

    /**
     * The default {@code image_size} of one endpoint ({@code owner/app/path}, or {@code owner/app}
     * for all its paths), e.g. {@code ("fal-ai/fast-sdxl", SQUARE_HD)}.
     */
    public Builder defaultImageSize(String endpointId, FalImageSize preset) {
      defaultSizes.put(endpointId, new int[] {preset.width(), preset.height()});
      return this;
    }

    /** The default size of one endpoint, in pixels. */
    public Builder defaultImageSize(String endpointId, int width, int height) {
      defaultSizes.put(endpointId, new int[] {width, height});
      return this;
    }

    /** The default {@code output_format} (default JPEG). */
    public Builder defaultOutputFormat(ImageFormat format) {
      this.defaultFormat = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * The default {@code output_format} of one endpoint ({@code owner/app/path}, or {@code
     * owner/app} for all its paths): {@link ImageFormat#PNG} or {@link ImageFormat#JPEG}.
     */
    public Builder defaultOutputFormat(String endpointId, ImageFormat format) {
      if (format != ImageFormat.PNG && format != ImageFormat.JPEG) {
        throw new IllegalArgumentException("fal's output_format is jpeg or png, not " + format);
      }
      defaultFormats.put(Objects.requireNonNull(endpointId, "endpointId"), format);
      return this;
    }

    /**
     * Each endpoint's documented defaults ({@code output_format}, {@code image_size}) from the
     * table of the fal-style models GenPort ships a catalog for, so that a field the client leaves
     * out is filled as the real endpoint fills it.
     */
    public Builder documentedEndpointDefaults() {
      for (com.fasterxml.jackson.databind.JsonNode e : FalEndpointDefaults.table()) {
        String id = e.path("endpoint").asText();
        if (e.has("output_format")) {
          defaultOutputFormat(id, ImageFormat.parse(e.get("output_format").asText()).orElseThrow());
        }
        if (e.has("image_size_labels")) {
          // An endpoint with its own image_size labels (gpt-image-1.5's "1536x1024") takes
          // those instead of fal's presets, and its default is one of them.
          Map<String, int[]> labels = new java.util.LinkedHashMap<>();
          for (com.fasterxml.jackson.databind.JsonNode l : e.get("image_size_labels")) {
            String[] wh = l.asText().split("x", -1);
            labels.put(l.asText(), new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])});
          }
          sizeLabels.put(id, Map.copyOf(labels));
          int[] dflt = labels.get(e.path("image_size").asText());
          if (dflt == null) {
            throw new IllegalStateException(id + ": image_size default is not one of its labels");
          }
          defaultImageSize(id, dflt[0], dflt[1]);
        } else if (e.has("image_size")) {
          defaultImageSize(id, FalImageSize.fromWire(e.get("image_size").asText()).orElseThrow());
        }
      }
      return this;
    }

    /** Largest {@code num_images} (default 4, as flux/dev). */
    public Builder maxImages(int max) {
      this.maxImages = max;
      return this;
    }

    /** Largest image rendered, in pixels (a simulator memory guard; default 4096 x 4096). */
    public Builder maxPixels(long max) {
      this.maxPixels = max;
      return this;
    }

    /** Answer invalid queue submits with 422 at once instead of failing the job (default false). */
    public Builder validateOnSubmit(boolean validate) {
      this.validateOnSubmit = validate;
      return this;
    }

    /** Media URLs answer 404 once older than {@code ttl} by the clock (default: never expire). */
    public Builder mediaTtl(Duration ttl) {
      this.mediaTtl = ttl;
      return this;
    }

    /**
     * Restricts the simulator to these endpoint ids; others answer 404 "Application ... not found".
     * By default every {@code owner/app[/path]} is served.
     */
    public Builder knownEndpoints(String... endpointIds) {
      knownEndpoints.addAll(List.of(endpointIds));
      return this;
    }

    /** How often (real time) a status stream re-checks a clock-driven job (default 20 ms). */
    public Builder statusStreamInterval(Duration interval) {
      this.streamInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** Silence after which a status stream sends {@code : keep-alive} (default 15 s, as fal). */
    public Builder statusStreamKeepAlive(Duration keepAlive) {
      this.streamKeepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
      return this;
    }

    /** Builds and starts the simulator. */
    public FalSimulator start() {
      return new FalSimulator(this).start();
    }
  }
}
