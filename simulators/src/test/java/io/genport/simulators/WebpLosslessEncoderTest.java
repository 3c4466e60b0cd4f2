package io.genport.simulators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The simulators' WebP is a valid lossless WebP with the pixels it was given: checked by a decoder
 * written here from RFC 9649 (canonical prefix codes read from their code lengths, simple and
 * normal codes, literal pixels), independent of how the encoder chose its codes. The same files
 * also decode with libwebp (checked by hand with Pillow when the encoder was written).
 */
public class WebpLosslessEncoderTest {

  @Test
  void everyPixelSurvivesAnOddSizedImage() {
    BufferedImage img = new BufferedImage(37, 23, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 23; y++) {
      for (int x = 0; x < 37; x++) {
        img.setRGB(x, y, ((x * 7) & 255) << 16 | ((y * 11) & 255) << 8 | ((x * y) & 255));
      }
    }
    byte[] webp = WebpLosslessEncoder.encode(img);

    assertEquals("RIFF", new String(webp, 0, 4, StandardCharsets.US_ASCII));
    assertEquals(webp.length - 8, le32(webp, 4), "RIFF size");
    assertEquals("WEBPVP8L", new String(webp, 8, 8, StandardCharsets.US_ASCII));
    assertEquals(0, webp.length % 2, "chunks are padded to even sizes");
    int[] decoded = Vp8lDecoder.decode(webp);
    assertEquals(37, decoded[0]);
    assertEquals(23, decoded[1]);
    int[] expected = new int[37 * 23];
    for (int y = 0; y < 23; y++) {
      for (int x = 0; x < 37; x++) {
        expected[y * 37 + x] = 0xff000000 | img.getRGB(x, y);
      }
    }
    assertArrayEquals(expected, Arrays.copyOfRange(decoded, 2, decoded.length));
  }

  @Test
  void theRendererServesWebpOfTheRequestedSize() {
    byte[] webp = ImageRenderer.shared().render("a fox", 7, 1536, 640, ImageFormat.WEBP);
    int[] decoded = Vp8lDecoder.decode(webp);
    assertEquals(1536, decoded[0]);
    assertEquals(640, decoded[1]);
    assertEquals(ImageFormat.WEBP, ImageFormat.parse("webp").orElseThrow());
    assertEquals("image/webp", ImageFormat.WEBP.contentType());
  }

  @Test
  void sidesBeyondWhatVp8lCanStoreAreRefused() {
    BufferedImage wide = new BufferedImage(WebpLosslessEncoder.MAX_SIDE + 1, 1, 1);
    assertThrows(IllegalArgumentException.class, () -> WebpLosslessEncoder.encode(wide));
  }

  private static int le32(byte[] b, int o) {
    return (b[o] & 0xff)
        | (b[o + 1] & 0xff) << 8
        | (b[o + 2] & 0xff) << 16
        | (b[o + 3] & 0xff) << 24;
  }

  /**
   * A decoder for the subset of VP8L without transforms, colour cache, meta codes or backward
   * references: returns {width, height, argb...}, and fails on anything outside the subset.
   */
  public static final class Vp8lDecoder {
    private static final int[] ORDER = {
      17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    };

    private final byte[] b;
    private long pos;

    private Vp8lDecoder(byte[] b, int start) {
      this.b = b;
      this.pos = start * 8L;
    }

