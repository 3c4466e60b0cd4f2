package io.genport.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.Size;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.download.ImageStore;
import io.genport.spi.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bedrock's base64 images written to a directory store as the answer arrives: a 30 MB image (40
 * million base64 characters), Stability's seeds after the images, and invalid base64 leaving no
 * file.
 */
class BedrockInlineImageStoreTest {
  @TempDir Path dir;

  static byte[] png(int size, int width, int height) {
    byte[] image = new byte[size];
    new Random(11).nextBytes(image);
    ByteBuffer.wrap(image)
        .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13})
        .put("IHDR".getBytes(StandardCharsets.US_ASCII))
        .putInt(width)
        .putInt(height);
    return image;
  }

  private ImageProvider provider(byte[] answer) {
    ProviderContext context =
        ProviderContext.of(
                request ->
                    CompletableFuture.completedFuture(
                        new HttpResponse(200, Map.of(), new ByteArrayInputStream(answer))),
                Clock.systemUTC(),
                d -> {},
                Credentials.fromMap(Map.of("AWS_BEARER_TOKEN_BEDROCK", "test-bedrock-key")),
                new ObjectMapper(),
                new Random(7))
            .withImageStore(ImageStore.directory(dir));
    return new BedrockProviderFactory()
        .create(
            new ProviderConfig(
                Map.of(
                    "base-url", "https://bedrock-runtime.example",
                    "auth", "bearer",
                    "aws-environment", "false",
                    "region", "us-east-1")),
            context);
  }

  private static PlannedCall plan(ImageProvider provider, String model, Size size) {
    GenerationRequest.Builder request = GenerationRequest.builder("a fox");
    if (size != null) {
      request.size(size);
    }
    return provider.plan(request.build(), model).calls().get(0);
  }

  private List<Path> files() throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void aThirtyMegabyteImageIsWrittenToAFile() throws IOException {
    byte[] image = png(30_000_000, 1280, 720);
    byte[] answer =
        ("{\"images\":[\"" + Base64.getEncoder().encodeToString(image) + "\"],\"error\":null}")
            .getBytes(StandardCharsets.US_ASCII);
    ImageProvider provider = provider(answer);

    VendorJob job =
        provider.start(plan(provider, "amazon.nova-canvas-v1:0", Size.exact(1280, 720))).join();

    JobStatus.Succeeded done = assertInstanceOf(JobStatus.Succeeded.class, job.finished());
    GeneratedImage got = done.images().get(0);
    Path file = got.source().file().orElseThrow();
    assertArrayEquals(image, Files.readAllBytes(file));
    assertEquals(1280, got.width());
    assertEquals(720, got.height());
    assertEquals(List.of(file), files(), "one complete file, no partial one");
  }

  @Test
  void seedsAfterTheImagesAreStillRead() throws IOException {
    byte[] image = png(200_000, 1024, 1024);
    byte[] answer =
        ("{\"images\":[\""
                + Base64.getEncoder().encodeToString(image)
                + "\"],\"seeds\":[\"4242\"],\"finish_reasons\":[null]}")
            .getBytes(StandardCharsets.US_ASCII);
    ImageProvider provider = provider(answer);

    VendorJob job = provider.start(plan(provider, "stability.sd3-5-large-v1:0", null)).join();

    GeneratedImage got =
        assertInstanceOf(JobStatus.Succeeded.class, job.finished()).images().get(0);
    assertEquals(4242L, got.seed(), "the seed that follows the image");
    assertArrayEquals(image, Files.readAllBytes(got.source().file().orElseThrow()));
  }

  @Test
  void invalidBase64FailsTheCallAndLeavesNoFile() throws IOException {
    String good = Base64.getEncoder().encodeToString(png(300_000, 1280, 720));
    String bad = Base64.getEncoder().encodeToString(png(300_000, 1280, 720));
    byte[] answer =
        ("{\"images\":[\""
                + good
                + "\",\""
                + bad.substring(0, 250_000)
                + "%"
                + bad.substring(250_000)
                + "\"]}")
            .getBytes(StandardCharsets.US_ASCII);
    ImageProvider provider = provider(answer);
    PlannedCall call = plan(provider, "amazon.nova-canvas-v1:0", Size.exact(1280, 720));

    CompletionException e =
        assertThrows(CompletionException.class, () -> provider.start(call).join());

    NonRetryableProviderException cause =
        assertInstanceOf(NonRetryableProviderException.class, e.getCause());
    assertTrue(cause.getMessage().contains("not valid base64"), cause.getMessage());
    assertEquals(List.of(), files(), "neither the first image nor the partial second is kept");
  }
}
