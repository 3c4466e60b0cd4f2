package io.genport.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.toolkit.VendorResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The one grammar of the families' answers, read in one streaming pass. */
class BedrockAnswerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static BedrockAnswer read(String json) throws BedrockAnswer.Unreadable {
    return BedrockAnswer.read(
        VendorResponse.of(200, h -> null, json.getBytes(StandardCharsets.UTF_8), JSON));
  }

  /** A PNG signature, then {@code s}: the image checks applied as an image is received pass. */
  private static byte[] png(String s) {
    byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    byte[] text = s.getBytes(StandardCharsets.UTF_8);
    byte[] all = Arrays.copyOf(sig, sig.length + text.length);
    System.arraycopy(text, 0, all, sig.length, text.length);
    return all;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(png(s));
  }

  @Test
  void readsNovaTitanAndStabilityAnswers() throws Exception {
    BedrockAnswer nova =
        read("{\"images\": [\"" + b64("one") + "\", \"" + b64("two") + "\"], \"error\": null}");
    assertEquals(2, nova.images().size());
    assertArrayEquals(png("two"), nova.images().get(1).bytes());
    assertNull(nova.error());

    BedrockAnswer stability =
        read(
            "{\"seeds\": [\"2130420379\"], \"finish_reasons\": [null], \"images\": [\""
                + b64("img")
                + "\"], \"extra\": {\"a\": [1, 2]}}");
    assertEquals(java.util.List.of(2130420379L), stability.seeds(), "a seed written as a string");
    assertNull(stability.firstReason());

    BedrockAnswer filtered = read("{\"finish_reasons\": [\"Filter reason: prompt\"]}");
    assertEquals(0, filtered.images().size());
    assertEquals("Filter reason: prompt", filtered.firstReason());

    BedrockAnswer blocked =
        read("{\"images\": [], \"error\": \"All of the generated images have been blocked.\"}");
    assertTrue(blocked.error().startsWith("All of"));
    assertTrue(blocked.toString().contains("0 images"), "no image bytes in toString");
  }

  @Test
  void refusesWhatIsNotTheGrammar() {
    assertThrows(BedrockAnswer.Unreadable.class, () -> read("[1, 2]"));
    assertThrows(BedrockAnswer.Unreadable.class, () -> read("{\"images\": \"not a list\"}"));
    assertThrows(BedrockAnswer.Unreadable.class, () -> read("{\"images\": [42]}"));
    BedrockAnswer.Unreadable bad =
        assertThrows(BedrockAnswer.Unreadable.class, () -> read("{\"images\": [\"***\"]}"));
    assertTrue(bad.getMessage().contains("not valid base64"), bad.getMessage());
  }

  /**
   * An image whose base64 is longer than Jackson's default limit for a string (20,000,000
   * characters), as in a Bedrock answer near its 25 MB maximum, still comes through the client: the
   * syntax check skips strings without building them, and the read decodes without one.
   */
  @Test
  void anAnswerNearBedrocksMaximumIsReadWithoutAStringLimit() throws Exception {
    int size = 16 * 1024 * 1024;
    byte[] body = DecodeAllocation.answer(size);
    assertTrue(body.length > 21_000_000, "more base64 than one Jackson string may hold");
    io.genport.toolkit.VendorClient client =
        new io.genport.toolkit.VendorClient(
            request ->
                java.util.concurrent.CompletableFuture.completedFuture(
                    new io.genport.spi.http.HttpResponse(
                        200, java.util.Map.of(), new java.io.ByteArrayInputStream(body))),
            JSON,
            io.genport.toolkit.RequestSigner.header(
                io.genport.toolkit.CredentialScheme.none(),
                io.genport.spi.Credentials.none(),
                new io.genport.toolkit.VendorFailures(
                    "Amazon Bedrock", null, java.time.Clock.systemUTC())),
            java.util.List.of(
                java.net.URI.create("https://bedrock-runtime.us-east-1.amazonaws.com")),
            new io.genport.toolkit.VendorFailures(
                "Amazon Bedrock", null, java.time.Clock.systemUTC()));

    VendorResponse answer =
        client
            .exchange(
                io.genport.toolkit.Phase.SUBMIT,
                new io.genport.toolkit.VendorCall(
                    "POST",
                    java.net.URI.create(
                        "https://bedrock-runtime.us-east-1.amazonaws.com/model/x/invoke"),
                    java.util.Map.of(),
                    "{}",
                    null))
            .join();

    assertEquals(size, BedrockAnswer.read(answer).images().get(0).length());
  }

  /**
   * The streaming read decodes an image with about one image's worth of allocation (Jackson's
   * base64 buffer and the result), not the several a tree and a string cost; see {@link
   * DecodeAllocation} for the figures.
   */
  @Test
  void decodingAnImageAllocatesLittleMoreThanTheImage() throws Exception {
    int size = 4 * 1024 * 1024;
    byte[] answer = DecodeAllocation.answer(size);
    DecodeAllocation.Result streaming = null;
    DecodeAllocation.Result tree = null;
    for (int i = 0; i < 3; i++) {
      streaming = DecodeAllocation.streaming(answer, size);
      tree = DecodeAllocation.tree(answer, size);
    }
    assertTrue(streaming.multiple() < 3.0, "streaming: " + streaming.multiple() + " x");
    assertTrue(
        streaming.allocated() * 2 < tree.allocated(),
        Arrays.toString(new double[] {streaming.multiple(), tree.multiple()}));
  }
}
