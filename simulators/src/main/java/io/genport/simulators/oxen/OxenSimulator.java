package io.genport.simulators.oxen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.simulators.ApiKeyCheck;
import io.genport.simulators.CreditJobSimulator;
import io.genport.simulators.CreditJobSimulatorBuilder;
import io.genport.simulators.Endpoint;
import io.genport.simulators.ImageFiles;
import io.genport.simulators.JobPhase;
import io.genport.simulators.JobTiming;
import io.genport.simulators.Json;
import io.genport.simulators.SimJob;
import io.genport.simulators.SimRequest;
import io.genport.simulators.SimResponse;
import io.genport.simulators.StreamBody;
import io.genport.simulators.TriggerWords;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A stateful Oxen.ai inference-API simulator of docs/provider-protocols.md section 4 and of Oxen's
 * FLUX.2 [pro] model page (seed 002). Two hosts on 127.0.0.1, each on its own ephemeral port and
 * sharing state:
 *
 * <ul>
 *   <li>{@link #hubBaseUri()} plays {@code https://hub.oxen.ai}; {@link #apiBaseUri()} is its
 *       {@code /api/ai}, the base the client is configured with:
 *       <ul>
 *         <li>{@code POST /api/ai/images/generate} and {@code POST /api/ai/images/edit}
 *             (synchronous): 200 {@code {"model","created","images":[{"url":..}]}}, or {@code
 *             [{"b64_json":..}]} with {@code "response_format":"b64_json"};
 *         <li>{@code POST /api/ai/queue}: 200 {@code {"generations":[{"generation_id","status":
 *             "queued"}, ..]}}, one job per {@code num_generations} (1..4, default 1);
 *         <li>{@code GET /api/ai/queue/{id}}: the generation object, {@code status} {@code queued},
 *             {@code processing}, then {@code succeeded} (with {@code result_url}), {@code failed}
 *             (with {@code error_message}) or {@code cancelled};
 *         <li>{@code GET /api/ai/queue?model=&status=&media_type=}: {@code
 *             {"count","generations"}}, only active (queued / processing) generations unless {@code
 *             status} is given;
 *         <li>{@code DELETE /api/ai/queue/{id}}: 200 {@code {"status":"success","generation_id"}};
 *         <li>{@code GET /api/events}: server-sent events, one {@code media_generation_completed}
 *             per generation that succeeds or fails after the subscriber connected (none for
 *             cancelled ones, no replay), {@code : keep-alive} when idle;
 *         <li>{@code GET /api/ai/generated/{file}}: the result images, without authentication.
 *       </ul>
 *   <li>{@link #mediaBaseUri()}: a separate storage host ({@code GET /files/{file}}, no
 *       authentication) that result URLs point to with {@link Builder#resultsOnMediaHost(boolean)},
 *       so a test can tell a download from an API call by its host.
 * </ul>
 *
 * <p><b>Auth:</b> {@code Authorization: Bearer <key>} must equal the configured key ({@link
 * #DEFAULT_KEY} unless set; {@code null} accepts any bearer token), else 401 {@code
 * unauthenticated}. Image files need no authentication.
 *
 * <p><b>Input</b> (the FLUX.2 [pro] table of seed 002, for every model): {@code model} and a
 * non-empty {@code prompt} are checked at once on every endpoint ("Prompt cannot be empty", "Model
 * not found: .." when {@link Builder#knownModels} is set). The model parameters {@code
 * aspect_ratio} (1:1, 16:9, 9:16, 4:3, 3:4, 3:2, 2:3, match_input_image; default 16:9), {@code
 * resolution} (0.5 MP, 1 MP, 2 MP; default 1 MP), {@code num_inference_steps} 1..50, {@code
 * guidance} 0..10, {@code seed}, {@code output_format} (webp, jpg, png; default webp), {@code
 * output_quality} 0..100, {@code disable_safety_checker}, {@code input_image} (a URL, a data URI or
 * a list) and {@code response_format} (url, b64_json) are checked at once by the synchronous
 * endpoints (400 {@code invalid_params}) but, as Oxen documents, only at run time on the queue: the
 * enqueue succeeds and the generation ends {@code failed} with the message. Other fields ({@code
 * target_namespace} ...) are accepted and ignored.
 *
 * <p><b>Images</b> have the size the request asks for: the aspect ratio at the resolution class,
 * where "1 MP" is 1024 x 1024 pixels and each side is rounded to a multiple of 16 (so 16:9 at 1 MP
 * is 1360 x 768); {@code match_input_image} takes the ratio of the first input image when it is a
 * data URI (1:1 for a URL, which the simulator does not fetch). {@code jpg} renders JPEG, {@code
 * png} PNG and {@code webp} a lossless WebP, each served with its own type and extension.
 *
 * <p><b>Outcomes.</b> A prompt containing {@link #NO_CREDITS}, or a generation the {@linkplain
 * Builder#credits(long) credit balance} cannot pay ({@linkplain Builder#pricePerImage(long) price}
 * per image, 1 unless set; the balance is unlimited by default), fails with {@value
 * #INSUFFICIENT_CREDITS}: on the queue as a {@code failed} generation (the documented form), on the
 * synchronous endpoints as {@linkplain Builder#syncInsufficientCreditsStatus(int) 402} with type
 * {@code insufficient_credits}. The {@linkplain io.genport.simulators.TriggerWords trigger words}:
 * {@code [reject]} (and {@code [nsfw]} while the safety checker is on, unless {@link
 * Builder#blackOutNsfw(boolean)} makes it a black image) fail with {@value #CONTENT_REJECTED}
 * (sync: 400 {@code invalid_params}); {@code [fail]} with {@value #MODEL_FAILED} (sync: 500 {@code
 * unknown_error}); {@code [timeout]} with {@value #TIMED_OUT} (sync: 504 {@code unknown_error}).
 * Oxen returns no NSFW flag, so {@code [nsfw]} with the checker off gives a normal image.
 *
 * <p><b>Job timing:</b> {@link JobTiming}, {@code polls(1, 1)} by default: the first status read
 * sees {@code queued}, the second {@code processing}, the third the end state. Cancelling a job
 * that has not ended answers 200 and ends it {@code cancelled} at once (its credits are given
 * back); cancelling an ended one "has no effect" and answers {@linkplain
 * Builder#cancelTerminalStatus(int) 200} with the same body.
 *
 * <p><b>Inferred, not confirmed</b> (configurable where a client could depend on it): the HTTP
 * statuses other than 404 and their titles, everything about insufficient credits on the
 * synchronous endpoints, the content-rejection, model-failure and timeout messages, the cancel
 * answer for an ended generation, the size rule (1 MP = 1024 x 1024, multiples of 16), the echo of
 * only the given {@code aspect_ratio} and {@code seed} in the generation object, the result file
 * paths, the {@code url} key of synchronous images ({@link Builder#legacyImageUrlKey(boolean)}
 * sends the older {@code image_url}), and that files need no authentication. Not simulated: {@code
 * GET /api/ai/models/{id}}, per-user scoping of the event stream, target namespaces.
 *
 * <pre>{@code
 * try (OxenSimulator oxen = OxenSimulator.builder().apiKey("k").start()) {
 *   URI api = oxen.apiBaseUri();   // instead of https://hub.oxen.ai/api/ai
 *   oxen.faults().on(OxenSimulator.ENQUEUE).inject(OxenFaults.rateLimited(1));
 *   ... run the client ...
 *   assertEquals(1, oxen.jobsCreated());
 * }
 * }</pre>
 */
public final class OxenSimulator extends CreditJobSimulator<OxenWork> {
  /** Host name of the API host ({@code hub.oxen.ai}). */
  public static final String HUB_HOST = "hub";

  /** Host name of the separate storage host. */
  public static final String MEDIA_HOST = "media";

  /** The key expected unless another is configured. */
  public static final String DEFAULT_KEY = "sim-oxen-api-key";

  /** The confirmed {@code error_message} of a generation that ran out of credits. */
  public static final String INSUFFICIENT_CREDITS = "Insufficient credits";

  /** A prompt word that makes the generation fail with {@value #INSUFFICIENT_CREDITS}. */
  public static final String NO_CREDITS = "[nocredits]";

  /** The message of a content rejection (inferred wording). */
  public static final String CONTENT_REJECTED =
      "NSFW content detected. Try running it again, or try a different prompt.";

  /** The message of a model failure (inferred wording). */
  public static final String MODEL_FAILED = "Internal error: the model failed to generate an image";

  /** The message of a generation that timed out (inferred wording). */
  public static final String TIMED_OUT = "Generation timed out";

  /** {@code POST /api/ai/images/generate}. */
  public static final Endpoint GENERATE = Endpoint.named("oxen.images.generate");

  /** {@code POST /api/ai/images/edit}. */
  public static final Endpoint EDIT = Endpoint.named("oxen.images.edit");

  /** {@code POST /api/ai/queue}. */
  public static final Endpoint ENQUEUE = Endpoint.named("oxen.queue.enqueue");

  /** {@code GET /api/ai/queue}. */
  public static final Endpoint LIST = Endpoint.named("oxen.queue.list");

  /** {@code GET /api/ai/queue/{id}}. */
  public static final Endpoint STATUS = Endpoint.named("oxen.queue.get");

  /** {@code DELETE /api/ai/queue/{id}}. */
  public static final Endpoint CANCEL = Endpoint.named("oxen.queue.cancel");

  /** {@code GET /api/events}. */
  public static final Endpoint EVENTS = Endpoint.named("oxen.events");

  /** {@code GET /api/ai/generated/{file}} on the hub host. */
  public static final Endpoint FILE = Endpoint.named("oxen.file");

  /** {@code GET /files/{file}} on the media host. */
  public static final Endpoint MEDIA_FILE = Endpoint.named("oxen.media.file");

  private final ImageFiles files;
  private final List<OxenGeneration> syncRuns = Collections.synchronizedList(new ArrayList<>());
  private final OxenInput.Rules rules;
  private final int syncCreditsStatus;
  private final int cancelTerminalStatus;
  private final boolean resultsOnMediaHost;
  private final boolean blackOutNsfw;
  private final String imageUrlKey;
  private final Duration eventsInterval;
  private final Duration eventsKeepAlive;

  private OxenSimulator(Builder b) {
    super("oxen", b);
    this.files = new ImageFiles(clock(), b.mediaTtl);
    this.rules = new OxenInput.Rules();
    rules.ratios = List.copyOf(b.ratios);
    rules.defaultRatio = b.defaultRatio;
    rules.resolutions.putAll(b.resolutions);
    rules.defaultResolution = b.defaultResolution;
    rules.multiple = b.multiple;
    rules.defaultOutputFormat = b.defaultOutputFormat;
    rules.maxPixels = b.maxPixels;
    rules.editRequiresInputImage = b.editRequiresInputImage;
    rules.knownModels = Set.copyOf(b.knownModels);
    this.syncCreditsStatus = b.syncCreditsStatus;
    this.cancelTerminalStatus = b.cancelTerminalStatus;
    this.resultsOnMediaHost = b.resultsOnMediaHost;
    this.blackOutNsfw = b.blackOutNsfw;
    this.imageUrlKey = b.legacyImageUrlKey ? "image_url" : "url";
    this.eventsInterval = b.eventsInterval;
    this.eventsKeepAlive = b.eventsKeepAlive;

    addHost(HUB_HOST);
    addHost(MEDIA_HOST);
    route(
        HUB_HOST,
        "oxen.images.generate",
        "POST",
        "/api/ai/images/generate",
        authorized(r -> sync(r, false)));
    route(
        HUB_HOST,
        "oxen.images.edit",
        "POST",
        "/api/ai/images/edit",
        authorized(r -> sync(r, true)));
    route(HUB_HOST, "oxen.queue.enqueue", "POST", "/api/ai/queue", authorized(this::enqueue));
    route(HUB_HOST, "oxen.queue.list", "GET", "/api/ai/queue", authorized(this::list));
    route(HUB_HOST, "oxen.queue.get", "GET", "/api/ai/queue/{id}", authorized(this::status));
    route(HUB_HOST, "oxen.queue.cancel", "DELETE", "/api/ai/queue/{id}", authorized(this::cancel));
    route(HUB_HOST, "oxen.events", "GET", "/api/events", authorized(this::events));
    route(HUB_HOST, "oxen.file", "GET", "/api/ai/generated/{name}", this::file);
    route(MEDIA_HOST, "oxen.media.file", "GET", "/files/{name}", this::file);
  }

  /** A builder with the defaults described on the class. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public OxenSimulator start() {
    super.start();
    return this;
  }

  /** The stand-in for {@code https://hub.oxen.ai}. */
  public URI hubBaseUri() {
    return baseUri(HUB_HOST);
  }

  /** The stand-in for {@code https://hub.oxen.ai/api/ai}: what a client's base URL should be. */
  public URI apiBaseUri() {
    return URI.create(hubBaseUri() + "/api/ai");
  }

  /** The separate storage host. */
  public URI mediaBaseUri() {
    return baseUri(MEDIA_HOST);
  }

  // ---------------------------------------------------------------- counters for tests

  /** Number of enqueue requests that reached the simulator (faulted ones included). */
  public int enqueueCount() {
    return requests().count(ENQUEUE);
  }

  /** Number of synchronous generate and edit requests (faulted ones included). */
  public int syncCount() {
    return requests().count(GENERATE) + requests().count(EDIT);
  }

  /** Number of queued generations created. */
  public int jobsCreated() {
    return jobs.size();
  }

  /** All queued generations, in enqueue order. */
  public List<OxenJob> jobs() {
    return jobs.all().stream().map(OxenJob::new).collect(Collectors.toUnmodifiableList());
  }

  /** The generation with this id. */
  public Optional<OxenJob> job(String generationId) {
    return jobs.find(generationId).map(OxenJob::new);
  }

  /** Status reads the generation has seen (0 for an unknown id). */
  public int statusPolls(String generationId) {
    return jobs.statusPolls(generationId);
  }

  /** Ids of the generations a cancel took effect on, in enqueue order. */
  public List<String> cancelledIds() {
    return jobs.cancelledIds();
  }

  /** The valid requests the synchronous endpoints answered (or failed by outcome), in order. */
  public List<OxenGeneration> syncRuns() {
    synchronized (syncRuns) {
      return List.copyOf(syncRuns);
    }
  }

  @Override
  protected SimResponse unmatched(SimRequest request, boolean otherMethodMatched) {
    return OxenErrors.notFound();
  }

  @Override
  protected void onReset() {
    super.onReset();
    files.clear();
    syncRuns.clear();
  }

  // ---------------------------------------------------------------- routes

  private SimResponse sync(SimRequest r, boolean edit) {
    JsonNode json = Json.objectOrNull(r.body());
    SimResponse invalid = OxenInput.precheck(json, rules);
    if (invalid != null) {
      return invalid;
    }
    OxenInput.Result v = OxenInput.validate(json, rules, edit, this::randomLong);
    if (v.error != null) {
      return OxenErrors.invalidParams(v.error);
    }
    OxenGeneration g = v.generation;
    syncRuns.add(g);
    String failure = failureOf(g);
    if (failure == null && !ledger.charge(pricePerImage)) {
      failure = INSUFFICIENT_CREDITS;
    }
    if (failure != null) {
      return syncError(failure);
    }
    ObjectNode out = Json.object();
    out.put("model", g.model());
    out.put("created", clock().instant().getEpochSecond());
    ArrayNode images = out.putArray("images");
    ObjectNode img = images.addObject();
    if (g.b64Json()) {
      img.put("b64_json", Base64.getEncoder().encodeToString(image(g).render()));
    } else {
      img.put(imageUrlKey, store(g));
    }
    return SimResponse.json(200, out);
  }

  private SimResponse enqueue(SimRequest r) {
    JsonNode json = Json.objectOrNull(r.body());
    SimResponse invalid = OxenInput.precheck(json, rules);
    if (invalid != null) {
      return invalid;
    }
    int n = 1;
    JsonNode count = json.get("num_generations");
    if (count != null && !count.isNull()) {
      if (!count.isIntegralNumber() || count.asLong() < 1 || count.asLong() > 4) {
        return OxenErrors.invalidParams("num_generations must be an integer between 1 and 4");
      }
      n = count.asInt();
    }
    ObjectNode out = Json.object();
    ArrayNode generations = out.putArray("generations");
    for (int i = 0; i < n; i++) {
      // Validated now but reported when the job runs, as Oxen does.
      OxenInput.Result v = OxenInput.validate(json, rules, false, this::randomLong);
      String failure = v.error;
      long reserved = 0;
      if (failure == null) {
        failure = failureOf(v.generation);
        if (failure == null) {
          if (ledger.charge(pricePerImage)) {
            reserved = pricePerImage;
          } else {
            failure = INSUFFICIENT_CREDITS;
          }
        }
      }
      OxenWork work =
          new OxenWork(json.get("model").asText(), json, v.generation, failure, reserved);
      SimJob<OxenWork> job = jobs.create(newId(), work);
      generations.addObject().put("generation_id", job.id()).put("status", "queued");
    }
    return SimResponse.json(200, out);
  }

  private SimResponse status(SimRequest r) {
    SimJob<OxenWork> job = jobs.find(r.pathParam("id")).orElse(null);
    if (job == null) {
      return OxenErrors.notFound();
    }
    return SimResponse.json(200, generationJson(job, job.poll()));
  }

  private SimResponse list(SimRequest r) {
    String model = r.queryParam("model").filter(s -> !s.isEmpty()).orElse(null);
    String status = r.queryParam("status").filter(s -> !s.isEmpty()).orElse(null);
    String mediaType = r.queryParam("media_type").filter(s -> !s.isEmpty()).orElse(null);
    ArrayNode list = Json.array();
    for (SimJob<OxenWork> job : jobs.all()) {
      ObjectNode g = generationJson(job, job.phase());
      String s = g.get("status").asText();
      boolean statusOk =
          status == null ? s.equals("queued") || s.equals("processing") : s.equals(status);
      if (statusOk
          && (model == null || model.equals(job.spec().model))
          && (mediaType == null || mediaType.equals("image"))) {
        list.add(g);
      }
    }
    ObjectNode out = Json.object();
    out.put("count", list.size());
    out.set("generations", list);
    return SimResponse.json(200, out);
  }

  private SimResponse cancel(SimRequest r) {
    SimJob<OxenWork> job = jobs.find(r.pathParam("id")).orElse(null);
    if (job == null) {
      return OxenErrors.notFound();
    }
    ObjectNode body = Json.object().put("status", "success").put("generation_id", job.id());
    if (job.cancel()) {
      job.spec().completed(job.cancelledAt());
      ledger.refund(job.spec().reservedCredits);
      return SimResponse.json(200, body);
    }
    return SimResponse.json(cancelTerminalStatus, body);
  }

  /**
   * The event stream. Each subscriber scans the jobs every {@link Builder#eventsInterval} and sends
   * one event per generation that succeeded or failed since it connected. Jobs move by the clock or
   * by someone's status reads; with poll-driven timing and no reader, no event comes.
   */
  private SimResponse events(SimRequest r) {
    Set<String> seen = new HashSet<>();
    for (SimJob<OxenWork> j : jobs.all()) {
      if (j.phase() == JobPhase.DONE) {
        seen.add(j.id());
      }
    }
    StreamBody stream =
        out -> {
          long lastWrite = System.nanoTime();
          out.flush();
          while (true) {
            for (SimJob<OxenWork> j : jobs.all()) {
              if (seen.contains(j.id()) || j.phase() != JobPhase.DONE) {
                continue;
              }
              seen.add(j.id());
              ObjectNode status = generationJson(j, JobPhase.DONE);
              if (j.cancelled()) {
                continue;
              }
              ObjectNode data = Json.object();
              data.put("generation_id", j.id());
              data.put("status", status.get("status").asText());
              data.put("media_type", "image");
              if (j.spec().failure == null) {
                data.put("model", j.spec().model);
                data.put("url", status.get("result_url").asText());
              } else {
                data.put("error", j.spec().failure);
              }
              out.write(
                  ("event: media_generation_completed\ndata: " + data + "\n\n")
                      .getBytes(StandardCharsets.UTF_8));
              out.flush();
              lastWrite = System.nanoTime();
            }
            if (System.nanoTime() - lastWrite >= eventsKeepAlive.toNanos()) {
              out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
              out.flush();
              lastWrite = System.nanoTime();
            }
            Thread.sleep(Math.max(1, eventsInterval.toMillis()));
          }
        };
    return SimResponse.streaming(200, "text/event-stream", stream)
        .withHeader("Cache-Control", "no-cache");
  }

  private SimResponse file(SimRequest r) {
    return files.downloadFile(r.pathParam("name")).orElseGet(OxenErrors::notFound);
  }

  // ---------------------------------------------------------------- helpers

  @Override
  protected SimResponse authorize(SimRequest r) {
    return keyCheck.accepts(ApiKeyCheck.authorization(r, "Bearer", true))
        ? null
        : OxenErrors.unauthenticated();
  }

  /** The message a valid generation fails with for its prompt, or {@code null}. */
  private String failureOf(OxenGeneration g) {
    if (g.prompt().toLowerCase(Locale.ROOT).contains(NO_CREDITS)) {
      return INSUFFICIENT_CREDITS;
    }
    switch (g.outcome()) {
      case REJECT:
        return CONTENT_REJECTED;
      case FAIL:
        return MODEL_FAILED;
      case TIMEOUT:
        return TIMED_OUT;
      case NSFW:
        return g.safetyChecker() && !blackOutNsfw ? CONTENT_REJECTED : null;
      default:
        return null;
    }
  }

  private SimResponse syncError(String failure) {
    switch (failure) {
      case INSUFFICIENT_CREDITS:
        return OxenErrors.insufficientCredits(syncCreditsStatus);
      case CONTENT_REJECTED:
        return OxenErrors.invalidParams(CONTENT_REJECTED);
      case TIMED_OUT:
        return OxenErrors.unknownError(504, TIMED_OUT);
      default:
        return OxenErrors.unknownError(500, failure);
    }
  }

  /** The generation object of {@code job} as of {@code phase}. */
  private ObjectNode generationJson(SimJob<OxenWork> job, JobPhase phase) {
    OxenWork work = job.spec();
    Instant now = clock().instant();
    String status;
    if (job.cancelled()) {
      status = "cancelled";
      work.completed(job.cancelledAt());
    } else if (phase == JobPhase.QUEUED) {
      status = "queued";
    } else if (phase == JobPhase.RUNNING) {
      status = "processing";
      work.started(now);
    } else {
      work.completed(now);
      status = work.failure == null ? "succeeded" : "failed";
    }
    ObjectNode body = Json.object();
    body.put("generation_id", job.id());
    body.put("model_name", work.model);
    body.put("prompt", work.input.path("prompt").asText());
    body.put("media_type", "image");
    body.put("status", status);
    if (status.equals("succeeded")) {
      body.put("result_url", work.resultUrl(() -> store(work.generation)));
    } else {
      body.putNull("result_url");
    }
    if (status.equals("failed")) {
      body.put("error_message", work.failure);
    } else {
      body.putNull("error_message");
    }
    body.put("enqueued_at", time(job.createdAt()));
    body.put("started_at", time(work.startedAt()));
    body.put("completed_at", time(work.completedAt()));
    for (String echo : List.of("aspect_ratio", "seed")) {
      if (work.input.has(echo)) {
        body.set(echo, work.input.get(echo).deepCopy());
      }
    }
    return body;
  }

  private static String time(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The image of {@code g}: black when the safety checker blacks it out instead of refusing it. */
  private ImageFiles.Image image(OxenGeneration g) {
    boolean black = blackOutNsfw && g.safetyChecker() && g.outcome() == TriggerWords.Outcome.NSFW;
    return new ImageFiles.Image(
        g.prompt(), g.seed(), g.width(), g.height(), g.renderedFormat(), black);
  }

  /** Stores the image of {@code g} and returns its URL. */
  private String store(OxenGeneration g) {
    String name = files.putFile(newId(), image(g));
    return resultsOnMediaHost
        ? mediaBaseUri() + "/files/" + name
        : hubBaseUri() + "/api/ai/generated/" + name;
  }

  /** Configures an {@link OxenSimulator}; {@link #start()} builds and starts it. */
  public static final class Builder extends CreditJobSimulatorBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }

    private List<String> ratios = List.of("1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3");
    private String defaultRatio = "16:9";
    private final Map<String, Double> resolutions = new LinkedHashMap<>();
    private String defaultResolution = "1 MP";
    private int multiple = 16;
    private String defaultOutputFormat = "webp";
    private long maxPixels = 4096L * 4096L;
    private boolean editRequiresInputImage;
    private final Set<String> knownModels = new LinkedHashSet<>();
    private int syncCreditsStatus = 402;
    private int cancelTerminalStatus = 200;
    private boolean resultsOnMediaHost;
    private boolean blackOutNsfw;
    private boolean legacyImageUrlKey;
    private Duration mediaTtl;
    private Duration eventsInterval = Duration.ofMillis(20);
    private Duration eventsKeepAlive = Duration.ofSeconds(15);

    private Builder() {
      super(DEFAULT_KEY, 1);
      resolutions.put("1 MP", 1.0);
      resolutions.put("2 MP", 2.0);
      resolutions.put("0.5 MP", 0.5);
    }

    /** The accepted aspect ratios besides {@code match_input_image}, and the default. */
    public Builder aspectRatios(List<String> accepted, String defaultRatio) {
      for (String r : accepted) {
        if (!r.matches("\\d+:\\d+")) {
          throw new IllegalArgumentException("not a W:H ratio: " + r);
        }
      }
      this.ratios = List.copyOf(accepted);
      this.defaultRatio = defaultRatio;
      return this;
    }

    /** The resolution classes (label to megapixels, "1 MP" = 1024 x 1024) and the default. */
    public Builder resolutions(Map<String, Double> classes, String defaultClass) {
      resolutions.clear();
      resolutions.putAll(classes);
      this.defaultResolution = defaultClass;
      return this;
    }

    /** The multiple each image side is rounded to (default 16). */
    public Builder sizeMultiple(int m) {
      if (m < 1) {
        throw new IllegalArgumentException("multiple must be >= 1");
      }
      this.multiple = m;
      return this;
    }

    /** The default {@code output_format} (default {@code webp}). */
    public Builder defaultOutputFormat(String format) {
      this.defaultOutputFormat = Objects.requireNonNull(format, "format");
      return this;
    }

    /** Largest image rendered, in pixels (a simulator memory guard; default 4096 x 4096). */
    public Builder maxPixels(long max) {
      this.maxPixels = max;
      return this;
    }

    /**
     * Whether {@code /images/edit} requires {@code input_image} (default false: the endpoint is
     * described with a required one, but seed 002's minimal FLUX.2 [pro] example calls it without).
     */
    public Builder editRequiresInputImage(boolean required) {
      this.editRequiresInputImage = required;
      return this;
    }

    /** Restricts the models; others answer 404 "Model not found". By default any is served. */
    public Builder knownModels(String... models) {
      knownModels.addAll(List.of(models));
      return this;
    }

    /** The HTTP status of insufficient credits on the synchronous endpoints (default 402). */
    public Builder syncInsufficientCreditsStatus(int status) {
      this.syncCreditsStatus = status;
      return this;
    }

    /** The HTTP status of cancelling an ended generation (default 200, "no effect"). */
    public Builder cancelTerminalStatus(int status) {
      this.cancelTerminalStatus = status;
      return this;
    }

    /** Whether result URLs point to the separate media host (default: the hub host). */
    public Builder resultsOnMediaHost(boolean media) {
      this.resultsOnMediaHost = media;
      return this;
    }

    /**
     * What {@code [nsfw]} does while the safety checker is on: refuse the generation with {@link
     * #CONTENT_REJECTED} (default) or return a black image, which Oxen flags neither way.
     */
    public Builder blackOutNsfw(boolean blackOut) {
      this.blackOutNsfw = blackOut;
      return this;
    }

    /**
     * Whether synchronous images carry {@code image_url} (the older page) instead of {@code url}.
     */
    public Builder legacyImageUrlKey(boolean legacy) {
      this.legacyImageUrlKey = legacy;
      return this;
    }

    /** Result files answer 404 once older than {@code ttl} by the clock (default: never). */
    public Builder mediaTtl(Duration ttl) {
      this.mediaTtl = ttl;
      return this;
    }

    /** How often (real time) an event stream scans the jobs (default 20 ms). */
    public Builder eventsInterval(Duration interval) {
      this.eventsInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** Silence after which an event stream sends {@code : keep-alive} (default 15 s, as Oxen). */
    public Builder eventsKeepAlive(Duration keepAlive) {
      this.eventsKeepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
      return this;
    }

    /** Builds and starts the simulator. */
    public OxenSimulator start() {
      return new OxenSimulator(this).start();
    }
  }
}
