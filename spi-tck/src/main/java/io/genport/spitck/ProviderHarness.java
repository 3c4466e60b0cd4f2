package io.genport.spitck;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.Size;
import io.genport.simulators.Endpoint;
import io.genport.simulators.Fault;
import io.genport.simulators.FaultInjector;
import io.genport.simulators.RecordedRequest;
import io.genport.simulators.RequestJournal;
import io.genport.simulators.TriggerWords;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderFactory;
import io.genport.spi.http.HttpTransport;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a provider module gives {@link ProviderContractTest}: its factory, a freshly started vendor
 * simulator with the configuration that points at it, and the facts the contract tests need to
 * judge the provider against that simulator. One harness serves exactly one test; {@link #close()}
 * stops the simulator and the transport.
 *
 * <p>Implementations decide nothing about the provider's behaviour; they only describe the test
 * setup. The methods with defaults fit every simulator in {@code genport-simulators}; override them
 * where a vendor differs (for example {@link #carriesCredential} for a signing scheme that never
 * sends the secret itself).
 *
 * <p>Requirements on the simulator: jobs advance by status polls, not by time (so tests never
 * sleep), and queued jobs go through at least one non-final status before they finish when {@link
 * ProviderCapability#QUEUE_STATUS} is supported.
 *
 * @since 1
 */
public interface ProviderHarness extends AutoCloseable {

  /** The factory under test, instantiated as {@link java.util.ServiceLoader} would. */
  ProviderFactory factory();

  /** The provider configuration that points at this harness's simulator. */
  ProviderConfig config();

  /**
   * Credentials the simulator accepts, by the names the provider looks up (e.g. {@code FAL_KEY}).
   * Their values are what {@link ProviderContractTest} searches for in places a secret must not be.
   */
  Map<String, String> credentials();

  /**
   * Credentials of the right names with values the simulator refuses. The default replaces every
   * value of {@link #credentials()} with a different, well-formed-looking one.
   */
  default Map<String, String> wrongCredentials() {
    Map<String, String> wrong = new LinkedHashMap<>();
    credentials().forEach((k, v) -> wrong.put(k, "tck-wrong-" + Integer.toHexString(v.hashCode())));
    return wrong;
  }

  /**
   * The transport the provider gets. Provider modules pass the real transport they ship with (for
   * example {@code HttpClient5Transport}), so faults such as connection resets are seen the way
   * they will be in production. {@link ProviderContractTest} wraps it to record what is sent.
   */
  HttpTransport transport();

  /** The model id to test with, e.g. {@code fal-ai/flux/dev}. */
  String model();

  /** The most images one call of {@link #model()} returns, as the vendor documents it. */
  int maxImagesPerCall();

  /** Every request the simulator received. */
  RequestJournal journal();

  /** The simulator's fault rules. */
  FaultInjector faults();

  /**
   * The simulator endpoint that serves {@code operation}, or {@code null} when the provider's
   * protocol has no such call (a synchronous vendor has no {@link VendorOperation#STATUS}).
   */
  Endpoint endpoint(VendorOperation operation);

  /**
   * Injects {@code fault} once, into the next request for {@code operation}.
   *
   * @throws IllegalArgumentException when the protocol has no such call
   */
  default void injectOnce(VendorOperation operation, Fault fault) {
    Endpoint e = endpoint(operation);
    if (e == null) {
      throw new IllegalArgumentException(
          "the provider's protocol has no " + operation + " call to inject " + fault + " into");
    }
    faults().on(e).inject(fault);
  }

  /**
   * The simulator's host names ({@link RecordedRequest#host()}) that belong to the vendor and may
   * receive the credential: API hosts, not media or CDN hosts.
   */
  Set<String> vendorHosts();

  /**
   * Whether {@code request} carries {@code secret}. The default looks for it in every header value,
   * the raw query and the body.
   */
  default boolean carriesCredential(RecordedRequest request, String secret) {
    for (var values : request.headers().values()) {
      for (String v : values) {
        if (v.contains(secret)) {
          return true;
        }
      }
    }
    String query = request.rawQuery();
    return (query != null && query.contains(secret)) || request.bodyText().contains(secret);
  }

  /**
   * Whether the simulator recorded a cancellation of the vendor job with this id (the id of the
   * {@link io.genport.core.port.VendorJob}). Only called when {@link ProviderCapability#CANCEL} is
   * supported.
   */
  boolean cancelRecorded(String vendorJobId);

  /**
   * The seed that the billable request {@code submit} carried, or empty when it carried none. The
   * default parses the body as JSON and returns the first field called {@code seed} at any depth,
   * as a JSON integer or a string holding one.
   */
  default Optional<Long> seedSent(RecordedRequest submit) {
    JsonNode root;
    try {
      root = submit.bodyJson();
    } catch (UncheckedIOException notJson) {
      return Optional.empty();
    }
    JsonNode seed = findField(root, "seed");
    if (seed == null) {
      return Optional.empty();
    }
    if (seed.isIntegralNumber() && seed.canConvertToLong()) {
      return Optional.of(seed.asLong());
    }
    if (seed.isTextual()) {
      try {
        return Optional.of(Long.parseLong(seed.asText().strip()));
      } catch (NumberFormatException notANumber) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * A size {@link #model()} produces exactly, so planning it reports no adaptation. Default {@code
   * 1024x768}.
   */
  default PixelSize exactSize() {
    return new PixelSize(1024, 768);
  }

  /**
   * A size {@link #model()} cannot produce exactly, so planning it reports a size adaptation.
   * Default {@code 1000x700}, which no 8- or 16-pixel grid and no common preset holds.
   */
  default Size inexactSize() {
    return Size.exact(1000, 700);
  }

  /** A prompt the simulator refuses on content grounds. Default: a prompt with {@code [reject]}. */
  default String rejectedPrompt() {
    return "a quiet harbour " + TriggerWords.REJECT;
  }

  /** A prompt the simulator generates but flags. Default: a prompt with {@code [nsfw]}. */
  default String flaggedPrompt() {
    return "a quiet harbour " + TriggerWords.NSFW;
  }

  /**
   * A vendor-shaped error response with {@code status} to inject into a call, for the failure
   * mapping tests (404, 422). The default is the status with a small JSON body.
   */
  default Fault errorResponse(int status) {
    return Fault.status(status).withJsonBody(Map.of("detail", "simulated HTTP " + status));
  }

  /**
   * Whether the provider and {@link #model()} support {@code capability}. Defaults to {@code true}:
   * override it only for what is really missing, and each such flag switches on a test that checks
   * the unsupported outcome.
   */
  default boolean supports(ProviderCapability capability) {
    return true;
  }

  /**
   * Asserts that the harness leaked nothing, for example that the transport holds no leased
   * connection; called after every contract test, before {@link #close()}. The default checks
   * nothing.
   *
   * @throws AssertionError when something leaked
   */
  default void verifyNoLeaks() {}

  /** Stops the simulator and the transport. Must not throw for an already closed harness. */
  @Override
  void close();

  private static JsonNode findField(JsonNode node, String name) {
    if (node == null) {
      return null;
    }
    if (node.isObject()) {
      JsonNode direct = node.get(name);
      if (direct != null) {
        return direct;
      }
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        JsonNode found = findField(it.next(), name);
        if (found != null) {
          return found;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode child : node) {
        JsonNode found = findField(child, name);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
