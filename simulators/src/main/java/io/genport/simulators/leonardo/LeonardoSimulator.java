package io.genport.simulators.leonardo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.simulators.ApiKeyCheck;
import io.genport.simulators.CreditJobSimulator;
import io.genport.simulators.CreditJobSimulatorBuilder;
import io.genport.simulators.Endpoint;
import io.genport.simulators.ImageFiles;
import io.genport.simulators.ImageFormat;
import io.genport.simulators.JobPhase;
import io.genport.simulators.JobTiming;
import io.genport.simulators.Json;
import io.genport.simulators.SimJob;
import io.genport.simulators.SimRequest;
import io.genport.simulators.SimResponse;
import io.genport.simulators.TriggerWords;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A stateful Leonardo.ai simulator of docs/provider-protocols.md section 6: image generations on
 * the v1 REST API (and the v2 create endpoint of the newer models), polled until they end. Two
 * hosts on 127.0.0.1, each on its own ephemeral port and sharing state:
 *
 * <ul>
 *   <li>{@link #cloudBaseUri()} plays {@code https://cloud.leonardo.ai}; {@link #apiBaseUri()} is
 *       its {@code /api/rest/v1}, the base a client is configured with:
 *       <ul>
 *         <li>{@code POST /api/rest/v1/generations}: 200 {@code {"sdGenerationJob":
 *             {"generationId", "apiCreditCost", "cost": {"amount", "unit": "CREDITS"}}}};
 *         <li>{@code POST /api/rest/v2/generations} with {@code {model, parameters, public}}: 200
 *             {@code {"generate": {"generationId", "apiCreditCost", "cost"}}} (the v2 answer's
 *             shape is not documented; this one is ours);
 *         <li>{@code GET /api/rest/v1/generations/{id}}: {@code {"generations_by_pk": {...}}} with
 *             {@code status} {@code PENDING}, then {@code COMPLETE} (with {@code generated_images
 *             [{id, url, nsfw, ...}]} and the {@code seed}) or {@code FAILED} (with {@code
 *             failureReason}); {@code {"generations_by_pk": null}} for an unknown or deleted id;
 *         <li>{@code DELETE /api/rest/v1/generations/{id}}: {@code {"delete_generations_by_pk":
 *             {"id"}}}; it removes the record and does not stop anything (there is no cancel).
 *       </ul>
 *   <li>{@link #cdnBaseUri()} plays {@code https://cdn.leonardo.ai}: {@code GET
 *       /users/{user}/generations/{id}/{file}.jpg}, the images, without authentication.
 * </ul>
 *
 * <p><b>Auth:</b> {@code Authorization: Bearer <key>} must equal the configured key ({@link
 * #DEFAULT_KEY} unless set; {@code null} accepts any bearer token), else the documented {@code
 * {"error":"Invalid response from authorization hook","path":"$","code":"unexpected"}} with
 * {@linkplain Builder#invalidKeyStatus(int) 401}. Image files need no authentication.
 *
 * <p><b>Input</b> (v1): the parameter table of the official SDK and seed 004, plus {@code
 * styleUUID}; an unknown field or a value of the wrong JSON type (the documented "Expected a
 * boolean for type Boolean but found a string") is 400. {@code prompt} is required; {@code width}
 * and {@code height} are 32..1536 and multiples of 8 (default 1024 x 768); {@code num_images} is
 * 1..8, and 1..4 when either side is over 768 (default 4); {@code guidance_scale} 1..20; {@code
 * num_inference_steps} 10..60; {@code contrast} one of 1.0, 1.3, 1.8, 2.5, 3, 3.5, 4, 4.5, and 2.5
 * or more with {@code alchemy}; {@code seed} 0..9,999,999,998 (0..2,147,483,637 for the Flux models
 * {@link Builder#fluxModels}); {@code presetStyle}, {@code scheduler}, {@code sd_version}, {@code
 * transparency} and the other enumerations as the SDK lists them; {@code modelId} a UUID (any,
 * unless {@link Builder#knownModels} restricts them). v2: {@code model} and {@code
 * parameters.prompt} are required; {@code quantity} 1..8; {@code seed} 0..4,294,967,295; {@code
 * width}/{@code height} in the model's range ({@code flux-pro-2.0}: 256..1440, else 32..1536).
 *
 * <p><b>Outcomes.</b> {@code [reject]} in the prompt is refused at create time by the moderation
 * filter (400, {@value LeonardoErrors#MODERATED}); a prompt containing {@link #NO_CREDITS}, or a
 * generation the {@linkplain Builder#credits(long) balance} cannot pay ({@linkplain
 * Builder#pricePerImage(long) price} per image, 4 unless set (ours), which is also the {@code
 * apiCreditCost}), is refused with {@value LeonardoErrors#NOT_ENOUGH_TOKENS} ({@linkplain
 * Builder#insufficientCreditsStatus(int) 400}); {@code [fail]} and {@code [timeout]} end {@code
 * FAILED} with {@value #MODEL_FAILED} or {@value #TIMED_OUT}; {@code [nsfw]} completes with every
 * image's {@code nsfw} flag set. Images are real JPEGs of the requested size; image {@code i} is
 * rendered from {@code seed + i}, and the generation echoes the seed it used (drawn when none was
 * sent).
 *
 * <p><b>Job timing:</b> {@link JobTiming}, {@code polls(1, 1)} by default; queued and running both
 * read {@code PENDING}, as Leonardo has no other state before the end.
 *
 * <p><b>Inferred, not confirmed</b> (configurable where a client could depend on it): every HTTP
 * status of an error, the texts of validation, moderation, rate-limit and credit errors, the v2
 * answer's shape, the {@code failureReason} field ({@link Builder#failureReason(boolean)}), the
 * {@code null} answer for an unknown id, the credit prices, and the file paths.
 *
 * <pre>{@code
 * try (LeonardoSimulator leo = LeonardoSimulator.builder().apiKey("k").start()) {
 *   URI api = leo.apiBaseUri();   // instead of https://cloud.leonardo.ai/api/rest/v1
 *   leo.faults().on(LeonardoSimulator.CREATE).inject(LeonardoFaults.rateLimited(1));
 *   ... run the client ...
 *   assertEquals(1, leo.generationsCreated());
 * }
 * }</pre>
 */
public final class LeonardoSimulator extends CreditJobSimulator<LeonardoWork> {
  /** Host name of the API host ({@code cloud.leonardo.ai}). */
  public static final String CLOUD_HOST = "cloud";

  /** Host name of the image host ({@code cdn.leonardo.ai}). */
  public static final String CDN_HOST = "cdn";

  /** The key expected unless another is configured. */
  public static final String DEFAULT_KEY = "sim-leonardo-api-key";

  /** A prompt word that makes the create fail for lack of credits. */
  public static final String NO_CREDITS = "[nocredits]";

  /** The failure reason of {@code [fail]} (ours). */
  public static final String MODEL_FAILED = "The generation failed: the model produced no image";

  /** The failure reason of {@code [timeout]} (ours). */
  public static final String TIMED_OUT = "The generation timed out";

  /** Leonardo Flux Dev ("Flux Precision"), whose seeds stop at 2,147,483,637. */
  public static final String FLUX_DEV = "b2614463-296c-462a-9586-aafdb8f00e36";

  /** Leonardo Flux Schnell ("Flux Speed"), whose seeds stop at 2,147,483,637. */
  public static final String FLUX_SCHNELL = "1dd50843-d653-4516-a8e3-f0238ee453ff";

  /** The made-up user the image paths are under. */
  static final String USER = "00000000-0000-4000-8000-00000000cafe";

  /** {@code POST /api/rest/v1/generations}. */
  public static final Endpoint CREATE = Endpoint.named("leonardo.generations.create");

  /** {@code POST /api/rest/v2/generations}. */
  public static final Endpoint CREATE_V2 = Endpoint.named("leonardo.v2.generations.create");

  /** {@code GET /api/rest/v1/generations/{id}}. */
  public static final Endpoint STATUS = Endpoint.named("leonardo.generations.get");

  /** {@code DELETE /api/rest/v1/generations/{id}}. */
  public static final Endpoint DELETE = Endpoint.named("leonardo.generations.delete");

  /** {@code GET /users/{user}/generations/{id}/{file}} on the image host. */
  public static final Endpoint FILE = Endpoint.named("leonardo.cdn.file");

  private final ImageFiles files;
  private final Set<String> deleted = ConcurrentHashMap.newKeySet();
  private final LeonardoInput.Rules rules;
  private final int invalidKeyStatus;
  private final int creditsStatus;
  private final boolean sendApiCreditCost;
  private final boolean sendFailureReason;

  private LeonardoSimulator(Builder b) {
    super("leonardo", b);
    this.files = new ImageFiles(clock(), null);
    this.rules = new LeonardoInput.Rules();
    rules.knownModels = Set.copyOf(b.knownModels);
    rules.fluxModels = Set.copyOf(b.fluxModels);
    rules.v2Sides = Map.copyOf(b.v2Sides);
    rules.pricePerImage = pricePerImage;
    this.invalidKeyStatus = b.invalidKeyStatus;
    this.creditsStatus = b.creditsStatus;
    this.sendApiCreditCost = b.apiCreditCost;
    this.sendFailureReason = b.failureReason;

    addHost(CLOUD_HOST);
    addHost(CDN_HOST);
    route(
        CLOUD_HOST,
        "leonardo.generations.create",
        "POST",
        "/api/rest/v1/generations",
        authorized(r -> create(r, false)));
    route(
        CLOUD_HOST,
        "leonardo.v2.generations.create",
        "POST",
        "/api/rest/v2/generations",
        authorized(r -> create(r, true)));
    route(
        CLOUD_HOST,
        "leonardo.generations.get",
        "GET",
        "/api/rest/v1/generations/{id}",
        authorized(this::get));
    route(
        CLOUD_HOST,
        "leonardo.generations.delete",
        "DELETE",
        "/api/rest/v1/generations/{id}",
        authorized(this::delete));
    route(
        CDN_HOST, "leonardo.cdn.file", "GET", "/users/{user}/generations/{id}/{name}", this::file);
  }

  /** A builder with the defaults described on the class. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public LeonardoSimulator start() {
    super.start();
    return this;
  }

  /** The stand-in for {@code https://cloud.leonardo.ai}. */
  public URI cloudBaseUri() {
    return baseUri(CLOUD_HOST);
  }

  /** The stand-in for {@code https://cloud.leonardo.ai/api/rest/v1}: a client's base URL. */
  public URI apiBaseUri() {
    return URI.create(cloudBaseUri() + "/api/rest/v1");
  }

  /** The stand-in for {@code https://cdn.leonardo.ai}, where the images are. */
  public URI cdnBaseUri() {
    return baseUri(CDN_HOST);
  }

  // ---------------------------------------------------------------- counters for tests

  /** Number of create requests (v1 and v2) that reached the simulator, faulted ones included. */
  public int createCount() {
    return requests().count(CREATE) + requests().count(CREATE_V2);
  }

  /** Number of generations created. */
  public int generationsCreated() {
    return jobs.size();
  }

  /** All generations, in creation order. */
  public List<LeonardoJob> generations() {
    return jobs.all().stream()
        .map(j -> new LeonardoJob(j, deleted.contains(j.id())))
        .collect(Collectors.toUnmodifiableList());
  }

  /** The generation with this id. */
  public Optional<LeonardoJob> generation(String generationId) {
    return jobs.find(generationId).map(j -> new LeonardoJob(j, deleted.contains(j.id())));
  }

  /** Number of {@code DELETE /generations/{id}} requests (faulted ones included). */
  public int deleteCount() {
    return requests().count(DELETE);
  }

  @Override
  protected SimResponse unmatched(SimRequest request, boolean otherMethodMatched) {
    return LeonardoErrors.noRoute();
  }

  @Override
  protected void onReset() {
    super.onReset();
    files.clear();
    deleted.clear();
  }

  // ---------------------------------------------------------------- routes

  private SimResponse create(SimRequest r, boolean v2) {
    JsonNode json = Json.objectOrNull(r.body());
    LeonardoInput.Result v =
        v2
            ? LeonardoInput.v2(json, rules, this::randomLong)
            : LeonardoInput.v1(json, rules, this::randomLong);
    if (v.error != null) {
      return v.error;
    }
    LeonardoGeneration g = v.generation;
    if (g.outcome() == TriggerWords.Outcome.REJECT) {
      return LeonardoErrors.moderated();
    }
    if (LeonardoInput.lower(g.prompt()).contains(NO_CREDITS) || !ledger.charge(g.apiCreditCost())) {
      return LeonardoErrors.notEnoughTokens(creditsStatus);
    }
    String failure =
        g.outcome() == TriggerWords.Outcome.FAIL
            ? MODEL_FAILED
            : g.outcome() == TriggerWords.Outcome.TIMEOUT ? TIMED_OUT : null;
    SimJob<LeonardoWork> job = jobs.create(newId(), new LeonardoWork(json, g, failure));
    ObjectNode out = Json.object();
    ObjectNode created = out.putObject(v2 ? "generate" : "sdGenerationJob");
    created.put("generationId", job.id());
    if (sendApiCreditCost) {
      created.put("apiCreditCost", g.apiCreditCost());
    }
    ObjectNode cost = created.putObject("cost");
    cost.put("amount", Long.toString(g.apiCreditCost()));
    cost.put("unit", "CREDITS");
    return SimResponse.json(200, out);
  }

  private SimResponse get(SimRequest r) {
    String id = r.pathParam("id");
    SimJob<LeonardoWork> job = deleted.contains(id) ? null : jobs.find(id).orElse(null);
    ObjectNode out = Json.object();
    if (job == null) {
      out.putNull("generations_by_pk");
    } else {
      out.set("generations_by_pk", generationJson(job, job.poll()));
    }
    return SimResponse.json(200, out);
  }

  private SimResponse delete(SimRequest r) {
    String id = r.pathParam("id");
    ObjectNode out = Json.object();
    if (jobs.find(id).isPresent() && deleted.add(id)) {
      out.putObject("delete_generations_by_pk").put("id", id);
    } else {
      out.putNull("delete_generations_by_pk");
    }
    return SimResponse.json(200, out);
  }

  private SimResponse file(SimRequest r) {
    return Optional.of(r.pathParam("user"))
        .filter(USER::equals)
        .flatMap(user -> files.download(r.pathParam("id") + "/" + r.pathParam("name")))
        .orElseGet(() -> SimResponse.json(404, Map.of("message", "Not Found")));
  }

  // ---------------------------------------------------------------- helpers

  @Override
  protected SimResponse authorize(SimRequest r) {
    return keyCheck.accepts(ApiKeyCheck.authorization(r, "Bearer", true))
        ? null
        : LeonardoErrors.invalidKey(invalidKeyStatus);
  }

  /** The {@code generations_by_pk} object of {@code job} as of {@code phase}. */
  private ObjectNode generationJson(SimJob<LeonardoWork> job, JobPhase phase) {
    LeonardoWork work = job.spec();
    LeonardoGeneration g = work.generation;
    String status =
        phase != JobPhase.DONE ? "PENDING" : work.failure == null ? "COMPLETE" : "FAILED";
    if (phase == JobPhase.DONE) {
      work.completed(clock().instant());
    }
    ObjectNode o = Json.object();
    o.put("id", job.id());
    o.put("status", status);
    o.put("createdAt", time(job.createdAt()));
    o.put("prompt", g.prompt());
    o.put("negativePrompt", g.negativePrompt());
    o.put("modelId", g.api().equals("v1") ? g.model() : null);
    o.put("imageWidth", g.width());
    o.put("imageHeight", g.height());
    if (g.steps() == null) {
      o.putNull("inferenceSteps");
    } else {
      o.put("inferenceSteps", g.steps());
    }
    if (g.guidanceScale() == null) {
      o.putNull("guidanceScale");
    } else {
      o.put("guidanceScale", g.guidanceScale());
    }
    if (status.equals("PENDING")) {
      o.putNull("seed");
    } else {
      o.put("seed", g.seed());
    }
    o.put("presetStyle", g.presetStyle());
    o.put("public", g.isPublic());
    o.put("photoReal", work.input.path("photoReal").asBoolean(false));
    o.put("promptMagic", work.input.path("promptMagic").asBoolean(false));
    o.put("ultra", work.input.path("ultra").asBoolean(false));
    ArrayNode images = o.putArray("generated_images");
    if (status.equals("COMPLETE")) {
      List<String> urls = work.urls(() -> store(job.id(), g));
      boolean nsfw = g.outcome() == TriggerWords.Outcome.NSFW;
      for (int i = 0; i < urls.size(); i++) {
        ObjectNode img = images.addObject();
        img.put("id", imageId(job.id(), i));
        img.put("url", urls.get(i));
        img.put("nsfw", nsfw);
        img.put("likeCount", 0);
        img.putNull("motionMP4URL");
        img.putArray("generated_image_variation_generics");
      }
    }
    if (status.equals("FAILED") && sendFailureReason) {
      o.put("failureReason", work.failure);
    }
    o.putArray("generation_elements");
    return o;
  }

  /** Stores the images of a generation and returns their URLs. */
  private List<String> store(String generationId, LeonardoGeneration g) {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < g.count(); i++) {
      String name = "Leonardo_" + i + ".jpg";
      files.put(
          generationId + "/" + name,
          new ImageFiles.Image(
              g.prompt(), g.seed() + i, g.width(), g.height(), ImageFormat.JPEG, false));
      urls.add(cdnBaseUri() + "/users/" + USER + "/generations/" + generationId + "/" + name);
    }
    return urls;
  }

  /** A stable id for image {@code i} of a generation. */
  private static String imageId(String generationId, int i) {
    return generationId.substring(0, generationId.length() - 4) + String.format("%04x", i);
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  /** Configures a {@link LeonardoSimulator}; {@link #start()} builds and starts it. */
  public static final class Builder extends CreditJobSimulatorBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }

    private int invalidKeyStatus = 401;
    private final Set<String> knownModels = new LinkedHashSet<>();
    private final Set<String> fluxModels = new LinkedHashSet<>(List.of(FLUX_DEV, FLUX_SCHNELL));
    private final Map<String, int[]> v2Sides = new LinkedHashMap<>();
    private int creditsStatus = 400;
    private boolean apiCreditCost = true;
    private boolean failureReason = true;

    private Builder() {
      super(DEFAULT_KEY, 4);
      v2Sides.put("flux-pro-2.0", new int[] {256, 1440});
    }

    /** The HTTP status of the bad-key body (default 401; Leonardo documents none). */
    public Builder invalidKeyStatus(int status) {
      this.invalidKeyStatus = status;
      return this;
    }

    /** Restricts the model ids (v1) and names (v2); by default any is served. */
    public Builder knownModels(String... models) {
      knownModels.addAll(List.of(models));
      return this;
    }

    /** The v1 model ids whose seeds stop at 2,147,483,637 (default Flux Dev and Schnell). */
    public Builder fluxModels(String... models) {
      fluxModels.clear();
      fluxModels.addAll(List.of(models));
      return this;
    }

    /** The HTTP status of the out-of-credits error (default 400; unconfirmed). */
    public Builder insufficientCreditsStatus(int status) {
      this.creditsStatus = status;
      return this;
    }

    /**
     * Whether the create answer carries {@code apiCreditCost} (default true); without it only the
     * {@code cost} object says what the generation cost, as the SDK announces for the future.
     */
    public Builder apiCreditCost(boolean send) {
      this.apiCreditCost = send;
      return this;
    }

    /** Whether a failed generation carries {@code failureReason} (default true; inferred). */
    public Builder failureReason(boolean send) {
      this.failureReason = send;
      return this;
    }

    /** Builds and starts the simulator. */
    public LeonardoSimulator start() {
      return new LeonardoSimulator(this).start();
    }
  }
}
