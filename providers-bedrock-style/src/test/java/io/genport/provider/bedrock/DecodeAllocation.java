package io.genport.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.toolkit.VendorResponse;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/**
 * Measures what decoding an image from a Bedrock answer allocates, as a multiple of the image's
 * size: the provider's streaming read ({@link BedrockAnswer#read}, base64 decoded straight from the
 * answer's bytes) against the obvious one (a JSON tree, then the base64 string decoded). Counts the
 * bytes the current thread allocates ({@code com.sun.management.ThreadMXBean}); the answer's own
 * bytes, which the client holds either way, are not counted.
 *
 * <p>Run: {@code java -cp <test classpath> io.genport.provider.bedrock.DecodeAllocation [MB]}.
 */
public final class DecodeAllocation {
  private DecodeAllocation() {}

  /** The measurement of one way of decoding. */
  record Result(long imageBytes, long allocated) {
    double multiple() {
      return (double) allocated / imageBytes;
    }
  }

  /** A Nova-shaped answer with one random image of {@code imageBytes}. */
  static byte[] answer(int imageBytes) {
    byte[] image = new byte[imageBytes];
    new Random(1).nextBytes(image);
    // A PNG signature: the image is checked as it is received.
    System.arraycopy(
        new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, image, 0, 8);
    String json =
        "{\"images\":[\"" + Base64.getEncoder().encodeToString(image) + "\"],\"error\":null}";
    return json.getBytes(StandardCharsets.US_ASCII);
  }

  static Result streaming(byte[] answer, int imageBytes) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    long before = allocated();
    VendorResponse r = VendorResponse.of(200, h -> null, answer, mapper);
    long image = BedrockAnswer.read(r).images().get(0).length();
    long after = allocated();
    check(image == imageBytes);
    return new Result(imageBytes, after - before);
  }

  static Result tree(byte[] answer, int imageBytes) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    long before = allocated();
    JsonNode root = mapper.readTree(answer);
    byte[] image = Base64.getDecoder().decode(root.path("images").get(0).asText());
    long after = allocated();
    check(image.length == imageBytes);
    return new Result(imageBytes, after - before);
  }

  private static void check(boolean ok) {
    if (!ok) {
      throw new AssertionError("decoded the wrong number of bytes");
    }
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  public static void main(String[] args) throws Exception {
    int mb = args.length > 0 ? Integer.parseInt(args[0]) : 18;
    int size = mb * 1024 * 1024;
    byte[] answer = answer(size);
    // Warm up both paths, then report the last of a few runs of each.
    Result s = null;
    for (int i = 0; i < 4; i++) {
      s = streaming(answer, size);
    }
    System.out.printf(
        "image %d bytes in a %d-byte answer%nstreaming read: %d bytes allocated, %.2f x the image%n",
        size, answer.length, s.allocated(), s.multiple());
    try {
      Result t = null;
      for (int i = 0; i < 4; i++) {
        t = tree(answer, size);
      }
      System.out.printf(
          "tree then decode: %d bytes allocated, %.2f x the image%n", t.allocated(), t.multiple());
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      // Jackson refuses strings over 20,000,000 characters by default: a tree cannot hold it.
      System.out.println("tree then decode: fails, " + e.getOriginalMessage());
    }
  }
}
