package io.genport.provider.oxen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.NonRetryableProviderException;
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
 * Oxen's sync answers with {@code b64_json} images, decoded as the answer arrives into a directory
 * store (they used to be read whole and held as a string): a 30 MB image with {@code created} after
 * it, and invalid base64 leaving no file.
 */
class OxenInlineImageStoreTest {
  @TempDir Path dir;

  static byte[] png(int size) {
    byte[] image = new byte[size];
    new Random(13).nextBytes(image);
    ByteBuffer.wrap(image)
        .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13})
        .put("IHDR".getBytes(StandardCharsets.US_ASCII))
        .putInt(1024)
        .putInt(1024);
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
                Credentials.fromMap(Map.of(OxenProviderFactory.CREDENTIAL, OxenHarness.KEY)),
                new ObjectMapper(),
                new Random(3))
            .withImageStore(ImageStore.directory(dir));
    return new OxenProviderFactory()
        .create(
            new ProviderConfig(
                Map.of(
                    "base-url", "https://oxen.example/api/ai",
                    "mode", "sync",
                    "response-format", "b64_json")),
            context);
  }

  private static PlannedCall plan(ImageProvider provider) {
    return provider
        .plan(GenerationRequest.builder("a fox").build(), OxenHarness.MODEL)
        .calls()
        .get(0);
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
  void aThirtyMegabyteB64JsonImageIsWrittenToAFileAndCreatedAfterItIsRead() throws IOException {
    byte[] image = png(30_000_000);
    byte[] answer =
        ("{\"images\":[{\"b64_json\":\""
                + Base64.getEncoder().encodeToString(image)
                + "\",\"url\":null}],\"created\":1717171717}")
            .getBytes(StandardCharsets.US_ASCII);
    ImageProvider provider = provider(answer);

    VendorJob job = provider.start(plan(provider)).join();

    assertEquals("sync-1717171717", job.id(), "created, which follows the image, names the job");
    GeneratedImage got =
        assertInstanceOf(JobStatus.Succeeded.class, job.finished()).images().get(0);
    Path file = got.source().file().orElseThrow();
    assertArrayEquals(image, Files.readAllBytes(file));
    assertEquals(1024, got.width());
    assertEquals(List.of(file), files(), "one complete file, no partial one");
  }

  @Test
  void invalidBase64FailsTheCallAndLeavesNoFile() throws IOException {
    String b64 = Base64.getEncoder().encodeToString(png(300_000));
    byte[] answer =
        ("{\"created\":1,\"images\":[{\"b64_json\":\""
                + b64.substring(0, 100_000)
                + "#"
                + b64.substring(100_000)
                + "\"}]}")
            .getBytes(StandardCharsets.US_ASCII);
    ImageProvider provider = provider(answer);

    CompletionException e =
        assertThrows(CompletionException.class, () -> provider.start(plan(provider)).join());

    NonRetryableProviderException cause =
        assertInstanceOf(NonRetryableProviderException.class, e.getCause());
    assertTrue(cause.getMessage().contains("not valid base64"), cause.getMessage());
    assertEquals(List.of(), files());
  }
}
