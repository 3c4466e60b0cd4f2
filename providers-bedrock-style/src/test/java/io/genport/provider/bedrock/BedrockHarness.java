package io.genport.provider.bedrock;

import io.genport.core.domain.PixelSize;
import io.genport.simulators.Endpoint;
import io.genport.simulators.Fault;
import io.genport.simulators.FaultInjector;
import io.genport.simulators.RecordedRequest;
import io.genport.simulators.RequestJournal;
import io.genport.simulators.bedrock.BedrockErrors;
import io.genport.simulators.bedrock.BedrockSimulator;
import io.genport.simulators.bedrock.SigV4Verifier;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderFactory;
import io.genport.spi.http.HttpTransport;
import io.genport.spitck.ProviderCapability;
import io.genport.spitck.ProviderHarness;
import io.genport.spitck.VendorOperation;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Bedrock provider against a freshly started {@link BedrockSimulator}, over the real HttpClient
 * 5 transport, for one model family and one way of authenticating: Nova Canvas signed with
 * long-term keys, Titan with a Bedrock API key, Stability signed with temporary keys and a session
 * token. The provider reads nothing of the machine's AWS setup ({@code aws-environment=false}).
 */
final class BedrockHarness implements ProviderHarness {
  static final String ACCESS_KEY_ID = "AKIDTCKBEDROCK0001";
  static final String SECRET = "tck/bedrock+secret/key/5c1e9a";
  static final String TEMP_ACCESS_KEY_ID = "ASIATCKBEDROCK0002";
  static final String TEMP_SECRET = "tck/bedrock+temporary/secret/77d0";
  static final String SESSION_TOKEN = "tck-bedrock-session-token-0b4f";
  static final String API_KEY = "tck-bedrock-api-key-3e8a";

  /** The three families, each with its way of authenticating. */
  enum Family {
    NOVA("amazon.nova-canvas-v1:0", 5, "sigv4"),
    TITAN("amazon.titan-image-generator-v2:0", 5, "bearer"),
    STABILITY("stability.sd3-5-large-v1:0", 1, "sigv4-session");

    final String model;
    final int maxImages;
    final String auth;

    Family(String model, int maxImages, String auth) {
      this.model = model;
      this.maxImages = maxImages;
      this.auth = auth;
    }
  }

  final BedrockSimulator sim;
  final HttpClient5Transport http;
  final Family family;

  BedrockHarness(Family family) {
    this.family = family;
    this.sim =
        BedrockSimulator.builder()
            .region("eu-west-1")
            .accessKey(ACCESS_KEY_ID, SECRET)
            .sessionKey(TEMP_ACCESS_KEY_ID, TEMP_SECRET, SESSION_TOKEN)
            .apiKey(API_KEY)
            .start();
    this.http = new HttpClient5Transport();
  }

  @Override
  public ProviderFactory factory() {
    return new BedrockProviderFactory(name -> null);
  }

