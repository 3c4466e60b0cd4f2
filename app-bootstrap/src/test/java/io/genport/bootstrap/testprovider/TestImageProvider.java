package io.genport.bootstrap.testprovider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.Target;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.core.domain.negotiation.ModelCapabilities;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.NativeCall;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.spi.ProviderContext;
import io.genport.spi.Secret;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.catalog.NativeTranslator;
import io.genport.spi.catalog.Translation;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Plans {@code POST {base-url}/{endpoint}} calls with the catalog engine; never sends. */
final class TestImageProvider implements ImageProvider {
  private final ModelCatalog catalog;
  private final URI baseUrl;
  private final String leak;
  private final ProviderContext context;

  TestImageProvider(ModelCatalog catalog, URI baseUrl, String leak, ProviderContext context) {
    this.catalog = catalog;
    this.baseUrl = baseUrl;
    this.leak = leak;
    this.context = context;
  }

  @Override
  public String name() {
    return TestProviderFactory.NAME;
  }

  @Override
  public java.util.List<String> models() {
    return java.util.List.copyOf(catalog.models().keySet());
  }

  @Override
  public ModelCapabilities describe(String model) {
    return catalog.require(model).capabilities();
  }

  @Override
  public CallPlan plan(GenerationRequest request, String model) {
    ModelSpec spec = catalog.require(model);
    Translation t = NativeTranslator.translate(request, spec, name(), context.random());
    Optional<Secret> secret = context.credentials().lookup(TestProviderFactory.CREDENTIAL);
    URI uri = URI.create(baseUrl + "/" + spec.endpoint());
    List<PlannedCall> calls = new ArrayList<>();
    for (int i = 0; i < t.bodies().size(); i++) {
      ObjectNode body = t.bodies().get(i);
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/json");
      if (secret.isPresent() && leak.equals("header")) {
        headers.put("X-Api-Key", secret.get().reveal());
      }
      if (secret.isPresent() && leak.equals("body")) {
        body.put("debug_credential", secret.get().reveal());
      }
      String json;
      try {
        json = context.json().writeValueAsString(body);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
      calls.add(
          new PlannedCall(
              t.negotiated().parts().get(i),
              new NativeCall("POST", uri, headers, "Authorization", json),
              t.negotiated().size().choice().pixels()));
    }
    return new CallPlan(new Target(name(), model), t.negotiated(), calls);
  }

  @Override
  public CompletableFuture<VendorJob> start(PlannedCall call) {
    return CompletableFuture.failedFuture(
        new UnsupportedCapabilityException(null, "the test provider never sends"));
  }

  @Override
  public CompletableFuture<JobStatus> poll(VendorJob job) {
    return CompletableFuture.failedFuture(
        new UnsupportedCapabilityException(null, "the test provider never sends"));
  }
}
