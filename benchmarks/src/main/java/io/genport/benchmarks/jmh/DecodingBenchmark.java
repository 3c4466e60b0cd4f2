package io.genport.benchmarks.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.Size;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.Sleeper;
import io.genport.core.port.VendorJob;
import io.genport.provider.bedrock.BedrockProviderFactory;
import io.genport.provider.fal.FalProviderFactory;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.download.DownloadPolicy;
import io.genport.spi.download.DownloadedImage;
import io.genport.spi.download.ResultDownloader;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.HttpTransport;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * Turning what a vendor sent into an image, without a network: a downloaded body (the transport
 * hands over an in-memory stream), a {@code data:} URI, fal's sync answer carrying a data URI, and
 * Bedrock's JSON answer carrying bare base64 (the whole submit path of the provider, answer read,
 * parsed and decoded). Run with {@code -prof gc}: {@code gc.alloc.rate.norm} divided by {@code
 * imageBytes} is the allocation as a multiple of the image.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class DecodingBenchmark {

  @Param({"1048576", "16777216"})
  public int imageBytes;

  private byte[] image;
  private String dataUri;
  private byte[] falAnswer;
  private byte[] bedrockAnswer;
  private ResultDownloader downloader;
  private ImageProvider fal;
  private PlannedCall falCall;
  private ImageProvider bedrock;
  private PlannedCall bedrockCall;

  @Setup
  public void setUp() {
    image = new byte[imageBytes];
    new Random(1).nextBytes(image);
    // A PNG signature and IHDR, so the probe accepts the bytes as an image.
    ByteBuffer.wrap(image)
        .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13})
        .put("IHDR".getBytes(StandardCharsets.US_ASCII))
        .putInt(1024)
        .putInt(1024);
    String b64 = Base64.getEncoder().encodeToString(image);
    dataUri = "data:image/png;base64," + b64;
    falAnswer =
        ("{\"images\":[{\"url\":\"" + dataUri + "\",\"width\":1024,\"height\":1024}],\"seed\":1}")
            .getBytes(StandardCharsets.UTF_8);
    bedrockAnswer = ("{\"images\":[\"" + b64 + "\"]}").getBytes(StandardCharsets.UTF_8);
    HttpTransport transport =
        request -> {
          String path = request.uri().getPath();
          byte[] body =
              path.endsWith("/invoke")
                  ? bedrockAnswer
                  : path.startsWith("/fal") ? falAnswer : image;
          return CompletableFuture.completedFuture(
              new HttpResponse(
                  200,
                  Map.of("Content-Length", List.of(Integer.toString(body.length))),
                  new ByteArrayInputStream(body)));
        };
    downloader = new ResultDownloader(transport, DownloadPolicy.allowing("vendor.example"));
    ProviderContext context =
        ProviderContext.of(
            transport,
            Clock.systemUTC(),
            Sleeper.SYSTEM,
            Credentials.fromMap(Map.of("FAL_KEY", "k:s", "AWS_BEARER_TOKEN_BEDROCK", "bench")),
            new ObjectMapper(),
            new Random(7));
    GenerationRequest request =
        GenerationRequest.builder("a red fox").size(Size.exact(1024, 1024)).build();
    fal =
        new FalProviderFactory()
            .create(
                new ProviderConfig(Map.of("base-url", "http://vendor.example/fal", "mode", "sync")),
                context);
    falCall = fal.plan(request, "fal-ai/flux/dev").calls().get(0);
    bedrock =
        new BedrockProviderFactory()
            .create(
                new ProviderConfig(
                    Map.of(
                        "base-url", "http://vendor.example",
                        "auth", "bearer",
                        "aws-environment", "false",
                        "region", "us-east-1")),
                context);
    bedrockCall = bedrock.plan(request, "amazon.nova-canvas-v1:0").calls().get(0);
  }

  @Benchmark
  public DownloadedImage urlDownload() {
    return downloader.fetch("http://vendor.example/image.png").join();
  }

  @Benchmark
  public DownloadedImage dataUri() {
    return downloader.fetch(dataUri).join();
  }

  @Benchmark
  public VendorJob falSyncDataUri() {
    return fal.start(falCall).join();
  }

  @Benchmark
  public VendorJob bedrockBase64() {
    return bedrock.start(bedrockCall).join();
  }
}
