package io.genport.toolkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.spi.download.DownloadPolicy;
import io.genport.spi.download.DownloadedImage;
import io.genport.spi.download.ImageStore;
import io.genport.spi.download.ResultDownloader;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inline images read from a streamed answer: the data URI prefix filter under the parser, and
 * {@link VendorResponse#receiveImage} decoding into a directory store as the bytes arrive.
 */
class InlineImageReadingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static byte[] png(int size, int seed) {
    byte[] image = new byte[size];
    new Random(seed).nextBytes(image);
    System.arraycopy(
        new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, image, 0, 8);
    return image;
  }

  /** Hands out at most {@code step} bytes a read: prefixes and escapes split across reads. */
  static InputStream trickle(byte[] bytes, int step) {
    return new FilterInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, step));
      }
    };
  }

  private ResultDownloader downloader() {
    return new ResultDownloader(
        request -> CompletableFuture.failedFuture(new AssertionError("no download expected")),
        DownloadPolicy.allowing(null),
        "download-allow",
        ImageStore.directory(dir));
  }

  private VendorResponse streamed(InputStream body) {
    return VendorResponse.streamed(200, h -> null, body, JSON, downloader());
  }

  private List<Path> files() throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  private static String text(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void theFilterRemovesOnlyTheStrictPrefixOfValueStrings() throws IOException {
    String json =
        "{\"data:image/png;base64,k\":\"data:image/png;base64,QUJD\","
            + "\"b\":[\"x\",\"DATA:image\\/webp;charset=x;base64,QQ==\"],"
            + "\"c\":\"say \\\"data:image/png;base64,QQ==\\\"\","
            + "\"d\":\"data:text/plain,hello\","
            + "\"e\":\"data:image/png;base64\\u002cQQ\"}";
    for (int step : new int[] {1, 3, 8192}) {
      DataUriPrefixFilter f =
          new DataUriPrefixFilter(
              trickle(json.getBytes(StandardCharsets.ISO_8859_1), step), 1 << 20, true);
      String out = text(f);
      assertEquals(
          "{\"data:image/png;base64,k\":\"QUJD\","
              + "\"b\":[\"x\",\"QQ==\"],"
              + "\"c\":\"say \\\"data:image/png;base64,QQ==\\\"\","
              + "\"d\":\"data:text/plain,hello\","
              + "\"e\":\"data:image/png;base64\\u002cQQ\"}",
          out,
          "keys, text inside strings and prefixes it does not read stay; step " + step);
    }
  }

  @Test
  void theParserTellsDataUrisAndRestoresTheirText() throws IOException {
    String json =
        "{\"u\":\"data:image\\/png;base64,QUJD\",\"t\":\"data:text/plain,hi\",\"h\":\"https://x\"}";
    VendorResponse answer =
        VendorResponse.of(200, h -> null, json.getBytes(StandardCharsets.UTF_8), JSON);
    List<String> texts = new ArrayList<>();
    List<Boolean> dataUris = new ArrayList<>();
    try (JsonParser p = answer.parser()) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.VALUE_STRING) {
          dataUris.add(answer.isDataUri(p));
          texts.add(answer.text(p));
        }
      }
    }
    assertEquals(List.of(true, true, false), dataUris);
    assertEquals(List.of("data:image/png;base64,QUJD", "data:text/plain,hi", "https://x"), texts);
  }

  @Test
  void imagesAreDecodedIntoTheStoreAndLaterFieldsStillRead() throws IOException {
    byte[] first = png(100_000, 1);
    byte[] second = png(70_001, 2);
    String escaped =
        ("data:image/png;base64," + Base64.getMimeEncoder().encodeToString(first))
            .replace("/", "\\/")
            .replace("\r\n", "\\r\\n");
    byte[] json =
        ("{\"images\":[\""
                + escaped
                + "\",\""
                + Base64.getEncoder().withoutPadding().encodeToString(second)
                + "\"],\"seed\":42,\"flag\":true}")
            .getBytes(StandardCharsets.US_ASCII);
    VendorResponse answer = streamed(trickle(json, 777));
    List<DownloadedImage> images = new ArrayList<>();
    long seed = 0;
    boolean flag = false;
    try (JsonParser p = answer.parser()) {
      assertEquals(JsonToken.START_OBJECT, p.nextToken());
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        if (field.equals("images")) {
          for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            images.add(answer.receiveImage(p, "inline image"));
          }
        } else if (field.equals("seed")) {
          seed = p.getLongValue();
        } else if (field.equals("flag")) {
          flag = v == JsonToken.VALUE_TRUE;
        }
      }
    }
    answer.close();

    assertEquals(42, seed);
    assertTrue(flag);
    assertEquals(2, images.size());
    assertArrayEquals(first, Files.readAllBytes(images.get(0).source().file().orElseThrow()));
    assertArrayEquals(second, Files.readAllBytes(images.get(1).source().file().orElseThrow()));
    assertEquals("image/png", images.get(0).mediaType());
    assertEquals(2, files().size(), "two complete files, no partial one: " + files());
  }

  @Test
  void invalidBase64IsRefusedAndLeavesNoFile() throws IOException {
    byte[] good = png(50_000, 3);
    String b64 = Base64.getEncoder().encodeToString(png(50_000, 4));
    byte[] json =
        ("{\"images\":[\""
                + Base64.getEncoder().encodeToString(good)
                + "\",\""
                + b64.substring(0, 40_000)
                + "*"
                + b64.substring(40_000)
                + "\"]}")
            .getBytes(StandardCharsets.US_ASCII);
    VendorResponse answer = streamed(trickle(json, 4096));
    try (JsonParser p = answer.parser()) {
      p.nextToken();
      p.nextToken();
      p.nextToken();
      p.nextToken();
      answer.receiveImage(p, "inline image");
      p.nextToken();
      assertThrows(IllegalArgumentException.class, () -> answer.receiveImage(p, "inline image"));
    }
    assertEquals(1, files().size(), "the failed image's partial file is gone");
    answer.discardReceived();
    assertEquals(List.of(), files(), "discarding the answer deletes what it received");
  }

  @Test
  void anAnswerThatBreaksOffFailsToReadAndLeavesNoFile() throws IOException {
    byte[] json =
        ("{\"images\":[\"" + Base64.getEncoder().encodeToString(png(200_000, 5)) + "\"]}")
            .getBytes(StandardCharsets.US_ASCII);
    InputStream broken =
        new FilterInputStream(new ByteArrayInputStream(json, 0, 100_000)) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
              throw new IOException("connection reset");
            }
            return n;
          }
        };
    VendorResponse answer = streamed(broken);
    try (JsonParser p = answer.parser()) {
      p.nextToken();
      p.nextToken();
      p.nextToken();
      p.nextToken();
      IOException e = assertThrows(IOException.class, () -> answer.receiveImage(p, "inline image"));
      assertEquals("connection reset", e.getMessage());
    }
    assertEquals(List.of(), files());
    // A data URI that is not base64 is refused before anything is written.
    VendorResponse text =
        streamed(
            new ByteArrayInputStream(
                "[\"data:image/svg+xml,<svg/>\"]".getBytes(StandardCharsets.US_ASCII)));
    try (JsonParser p = text.parser()) {
      p.nextToken();
      p.nextToken();
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> text.receiveImage(p, "x"));
      assertTrue(e.getMessage().contains("not base64-encoded"), e.getMessage());
    }
    assertEquals(List.of(), files());
  }

  @Test
  void aStreamedAnswerIsReadOnce() {
    VendorResponse answer =
        streamed(new ByteArrayInputStream("{\"a\":1}".getBytes(StandardCharsets.US_ASCII)));
    assertTrue(answer.streamed());
    assertEquals(1, answer.json().path("a").asInt());
    // After the tree, a parser walks the tree.
    assertInstanceOf(JsonParser.class, answer.parser());
    VendorResponse other =
        streamed(new ByteArrayInputStream("{\"a\":1}".getBytes(StandardCharsets.US_ASCII)));
    other.parser();
    assertThrows(IllegalStateException.class, other::json);
    assertFalse(VendorResponse.of(200, h -> null, new byte[0], JSON).streamed());
    assertNull(
        new DataUriPrefixFilter(new ByteArrayInputStream(new byte[0]), 10, true).prefixAt(0));
  }
}
