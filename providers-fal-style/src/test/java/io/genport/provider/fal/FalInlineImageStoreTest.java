package io.genport.provider.fal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.Size;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.spi.ProviderConfig;
import io.genport.spi.download.ImageStore;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.HttpTransportException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fal's sync answers with data URI images written to a directory store as the answer arrives: a 30
 * MB base64 image, the flags and seed that follow it, and answers that fail (invalid base64, a body
 * that breaks off) leaving no file behind.
 */
class FalInlineImageStoreTest {
  @TempDir Path dir;

  private ImageProvider provider(Supplier<InputStream> body) {
    return new FalProviderFactory()
        .create(
            new ProviderConfig(Map.of("base-url", "https://fal.example", "mode", "sync")),
            TestContexts.context(
                    request ->
                        CompletableFuture.completedFuture(
                            new HttpResponse(
                                200,
                                Map.of("Content-Type", List.of("application/json")),
                                body.get())),
                    Map.of(FalProviderFactory.CREDENTIAL, FalHarness.KEY))
                .withImageStore(ImageStore.directory(dir)));
  }

  private static PlannedCall plan(ImageProvider provider) {
    return provider
        .plan(
            GenerationRequest.builder("a fox").size(Size.exact(1024, 768)).build(),
            "fal-ai/flux/dev")
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
  void aThirtyMegabyteDataUriIsWrittenToAFileAndTheFieldsAfterItAreRead() throws IOException {
    byte[] image = FalInlineImageTest.png(30_000_000);
    byte[] answer =
        ("{\"images\":[{\"url\":\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(image)
                + "\",\"width\":1024,\"height\":768}],"
                + "\"has_nsfw_concepts\":[true],\"seed\":77}")
            .getBytes(StandardCharsets.US_ASCII);
    ImageProvider provider = provider(() -> new ByteArrayInputStream(answer));

    VendorJob job = provider.start(plan(provider)).join();

    JobStatus.Succeeded done = assertInstanceOf(JobStatus.Succeeded.class, job.finished());
    GeneratedImage got = done.images().get(0);
    Path file = got.source().file().orElseThrow();
    assertEquals(dir.toAbsolutePath(), file.getParent());
    assertArrayEquals(image, Files.readAllBytes(file));
    assertEquals("image/png", got.mediaType());
    assertEquals(1024, got.width());
    assertEquals(768, got.height());
    assertTrue(got.flagged(), "has_nsfw_concepts after the image still flags it");
    assertEquals(77L, got.seed(), "the seed after the image");
    assertEquals(List.of(file), files(), "one complete file, no partial one");
  }

  @Test
  void invalidBase64FailsTheCallAndLeavesNoFile() throws IOException {
    String good = Base64.getEncoder().encodeToString(FalInlineImageTest.png(300_000));
    String bad = Base64.getEncoder().encodeToString(FalInlineImageTest.png(300_000));
    byte[] answer =
        ("{\"images\":[{\"url\":\"data:image/png;base64,"
                + good
                + "\"},{\"url\":\"data:image/png;base64,"
                + bad.substring(0, 200_000)
                + "!"
                + bad.substring(200_000)
                + "\"}],\"seed\":1}")
            .getBytes(StandardCharsets.US_ASCII);
    ImageProvider provider = provider(() -> new ByteArrayInputStream(answer));

    CompletionException e =
        assertThrows(CompletionException.class, () -> provider.start(plan(provider)).join());

    NonRetryableProviderException cause =
        assertInstanceOf(NonRetryableProviderException.class, e.getCause());
    assertTrue(cause.getMessage().contains("not valid base64"), cause.getMessage());
    assertEquals(List.of(), files(), "neither the first image nor the partial second is kept");
  }

  @Test
  void anAnswerThatBreaksOffIsRetryableAndLeavesNoFile() throws IOException {
    byte[] answer =
        ("{\"images\":[{\"url\":\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(FalInlineImageTest.png(1_000_000))
                + "\"}],\"seed\":1}")
            .getBytes(StandardCharsets.US_ASCII);
    ImageProvider provider =
        provider(
            () ->
                new FilterInputStream(new ByteArrayInputStream(answer, 0, 700_000)) {
                  @Override
                  public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n < 0) {
                      throw new IOException("connection reset");
                    }
                    return n;
                  }
                });

    CompletionException e =
        assertThrows(CompletionException.class, () -> provider.start(plan(provider)).join());

    RetryableProviderException cause =
        assertInstanceOf(RetryableProviderException.class, e.getCause());
    assertTrue(cause.ambiguous(), "fal has done (and billed) the work: " + cause.getMessage());
    assertEquals(List.of(), files());
  }

  @Test
  void anAnswerOverTheTransportsCapIsAnUnreadableBodyAndLeavesNoFile() throws IOException {
    byte[] answer =
        ("{\"images\":[{\"url\":\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(FalInlineImageTest.png(1_000_000))
                + "\"}],\"seed\":1}")
            .getBytes(StandardCharsets.US_ASCII);
    // What a transport's body stream throws past its response cap: not an IOException.
    ImageProvider provider =
        provider(
            () ->
                new FilterInputStream(new ByteArrayInputStream(answer, 0, 700_000)) {
                  @Override
                  public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n < 0) {
                      throw new HttpTransportException(
                          "response body exceeds the cap of 700000 bytes", true, null);
                    }
                    return n;
                  }
                });

    CompletionException e =
        assertThrows(CompletionException.class, () -> provider.start(plan(provider)).join());

    RetryableProviderException cause =
        assertInstanceOf(RetryableProviderException.class, e.getCause());
    assertTrue(cause.getMessage().contains("could not be read"), cause.getMessage());
    assertTrue(cause.ambiguous(), "fal has done (and billed) the work: " + cause.getMessage());
    assertEquals(List.of(), files());
  }
}
