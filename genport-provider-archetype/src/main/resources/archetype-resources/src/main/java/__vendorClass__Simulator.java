package ${package};

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.simulators.ApiKeyCheck;
import io.genport.simulators.Endpoint;
import io.genport.simulators.ImageFiles;
import io.genport.simulators.ImageFormat;
import io.genport.simulators.JobPhase;
import io.genport.simulators.Json;
import io.genport.simulators.KeyedJobSimulator;
import io.genport.simulators.KeyedJobSimulatorBuilder;
import io.genport.simulators.SimJob;
import io.genport.simulators.SimRequest;
import io.genport.simulators.SimResponse;
import io.genport.simulators.TriggerWords;
import java.net.URI;
import java.util.Set;

/**
 * A stateful simulator of ${vendorClass}'s API on loopback, built on GenPort's simulator kit: the kit gives
 * the server, the routes, the key check, the jobs (queued, running, done after a few polls), the
 * result images (real PNG/JPEG of the asked size) and fault injection; this class says only what
 * ${vendorClass}'s requests and answers look like. It is what {@code genport generate} runs against when
 * {@code ${vendor.toUpperCase()}_API_KEY} is not set, and what the contract test drives.
 *
 * <p>Prompt words ask for outcomes: {@code [reject]} is refused by the content policy, {@code
 * [fail]} fails the job, {@code [nsfw]} flags the images.
 */
public final class ${vendorClass}Simulator extends KeyedJobSimulator<${vendorClass}Simulator.Work> {
  /** The one host, the stand-in for {@code https://api.${vendor}.example}. */
  public static final String API = "api";

  /** The key expected unless the builder sets another. */
  public static final String DEFAULT_KEY = "sim-${vendor}-api-key";

  /** The models the simulator knows; any other is answered 404, as the vendor does. */
  public static final Set<String> MODELS = Set.of("${vendor}-image-1");

  public static final Endpoint CREATE = Endpoint.named("${vendor}.create");
  public static final Endpoint STATUS = Endpoint.named("${vendor}.status");
  public static final Endpoint CANCEL = Endpoint.named("${vendor}.cancel");

  /** What one generation was asked for. */
  record Work(String prompt, long seed, int width, int height, int count, ImageFormat format) {}

  private final ImageFiles files = new ImageFiles(clock(), null);

  private ${vendorClass}Simulator(KeyedJobSimulatorBuilder<?> builder) {
    super("${vendor}", builder);
    addHost(API);
    route(API, "${vendor}.create", "POST", "/v1/generations", authorized(this::create));
    route(API, "${vendor}.status", "GET", "/v1/generations/{id}", authorized(this::status));
    route(API, "${vendor}.cancel", "POST", "/v1/generations/{id}/cancel", authorized(this::cancel));
    route(API, "${vendor}.file", "GET", "/files/{name}", this::file);
  }

  /** A builder: {@code apiKey}, {@code jobTiming}, {@code options}; {@code start()} starts it. */
  public static KeyedJobSimulatorBuilder.Plain<${vendorClass}Simulator> builder() {
    return new KeyedJobSimulatorBuilder.Plain<>(DEFAULT_KEY, ${vendorClass}Simulator::new);
  }

  /** The API base a client is configured with: {@code http://127.0.0.1:<port>/v1}. */
  public URI apiBaseUri() {
    return URI.create(baseUri(API) + "/v1");
  }

  /** Whether the generation with this id was cancelled. */
  public boolean cancelled(String id) {
    return jobs.cancelledIds().contains(id);
  }

  @Override
  protected SimResponse authorize(SimRequest request) {
    return keyCheck.accepts(ApiKeyCheck.authorization(request, "Bearer", true))
        ? null
        : error(401, "unauthorized", "Invalid or missing API key");
  }

  private SimResponse create(SimRequest request) {
    JsonNode body = Json.objectOrNull(request.body());
    JsonNode input = body == null ? null : body.path("input");
    if (input == null || !input.path("prompt").isTextual()) {
      return error(422, "invalid_request", "input.prompt is required");
    }
    if (!MODELS.contains(body.path("model").asText())) {
      return error(404, "model_not_found", "Model not found: " + body.path("model").asText());
    }
    String prompt = input.path("prompt").asText();
    if (TriggerWords.outcomeOf(prompt) == TriggerWords.Outcome.REJECT) {
      return error(400, "content_policy", "The prompt was rejected by the content policy");
    }
    Work work =
        new Work(
            prompt,
            input.hasNonNull("seed") ? input.path("seed").asLong() : randomLong() >>> 33,
            input.path("width").asInt(1024),
            input.path("height").asInt(768),
            input.path("num_images").asInt(1),
            ImageFormat.parse(input.path("output_format").asText("png")).orElse(ImageFormat.PNG));
    SimJob<Work> job = jobs.create(newId(), work);
    return SimResponse.json(201, generation(job, JobPhase.QUEUED));
  }

  private SimResponse status(SimRequest request) {
    return jobs.find(request.pathParam("id"))
        .map(job -> SimResponse.json(200, generation(job, job.poll())))
        .orElseGet(() -> error(404, "not_found", "Generation not found"));
  }

  private SimResponse cancel(SimRequest request) {
    return jobs.find(request.pathParam("id"))
        .map(job -> SimResponse.json(200, generation(job, cancelledOr(job))))
        .orElseGet(() -> error(404, "not_found", "Generation not found"));
  }

  private static JobPhase cancelledOr(SimJob<Work> job) {
    job.cancel();
    return job.phase();
  }

  private SimResponse file(SimRequest request) {
    return files
        .downloadFile(request.pathParam("name"))
        .orElseGet(() -> error(404, "not_found", "File not found"));
  }

  /** The generation as ${vendorClass} shows it in {@code phase}. */
  private ObjectNode generation(SimJob<Work> job, JobPhase phase) {
    Work w = job.spec();
    ObjectNode out = Json.object().put("id", job.id()).put("model", "${vendor}-image-1");
    if (phase == JobPhase.QUEUED) {
      return out.put("status", "queued").put("queue_position", job.queuePosition());
    }
    if (phase == JobPhase.RUNNING) {
      return out.put("status", "running");
    }
    if (job.cancelled()) {
      return out.put("status", "canceled");
    }
    TriggerWords.Outcome outcome = TriggerWords.outcomeOf(w.prompt());
    if (outcome == TriggerWords.Outcome.FAIL || outcome == TriggerWords.Outcome.TIMEOUT) {
      out.putObject("error").put("type", "generation_failed").put("message", "The model failed");
      return out.put("status", "failed");
    }
    out.put("status", "succeeded").put("seed", w.seed());
    for (int i = 0; i < w.count(); i++) {
      ImageFiles.Image image =
          new ImageFiles.Image(w.prompt(), w.seed() + i, w.width(), w.height(), w.format(), false);
      String name = files.putFile(job.id() + "-" + i, image);
      out.withArray("images")
          .addObject()
          .put("url", baseUri(API) + "/files/" + name)
          .put("width", w.width())
          .put("height", w.height())
          .put("nsfw", outcome == TriggerWords.Outcome.NSFW);
    }
    return out;
  }

  private static SimResponse error(int status, String type, String message) {
    ObjectNode body = Json.object();
    body.putObject("error").put("type", type).put("message", message);
    return SimResponse.json(status, body);
  }

  @Override
  protected void onReset() {
    super.onReset();
    files.clear();
  }
}
