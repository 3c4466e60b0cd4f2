package io.genport.benchmarks.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.Size;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.Sleeper;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.ProviderFactory;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Planning one request (negotiation, the catalog translation, the native call) for the first
 * catalog model of each provider family. Nothing is sent: the transport refuses every request. Run
 * with {@code -prof gc} for the allocation per plan.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PlanningBenchmark {

  @Param({"fal", "replicate", "eachlabs", "oxen", "cog", "leonardo", "bedrock"})
  public String family;

  private ImageProvider provider;
  private String model;
  private GenerationRequest request;

  @Setup
  public void setUp() {
    ProviderFactory factory =
        ServiceLoader.load(ProviderFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(f -> f.name().equals(family))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no provider named " + family));
    Map<String, String> credentials = new HashMap<>();
    factory.credentialNames().forEach(n -> credentials.put(n, "bench-credential-" + n));
    Map<String, String> config = new HashMap<>();
    config.put("base-url", "https://vendor.example");
    if (family.equals("bedrock")) {
      config.put("aws-environment", "false");
      config.put("auth", "bearer");
      config.put("region", "us-east-1");
      credentials.put("AWS_BEARER_TOKEN_BEDROCK", "bench-bedrock-key");
    }
    if (family.equals("fal")) {
      config.remove("base-url");
    }
    ProviderContext context =
        ProviderContext.of(
            request -> CompletableFuture.failedFuture(new IllegalStateException("no network")),
            Clock.systemUTC(),
            Sleeper.SYSTEM,
            Credentials.fromMap(credentials),
            new ObjectMapper(),
            new Random(7));
    provider = factory.create(new ProviderConfig(config), context);
    model = provider.models().get(0);
    request =
        GenerationRequest.builder("a red fox in the snow, watercolour")
            .negativePrompt("blurry")
            .size(Size.exact(1000, 700))
            .count(2)
            .seed(1234L)
            .build();
  }

  @Benchmark
  public CallPlan plan() {
    return provider.plan(request, model);
  }
}
