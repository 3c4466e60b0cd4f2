package io.genport.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.Size;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The whole provider path for an answer past Jackson's default string limit: 30 million base64
 * characters (a 22.5 MB image, near Bedrock's 25 MB answer maximum) read, checked and decoded.
 */
class BedrockInlineImageTest {

  @Test
  void anImageOfThirtyMillionBase64CharactersComesThroughTheProvider() {
    byte[] image = new byte[22_500_000];
    new Random(5).nextBytes(image);
    ByteBuffer.wrap(image)
        .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13})
        .put("IHDR".getBytes(StandardCharsets.US_ASCII))
        .putInt(1280)
        .putInt(720);
    String b64 = Base64.getEncoder().encodeToString(image);
    assertEquals(30_000_000, b64.length());
    byte[] answer =
        ("{\"images\":[\"" + b64 + "\"],\"error\":null}").getBytes(StandardCharsets.US_ASCII);
    ProviderContext context =
        ProviderContext.of(
            request ->
                CompletableFuture.completedFuture(
                    new HttpResponse(
                        200,
                        Map.of("Content-Length", List.of(Integer.toString(answer.length))),
                        new ByteArrayInputStream(answer))),
            Clock.systemUTC(),
            d -> {},
            Credentials.fromMap(Map.of("AWS_BEARER_TOKEN_BEDROCK", "test-bedrock-key")),
            new ObjectMapper(),
            new Random(7));
    ImageProvider provider =
        new BedrockProviderFactory()
            .create(
                new ProviderConfig(
                    Map.of(
                        "base-url", "https://bedrock-runtime.example",
                        "auth", "bearer",
                        "aws-environment", "false",
                        "region", "us-east-1")),
                context);
    PlannedCall call =
        provider
            .plan(
                GenerationRequest.builder("a fox").size(Size.exact(1280, 720)).build(),
                "amazon.nova-canvas-v1:0")
            .calls()
            .get(0);

    VendorJob job = provider.start(call).join();

    JobStatus.Succeeded done = assertInstanceOf(JobStatus.Succeeded.class, job.finished());
    GeneratedImage got = done.images().get(0);
    assertArrayEquals(image, got.source().readAllBytes());
    assertEquals(1280, got.width());
    assertEquals(720, got.height());
  }
}