  @Override
  public ProviderConfig config() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("base-url", sim.runtimeBaseUri().toString());
    c.put("region", sim.region());
    c.put("aws-environment", "false");
    c.put("auth", family.auth.equals("bearer") ? "bearer" : "sigv4");
    return new ProviderConfig(c);
  }

  @Override
  public Map<String, String> credentials() {
    switch (family.auth) {
      case "bearer":
        return Map.of(BedrockAuth.BEARER_TOKEN, API_KEY);
      case "sigv4-session":
        return Map.of(
            BedrockAuth.ACCESS_KEY_ID, TEMP_ACCESS_KEY_ID,
            BedrockAuth.SECRET_ACCESS_KEY, TEMP_SECRET,
            BedrockAuth.SESSION_TOKEN, SESSION_TOKEN);
      default:
        return Map.of(
            BedrockAuth.ACCESS_KEY_ID, ACCESS_KEY_ID, BedrockAuth.SECRET_ACCESS_KEY, SECRET);
    }
  }

  /**
   * The default (each value replaced) for the families that use every name they read; for long-term
   * keys also a wrong {@code AWS_SESSION_TOKEN}. The kit offers decoy values for the names a
   * harness does not use, and a session token is not another vendor's credential: like the AWS
   * SDKs, the provider signs with whatever {@code AWS_SESSION_TOKEN} is set next to the keys.
   */
  @Override
  public Map<String, String> wrongCredentials() {
    Map<String, String> wrong = new LinkedHashMap<>(ProviderHarness.super.wrongCredentials());
    if (family.auth.equals("sigv4")) {
      wrong.put(BedrockAuth.SESSION_TOKEN, "tck-wrong-session-token-91c2");
    }
    return wrong;
  }

  @Override
  public HttpTransport transport() {
    return http;
  }

  @Override
  public String model() {
    return family.model;
  }

  @Override
  public int maxImagesPerCall() {
    return family.maxImages;
  }

  @Override
  public RequestJournal journal() {
    return sim.requests();
  }

  @Override
  public FaultInjector faults() {
    return sim.faults();
  }

  /** One synchronous invoke: nothing to poll, fetch or cancel. */
  @Override
  public Endpoint endpoint(VendorOperation operation) {
    return operation == VendorOperation.SUBMIT ? Endpoint.named(BedrockSimulator.INVOKE) : null;
  }

  @Override
  public Set<String> vendorHosts() {
    return Set.of(BedrockSimulator.RUNTIME);
  }

  /**
   * A secret access key never travels: a request "carries" it when it is signed with it. The access
   * key id, the session token and an API key are looked for as they are.
   */
  @Override
  public boolean carriesCredential(RecordedRequest request, String secret) {
    if (secret.equals(SECRET) || secret.equals(TEMP_SECRET)) {
      return SigV4Verifier.signedWith(request, secret, BedrockSimulator.SIGNING_NAME);
    }
    return ProviderHarness.super.carriesCredential(request, secret);
  }

  @Override
  public boolean cancelRecorded(String vendorJobId) {
    return false;
  }

  /** A size each family makes exactly. */
  @Override
  public PixelSize exactSize() {
    switch (family) {
      case TITAN:
        return new PixelSize(1152, 768);
      case STABILITY:
        return new PixelSize(1024, 1024);
      default:
        return new PixelSize(1024, 768);
    }
  }

  /**
   * Bedrock's own error answers. A 5xx other than 503 comes without an error type, as from the
   * front end: Bedrock's InternalServerException is ambiguous on purpose (the model may have run
   * and the call been billed), which the provider's own tests check, while the kit asks of a bare
   * 5xx that it is retryable and not ambiguous.
   */
  @Override
  public Fault errorResponse(int status) {
    switch (status) {
      case 400:
      case 422:
        return Fault.respond(
            BedrockErrors.malformed(
                    "#/imageGenerationConfig/width: 5000 is not between 320 and 4096")
                .withStatus(status));
      case 404:
        return Fault.respond(BedrockErrors.resourceNotFound());
      case 429:
        return Fault.respond(BedrockErrors.throttling());
      case 503:
        return Fault.respond(BedrockErrors.serviceUnavailable());
      default:
        return ProviderHarness.super.errorResponse(status);
    }
  }

  @Override
  public boolean supports(ProviderCapability capability) {
    EnumSet<ProviderCapability> lacks =
        EnumSet.of(
            // InvokeModel answers with the images: no job to poll or cancel.
            ProviderCapability.QUEUE_STATUS,
            ProviderCapability.CANCEL,
            // Bedrock removes blocked images rather than flagging them.
            ProviderCapability.CONTENT_FLAGS);
    if (family.maxImages == 1) {
      lacks.add(ProviderCapability.MULTIPLE_IMAGES_PER_CALL);
    }
    return !lacks.contains(capability);
  }

  /** Waits, bounded, for released connections to settle, then requires none leased. */
  @Override
  public void verifyNoLeaks() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    HttpClient5Transport.PoolStats s = http.poolStats();
    while ((s.leased() > 0 || s.pending() > 0) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      s = http.poolStats();
    }
    if (s.leased() != 0 || s.pending() != 0) {
      throw new AssertionError("the transport leaked connections: " + s);
    }
  }

  @Override
  public void close() {
    try {
      http.close();
    } finally {
      sim.close();
    }
  }
}
