package io.genport.bootstrap.thirdparty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageSource;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.Target;
import io.genport.core.domain.negotiation.ModelCapabilities;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.NativeCall;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.spi.ProviderContext;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.catalog.NativeTranslator;
import io.genport.spi.catalog.Translation;
import io.genport.spi.http.HttpFailures;
import io.genport.spi.http.HttpRequest;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * PixelForge's protocol, made up and synchronous: {@code POST {base-url}/{endpoint}} with {@code
 * Authorization: Bearer <token>} answers {@code {"id", "width", "height", "png": <base64>}}.
 *
 * <p>Deliberately careless: the job id it reports ends with its credential, as a buggy plugin might
 * do, so that tests can prove the command line never prints a declared credential.
 */
final class PixelForgeProvider implements ImageProvider {
  private final ModelCatalog catalog;
  private final URI baseUrl;
  private final ProviderContext context;

  PixelForgeProvider(ModelCatalog catalog, URI baseUrl, ProviderContext context) {
    this.catalog = catalog;
    this.baseUrl = baseUrl;
    this.context = context;
  }

  @Override
  public String name() {
    return PixelForgeProviderFactory.NAME;
  }

  @Override
  public List<String> models() {
    return List.copyOf(catalog.models().keySet());
  }

  @Override
  public ModelCapabilities describe(String model) {
    return catalog.require(model).capabilities();
  }

  @Override
  public CallPlan plan(GenerationRequest request, String model) {
    ModelSpec spec = catalog.require(model);
    Translation t = NativeTranslator.translate(request, spec, name(), context.random());
    URI uri = URI.create(baseUrl + "/" + spec.endpoint());
    List<PlannedCall> calls = new ArrayList<>();
    for (int i = 0; i < t.bodies().size(); i++) {
      String json;
      try {
        json = context.json().writeValueAsString(t.bodies().get(i));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
      calls.add(
          new PlannedCall(
              t.negotiated().parts().get(i),
              new NativeCall("POST", uri, Map.of(), "Authorization", json),
              t.negotiated().size().choice().pixels()));
    }
    return new CallPlan(new Target(name(), spec.id()), t.negotiated(), calls);
  }

  @Override
  public CompletableFuture<VendorJob> start(PlannedCall call) {
    String token =
        context
            .credentials()
            .lookup(PixelForgeProviderFactory.CREDENTIAL)
            .orElseThrow(
                () ->
                    new NonRetryableProviderException(
                        "set " + PixelForgeProviderFactory.CREDENTIAL, 401, null))
            .reveal();
    NativeCall c = call.call();
    Target target = new Target(name(), modelOf(c.uri()));
    return context
        .transport()
        .send(HttpRequest.postJson(c.uri(), Map.of("Authorization", "Bearer " + token), c.body()))
        .thenApply(
            response -> {
              byte[] bytes = response.readBody(10_000_000);
              if (response.status() != 200) {
                throw HttpFailures.forStatus(
                    name(), response.status(), null, null, context.clock());
              }
              JsonNode json;
              try {
                json = context.json().readTree(bytes);
              } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
              }
              GeneratedImage image =
                  new GeneratedImage(
                      ImageSource.of(Base64.getDecoder().decode(json.path("png").asText())),
                      "image/png",
                      json.path("width").asInt(),
                      json.path("height").asInt(),
                      call.part().seed(),
                      false);
              return new VendorJob(
                  target,
                  json.path("id").asText() + "-" + token,
                  Map.of(),
                  new JobStatus.Succeeded(List.of(image), null));
            });
  }

  /** The model whose endpoint {@code uri} calls. */
  private String modelOf(URI uri) {
    String endpoint = uri.toString().substring(baseUrl.toString().length() + 1);
    return catalog.models().values().stream()
        .filter(m -> m.endpoint().equals(endpoint))
        .findFirst()
        .orElseThrow()
        .id();
  }

  @Override
  public CompletableFuture<JobStatus> poll(VendorJob job) {
    // Synchronous: every job is finished when start() returns it.
    return CompletableFuture.completedFuture(job.finished());
  }
}
