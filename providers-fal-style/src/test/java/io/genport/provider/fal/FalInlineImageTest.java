package io.genport.provider.fal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.Size;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.spi.ProviderConfig;
import io.genport.spi.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Sync mode's inline images, read from fal's answer as a stream: a data URI of 30 million base64
 * characters (past Jackson's 20 million default string limit, which used to make the answer read as
 * malformed JSON), an escaped one, and the NSFW flags matched to images whatever the field order.
 */
class FalInlineImageTest {

  /** A PNG signature and IHDR of 1024 x 768, then random bytes: what the probe reads is real. */
  static byte[] png(int size) {
    byte[] image = new byte[size];
    new Random(3).nextBytes(image);
    ByteBuffer.wrap(image)
        .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13})
        .put("IHDR".getBytes(StandardCharsets.US_ASCII))
        .putInt(1024)
        .putInt(768);
    return image;
  }

  /** A sync fal provider whose every request gets {@code answer}. */
  static ImageProvider provider(byte[] answer) {
    return new FalProviderFactory()
        .create(
            new ProviderConfig(Map.of("base-url", "https://fal.example", "mode", "sync")),
            TestContexts.context(
                request ->
                    CompletableFuture.completedFuture(
                        new HttpResponse(
                            200,
                            Map.of(
                                "Content-Type", List.of("application/json"),
                                "Content-Length", List.of(Integer.toString(answer.length))),
                            new ByteArrayInputStream(answer))),
                Map.of(FalProviderFactory.CREDENTIAL, FalHarness.KEY)));
  }

  static List<GeneratedImage> run(ImageProvider provider) {
    PlannedCall call =
        provider
            .plan(
                GenerationRequest.builder("a fox").size(Size.exact(1024, 768)).build(),
                "fal-ai/flux/dev")
            .calls()
            .get(0);
    VendorJob job = provider.start(call).join();
    JobStatus.Succeeded done = assertInstanceOf(JobStatus.Succeeded.class, job.finished());
    return done.images();
  }

  @Test
  void aDataUriOfThirtyMillionBase64CharactersIsDecoded() {
    byte[] image = png(22_500_000);
    String b64 = Base64.getEncoder().encodeToString(image);
    assertEquals(30_000_000, b64.length(), "past Jackson's 20,000,000-character default");
    byte[] answer =
        ("{\"images\":[{\"url\":\"data:image/png;base64,"
                + b64
                + "\",\"width\":1024,\"height\":768,\"content_type\":\"image/png\"}],"
                + "\"seed\":77,\"has_nsfw_concepts\":[false]}")
            .getBytes(StandardCharsets.US_ASCII);

    List<GeneratedImage> images = run(provider(answer));

    assertEquals(1, images.size());
    GeneratedImage got = images.get(0);
    assertArrayEquals(image, got.source().readAllBytes());
    assertEquals("image/png", got.mediaType());
    assertEquals(1024, got.width());
    assertEquals(768, got.height());
    assertEquals(77L, got.seed());
    assertFalse(got.flagged());
  }

  @Test
  void escapedDataUrisAndFlagsBeforeImagesReadAsTheTreeReadThem() {
    byte[] first = png(3000);
    byte[] second = png(4000);
    // A JSON writer may escape '/' as "\/": then the parser, not the raw bytes, reads the string.
    String escaped =
        ("data:image/png;base64," + Base64.getEncoder().encodeToString(first)).replace("/", "\\/");
    byte[] answer =
        ("{\"has_nsfw_concepts\":[false,true],\"images\":[{\"url\":\""
                + escaped
                + "\"},{\"width\":\"1024\",\"url\":\"DATA:image/png;base64,"
                + Base64.getMimeEncoder().encodeToString(second).replace("\r\n", "\\r\\n")
                + "\"}],\"seed\":\"12\"}")
            .getBytes(StandardCharsets.US_ASCII);

    List<GeneratedImage> images = run(provider(answer));

    assertEquals(2, images.size());
    assertArrayEquals(first, images.get(0).source().readAllBytes());
    assertFalse(images.get(0).flagged());
    assertArrayEquals(second, images.get(1).source().readAllBytes());
    assertTrue(images.get(1).flagged(), "the second flag belongs to the second image");
    assertEquals(12L, images.get(0).seed(), "a seed written as a string, as asLong read it");
  }
}