    public static int[] decode(byte[] file) {
      Vp8lDecoder d = new Vp8lDecoder(file, 20);
      assertEquals(0x2f, d.bits(8), "signature");
      int w = d.bits(14) + 1;
      int h = d.bits(14) + 1;
      d.bits(1);
      assertEquals(0, d.bits(3), "version");
      assertEquals(0, d.bits(1), "this decoder reads no transforms");
      int cacheBits = d.bits(1) == 1 ? d.bits(4) : 0;
      int[] cache = new int[1 << cacheBits];
      assertEquals(0, d.bits(1), "this decoder reads no meta prefix codes");
      Code green = d.code(256 + 24 + (cacheBits == 0 ? 0 : 1 << cacheBits));
      Code red = d.code(256);
      Code blue = d.code(256);
      Code alpha = d.code(256);
      d.code(40);
      int[] out = new int[2 + w * h];
      out[0] = w;
      out[1] = h;
      for (int i = 0; i < w * h; i++) {
        int g = green.read(d);
        int argb;
        if (g >= 256 + 24) {
          argb = cache[g - 256 - 24];
        } else if (g >= 256) {
          throw new AssertionError("backward reference at pixel " + i);
        } else {
          int r = red.read(d);
          int bl = blue.read(d);
          int a = alpha.read(d);
          argb = a << 24 | r << 16 | g << 8 | bl;
        }
        if (cacheBits > 0) {
          cache[(0x1e35a7bd * argb) >>> (32 - cacheBits)] = argb;
        }
        out[2 + i] = argb;
      }
      return out;
    }

    int bits(int n) {
      int v = 0;
      for (int i = 0; i < n; i++, pos++) {
        int bit = (b[(int) (pos >>> 3)] >>> (pos & 7)) & 1;
        v |= bit << i;
      }
      return v;
    }

    Code code(int alphabet) {
      int[] lengths = new int[alphabet];
      if (bits(1) == 1) {
        int n = bits(1) + 1;
        int first = bits(1) == 1 ? bits(8) : bits(1);
        if (n == 1) {
          return new Code(null, first);
        }
        lengths[first] = 1;
        lengths[bits(8)] = 1;
        return new Code(lengths, -1);
      }
      int[] clLengths = new int[19];
      int count = bits(4) + 4;
      for (int i = 0; i < count; i++) {
        clLengths[ORDER[i]] = bits(3);
      }
      Code cl = new Code(clLengths, -1);
      int max = alphabet;
      if (bits(1) == 1) {
        int nbits = 2 + 2 * bits(3);
        max = 2 + bits(nbits);
      }
      int prev = 8;
      for (int s = 0; s < alphabet && max-- > 0; ) {
        int c = cl.read(this);
        if (c < 16) {
          lengths[s++] = c;
          if (c != 0) {
            prev = c;
          }
        } else {
          int repeat = c == 16 ? 3 + bits(2) : c == 17 ? 3 + bits(3) : 11 + bits(7);
          int value = c == 16 ? prev : 0;
          for (int k = 0; k < repeat; k++) {
            lengths[s++] = value;
          }
        }
      }
      return new Code(lengths, -1);
    }
  }

  /** A canonical prefix code from code lengths, read bit by bit, most significant bit first. */
  static final class Code {
    private final int only;
    private final int[] codes;
    private final java.util.Map<Integer, Integer> symbols = new java.util.HashMap<>();

    Code(int[] lengths, int only) {
      this.only = only;
      if (lengths == null) {
        codes = null;
        return;
      }
      int[] perLength = new int[16];
      for (int l : lengths) {
        perLength[l]++;
      }
      perLength[0] = 0;
      int[] next = new int[16];
      int code = 0;
      for (int l = 1; l < 16; l++) {
        code = (code + perLength[l - 1]) << 1;
        next[l] = code;
      }
      codes = new int[lengths.length];
      for (int s = 0; s < lengths.length; s++) {
        if (lengths[s] != 0) {
          codes[s] = next[lengths[s]]++;
          symbols.put(lengths[s] << 16 | codes[s], s);
        }
      }
    }

    int read(Vp8lDecoder d) {
      if (codes == null) {
        return only;
      }
      int code = 0;
      for (int len = 1; len < 16; len++) {
        code = (code << 1) | d.bits(1);
        Integer s = symbols.get(len << 16 | code);
        if (s != null) {
          return s;
        }
      }
      throw new AssertionError("no symbol has the code read");
    }
  }
}
