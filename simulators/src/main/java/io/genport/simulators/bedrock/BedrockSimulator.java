package io.genport.simulators.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.Json;
import io.genport.simulators.SimRequest;
import io.genport.simulators.SimResponse;
import io.genport.simulators.SimulatorBuilder;
import io.genport.simulators.SimulatorServer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An Amazon Bedrock Runtime simulator for the image models of docs/provider-protocols.md (Nova
 * Canvas, Titan Image Generator v1 and v2, Stable Diffusion 3.5 Large, Stable Image Ultra and
 * Core): one host, {@link #runtimeBaseUri()}, playing {@code
 * https://bedrock-runtime.<region>.amazonaws.com}.
 *
 * <p><b>{@code POST /model/{modelId}/invoke}</b> (route {@link #INVOKE}), the model id
 * percent-encoded ({@code amazon.nova-canvas-v1%3A0}); inference-profile ids ({@code us.} ...) and
 * foundation-model or inference-profile ARNs name their model. An unknown model is a {@code
 * ValidationException}. Each family's body is checked as Bedrock does (ranges, sizes, lengths, and
 * any key it does not know is "extraneous"); answers:
 *
 * <ul>
 *   <li>Nova Canvas (every task type) and Titan: 200 {@code {"images": [<base64 PNG>, ...],
 *       "error": null}}, one image per {@code numberOfImages}, of the requested size (of the input
 *       image for editing tasks);
 *   <li>Stability: 200 {@code {"seeds": [s], "finish_reasons": [null], "images": [<base64>]}}, the
 *       size from {@code aspect_ratio}'s pixel table, PNG or JPEG by {@code output_format}; seed 0
 *       or none means random, and the seed drawn is reported.
 * </ul>
 *
 * <p><b>Authentication</b>, checked on every request as the AWS front end does, each failure a 403
 * with its {@code x-amzn-ErrorType}: {@code Authorization: Bearer <key>} must be the configured
 * Bedrock API key; otherwise a SigV4 {@code Authorization} whose credential scope is {@code
 * <date>/<region>/bedrock/aws4_request}, whose {@code X-Amz-Date} is within {@link
 * Builder#maxClockSkew} of the simulator's clock, whose access key is known (with its session token
 * in {@code X-Amz-Security-Token} when it has one, {@code ExpiredTokenException} for an expired
 * one), and whose signature {@link SigV4Verifier} recomputes from the request as received (the path
 * double-encoded, as AWS does for every service but S3).
 *
 * <p><b>Content</b> ({@link io.genport.simulators.TriggerWords} in the prompt): {@code [reject]} is
 * a {@code ValidationException} saying the content filters blocked the request (Nova, Titan), or
 * {@code "finish_reasons": ["Filter reason: prompt"]} without an image (Stability); {@code [fail]}
 * a {@code ModelErrorException} (Nova, Titan) or {@code "Inference error"} (Stability); {@code
 * [timeout]} a {@code ModelTimeoutException}; {@code [nsfw]} changes nothing, since Bedrock does
 * not flag images (it removes blocked ones). Two words of this simulator's own remove outputs:
 * {@value #BLOCK_OUTPUT} answers 200 with no image and an {@code error} saying all were blocked
 * (Stability: {@code "Filter reason: output image"}), {@value #BLOCK_SOME} leaves out the first of
 * several images and says some were blocked.
 *
 * <p>Faults: the framework's, plus Bedrock's own error answers in {@link BedrockFaults}.
 */
public final class BedrockSimulator extends SimulatorServer {
  /** The route of {@code POST /model/{modelId}/invoke}. */
  public static final String INVOKE = "bedrock.invoke";

  /** The host's name, for {@link io.genport.simulators.Endpoint#onHost}. */
  public static final String RUNTIME = "runtime";

  /** The SigV4 signing name of Bedrock Runtime (not {@code bedrock-runtime}). */
  public static final String SIGNING_NAME = "bedrock";

  /** The access key id accepted unless others are configured. */
  public static final String DEFAULT_ACCESS_KEY_ID = "AKIDSIMULATEDBEDROCK1";

  /** Its secret access key. */
  public static final String DEFAULT_SECRET_ACCESS_KEY = "simulated/bedrock/Secret+Key/0000000000";

  /** The Bedrock API key accepted unless another is configured. */
  public static final String DEFAULT_API_KEY = "simulated-bedrock-api-key-7d1e";

  /** Prompt word: every output image is blocked (200, no image, an {@code error}). */
  public static final String BLOCK_OUTPUT = "[block-output]";

  /** Prompt word: the first of several output images is blocked. */
  public static final String BLOCK_SOME = "[block-some]";

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private final String region;
  private final Map<String, Key> keys;
  private final String apiKey;
  private final Duration maxSkew;
  private final BedrockModels models;

  /** An access key the simulator knows. */
  private record Key(String secret, String sessionToken, boolean expired) {}

  private BedrockSimulator(Builder b) {
    super("bedrock", b.simulatorOptions());
    this.region = b.region;
    this.keys = Map.copyOf(b.keys);
    this.apiKey = b.apiKey;
    this.maxSkew = b.maxSkew;
    this.models = new BedrockModels(this::randomLong, b.rejectExactPixelCap);
    addHost(RUNTIME);
    route(RUNTIME, INVOKE, "POST", "/model/**", this::invoke);
  }

  /** A builder with the defaults: region {@code us-east-1}, the default key and API key. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code http://127.0.0.1:<port>}: the Bedrock Runtime endpoint to configure. */
  public URI runtimeBaseUri() {
    return baseUri(RUNTIME);
  }

  /** The region requests must be signed for. */
  public String region() {
    return region;
  }

  @Override
  protected SimResponse unmatched(SimRequest request, boolean otherMethodMatched) {
    return BedrockErrors.error(404, "UnknownOperationException", "Unknown operation");
  }

  private SimResponse invoke(SimRequest request) {
    SimResponse denied = authenticate(request);
    if (denied != null) {
      return denied;
    }
    String raw = request.rawPath();
    if (!raw.startsWith("/model/") || !raw.endsWith("/invoke")) {
      return unmatched(request, false);
    }
    String encoded = raw.substring("/model/".length(), raw.length() - "/invoke".length());
    if (encoded.isEmpty() || encoded.contains("/")) {
      // A model id's own "/" (an ARN) must arrive as %2F: a bare one is another path.
      return unmatched(request, false);
    }
    String modelId = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    Optional<BedrockModels.Family> family = BedrockModels.family(modelId);
    if (family.isEmpty()) {
      return BedrockErrors.validation("The provided model identifier is invalid.");
    }
    JsonNode body;
    try {
      body = Json.parse(request.body());
    } catch (RuntimeException e) {
      return BedrockErrors.malformed("#: the body is not valid JSON");
    }
    return models.invoke(family.get(), body).withHeader("x-amzn-RequestId", newId());
  }

  /** The 403 the AWS front end gives this request, or {@code null} when it is authenticated. */
  private SimResponse authenticate(SimRequest request) {
    String authorization = request.header("authorization").orElse(null);
    if (authorization == null || authorization.isBlank()) {
      return BedrockErrors.missingAuthentication();
    }
    if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String key = authorization.substring(7).strip();
      return apiKey != null && constantTimeEquals(key, apiKey)
          ? null
          : BedrockErrors.unrecognizedClient();
    }
    Optional<SigV4Verifier.Authorization> parsed = SigV4Verifier.parse(authorization);
    if (parsed.isEmpty()) {
      return BedrockErrors.incompleteSignature(
          "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters"
              + " (algorithm AWS4-HMAC-SHA256).");
    }
    SigV4Verifier.Authorization auth = parsed.get();
    if (!auth.service().equals(SIGNING_NAME)) {
      return BedrockErrors.invalidSignature(
          "Credential should be scoped to correct service: '" + SIGNING_NAME + "'.");
    }
    if (!auth.region().equals(region)) {
      return BedrockErrors.invalidSignature(
          "Credential should be scoped to a valid region, not '" + auth.region() + "'.");
    }
    String amzDate = request.header("x-amz-date").orElse(null);
    if (amzDate == null
        || !auth.signedHeaders().contains("x-amz-date")
        || !auth.signedHeaders().contains("host")) {
      return BedrockErrors.incompleteSignature(
          "The request must sign the host and x-amz-date headers.");
    }
    Instant signedAt;
    try {
      signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return BedrockErrors.incompleteSignature("X-Amz-Date is not yyyyMMdd'T'HHmmss'Z'.");
    }
    if (!amzDate.startsWith(auth.date())) {
      return BedrockErrors.invalidSignature(
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date.");
    }
    Instant now = clock().instant();
    if (signedAt.isBefore(now.minus(maxSkew))) {
      return BedrockErrors.invalidSignature(
          "Signature expired: " + amzDate + " is now earlier than the allowed clock skew.");
    }
    if (signedAt.isAfter(now.plus(maxSkew))) {
      return BedrockErrors.invalidSignature(
          "Signature not yet current: " + amzDate + " is later than the allowed clock skew.");
    }
    Key key = keys.get(auth.accessKeyId());
    if (key == null) {
      return BedrockErrors.unrecognizedClient();
    }
    String token = request.header("x-amz-security-token").orElse(null);
    if (key.sessionToken() != null) {
      if (token == null
          || !constantTimeEquals(token, key.sessionToken())
          || !auth.signedHeaders().contains("x-amz-security-token")) {
        return BedrockErrors.unrecognizedClient();
      }
      if (key.expired()) {
        return BedrockErrors.expiredToken();
      }
    } else if (token != null) {
      return BedrockErrors.unrecognizedClient();
    }
    String sha = request.header("x-amz-content-sha256").orElse(null);
    if (sha != null && !sha.equals(SigV4Verifier.hex(SigV4Verifier.sha256(request.body())))) {
      return BedrockErrors.invalidSignature(
          "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    if (!SigV4Verifier.signedWith(request.recorded(), key.secret(), SIGNING_NAME)) {
      return BedrockErrors.signatureMismatch();
    }
    return null;
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** Builds a {@link BedrockSimulator}. */
  public static final class Builder extends SimulatorBuilder<Builder> {
    private String region = "us-east-1";
    private final Map<String, Key> keys = new LinkedHashMap<>();
    private String apiKey = DEFAULT_API_KEY;
    private Duration maxSkew = Duration.ofMinutes(5);
    private boolean rejectExactPixelCap;
    private boolean defaultKey = true;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The region requests must be signed for (default {@code us-east-1}). */
    public Builder region(String r) {
      this.region = Objects.requireNonNull(r, "region");
      return this;
    }

    /** Accepts long-term keys; the first call replaces the default key. */
    public Builder accessKey(String accessKeyId, String secretAccessKey) {
      return key(accessKeyId, new Key(secretAccessKey, null, false));
    }

    /** Accepts temporary keys, which must come with their session token. */
    public Builder sessionKey(String accessKeyId, String secretAccessKey, String sessionToken) {
      return key(
          accessKeyId, new Key(secretAccessKey, Objects.requireNonNull(sessionToken), false));
    }

    /** Knows temporary keys whose session token has expired ({@code ExpiredTokenException}). */
    public Builder expiredSessionKey(
        String accessKeyId, String secretAccessKey, String sessionToken) {
      return key(accessKeyId, new Key(secretAccessKey, Objects.requireNonNull(sessionToken), true));
    }

    private Builder key(String accessKeyId, Key key) {
      if (defaultKey) {
        keys.clear();
        defaultKey = false;
      }
      keys.put(Objects.requireNonNull(accessKeyId, "accessKeyId"), key);
      return this;
    }

    /** The Bedrock API key taken as {@code Authorization: Bearer}; {@code null} refuses all. */
    public Builder apiKey(String key) {
      this.apiKey = key;
      return this;
    }

    /** How far {@code X-Amz-Date} may be from the simulator's clock (default 5 minutes). */
    public Builder maxClockSkew(Duration skew) {
      this.maxSkew = Objects.requireNonNull(skew, "skew");
      return this;
    }

    /** Whether Nova Canvas refuses exactly 4,194,304 pixels (default: accepted). */
    public Builder rejectExactPixelCap(boolean reject) {
      this.rejectExactPixelCap = reject;
      return this;
    }

    /** Builds and starts the simulator. */
    public BedrockSimulator start() {
      if (defaultKey) {
        keys.put(DEFAULT_ACCESS_KEY_ID, new Key(DEFAULT_SECRET_ACCESS_KEY, null, false));
      }
      BedrockSimulator sim = new BedrockSimulator(this);
      sim.start();
      return sim;
    }
  }

  /** The model ids this simulator serves, without inference-profile prefixes. */
  public static List<String> models() {
    return List.copyOf(BedrockModels.MODELS.keySet());
  }
}
