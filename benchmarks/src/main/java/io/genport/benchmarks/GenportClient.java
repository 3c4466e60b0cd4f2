package io.genport.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.application.GenerationRouter;
import io.genport.core.application.Route;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.ImageSource;
import io.genport.core.domain.Size;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.Sleeper;
import io.genport.provider.bedrock.BedrockProviderFactory;
import io.genport.provider.fal.FalProviderFactory;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.download.ImageStore;
import io.genport.transport.httpclient5.HttpClient5Settings;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** GenPort as an application uses it: a provider from its factory, a router, {@code generate}. */
final class GenportClient implements ImageClient {
  static final String FAL_KEY = "bench-key-id:bench-key-secret";
  static final String BEDROCK_KEY = "bench-bedrock-api-key";
  static final String FAL_MODEL = "fal-ai/flux/dev";
  static final String BEDROCK_MODEL = "amazon.nova-canvas-v1:0";

  /** Both clients pool as many connections, more than the callers, so neither waits for one. */
  static final int CONNECTIONS = 256;

  private final HttpClient5Transport transport =
      new HttpClient5Transport(
          HttpClient5Settings.defaults()
              .withMaxConnections(CONNECTIONS, CONNECTIONS)
              // The allocation scenario's 48 MiB inline images are 64 MiB of base64, over the
              // transport's default response cap: raised as a user expecting such answers would.
              .withMaxResponseBytes(256L * 1024 * 1024));
  private final ImageProvider provider;
  private final String model;
  private final GenerationRouter router;

  /** Where a received image is moved when it arrived as a file, or {@code null}. */
  private final Path deliverTo;

  GenportClient(LoopbackVendor vendor, Protocol protocol) {
    this(vendor, protocol, null, null);
  }

  /**
   * A client whose provider writes images into {@code store} as they arrive; each image received as
   * a file is then moved to {@code deliverTo} (a rename in the same directory), the way an
   * application keeps an image as a file without reading it.
   *
   * @param store where images are received, or {@code null} for memory
   * @param deliverTo the file each image ends up as, or {@code null} to stream it to the sink
   */
  GenportClient(LoopbackVendor vendor, Protocol protocol, ImageStore store, Path deliverTo) {
    this.deliverTo = deliverTo;
    ProviderContext base =
        ProviderContext.of(
            transport,
            Clock.systemUTC(),
            Sleeper.SYSTEM,
            Credentials.fromMap(
                Map.of("FAL_KEY", FAL_KEY, "AWS_BEARER_TOKEN_BEDROCK", BEDROCK_KEY)),
            new ObjectMapper(),
            new Random(7));
    ProviderContext context = store == null ? base : base.withImageStore(store);
    if (protocol == Protocol.BEDROCK) {
      provider =
          new BedrockProviderFactory()
              .create(
                  new ProviderConfig(
                      Map.of(
                          "base-url", vendor.bedrockBase().toString(),
                          "auth", "bearer",
                          "aws-environment", "false",
                          "region", "us-east-1")),
                  context);
      model = BEDROCK_MODEL;
    } else {
      provider =
          new FalProviderFactory()
              .create(
                  new ProviderConfig(
                      Map.of(
                          "base-url", vendor.runBase().toString(),
                          "queue-url", vendor.queueBase().toString(),
                          "mode", protocol == Protocol.QUEUE ? "queue" : "sync",
                          "download-allow", vendor.host())),
                  context);
      model = FAL_MODEL;
    }
    router = GenerationRouter.builder(Route.builder().target(provider, model).build()).build();
  }

  static GenerationRequest request() {
    return GenerationRequest.builder("a red fox in the snow").size(Size.exact(1024, 1024)).build();
  }

  /** The JSON body GenPort sends for {@link #request()}: the raw client sends the same. */
  String plannedBody() {
    return provider.plan(request(), model).calls().get(0).call().body();
  }

  @Override
  public String name() {
    return "genport";
  }

  @Override
  public long generate(OutputStream out) throws IOException {
    GenerationResult result = router.generate(request());
    ImageSource source = result.images().get(0).source();
    Optional<Path> file = source.file();
    if (deliverTo != null && file.isPresent()) {
      Files.move(file.get(), deliverTo, StandardCopyOption.REPLACE_EXISTING);
      return source.size();
    }
    try (InputStream in = source.open()) {
      return in.transferTo(out);
    }
  }

  @Override
  public void close() {
    transport.close();
  }
}
