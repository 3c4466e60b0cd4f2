package io.genport.simulators;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;

/**
 * Encodes an image as a lossless WebP (the VP8L bitstream of RFC 9649) so that a simulated vendor
 * asked for {@code webp} answers with WebP bytes, as the real one does; the JDK has no WebP writer.
 *
 * <p>A simple valid stream, chosen for being easy to get right rather than small: no transforms, no
 * backward references, one prefix code group, and a 16-entry colour cache. The simulators draw a
 * few flat rectangles, so nearly every pixel is a colour the cache holds and costs 5 bits; a
 * literal costs 9 bits of green and 8 each of red and blue. Alpha is always 255, a one-symbol code
 * that costs no bits. Any WebP decoder reads it. Stateless and thread-safe.
 */
final class WebpLosslessEncoder {
  /** The most pixels a VP8L side can have (14 bits, stored minus one). */
  static final int MAX_SIDE = 1 << 14;

  /** Order in which the code lengths of the code-length code are written (RFC 9649 3.7.2.1.2). */
  private static final int[] CODE_LENGTH_ORDER = {
    17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
  };

  /** Bits of the colour cache index: 16 entries. */
  static final int CACHE_BITS = 4;

  /** Green's alphabet: 256 literals, 24 length prefixes, then one symbol per cache entry. */
  private static final int GREEN_ALPHABET = 256 + 24 + (1 << CACHE_BITS);

  /** Code lengths in green's code: literals 9, cache entries 5 (half the code space each). */
  private static final int LITERAL_LENGTH = 9;

  private static final int CACHE_LENGTH = 5;

  private WebpLosslessEncoder() {}

  /** {@code img} as a complete {@code RIFF....WEBPVP8L} file. */
  static byte[] encode(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    if (w > MAX_SIDE || h > MAX_SIDE) {
      throw new IllegalArgumentException("WebP sides are at most " + MAX_SIDE + ": " + w + "x" + h);
    }
    Bits bits = new Bits(w * h + 1024);
    bits.write(0x2f, 8); // VP8L signature
    bits.write(w - 1, 14);
    bits.write(h - 1, 14);
    bits.write(0, 1); // alpha is not used
    bits.write(0, 3); // version 0
    bits.write(0, 1); // no transform
    bits.write(1, 1); // a colour cache
    bits.write(CACHE_BITS, 4);
    bits.write(0, 1); // no meta prefix codes: one group for the whole image
    greenCode(bits);
    eightBitCode(bits, 256); // red
    eightBitCode(bits, 256); // blue
    oneSymbolCode(bits, 255); // alpha: always opaque, no bits per pixel
    oneSymbolCode(bits, 0); // distance: never used
    int[] cache = new int[1 << CACHE_BITS];
    boolean[] filled = new boolean[cache.length];
    int[] row = new int[w];
    // The renderer draws TYPE_3BYTE_BGR: read its bytes directly, far faster than getRGB.
    byte[] bgr =
        img.getType() == BufferedImage.TYPE_3BYTE_BGR
            ? ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData()
            : null;
    for (int y = 0; y < h; y++) {
      if (bgr == null) {
        img.getRGB(0, y, w, 1, row, 0, w);
      } else {
        for (int x = 0, o = y * w * 3; x < w; x++, o += 3) {
          row[x] = (bgr[o + 2] & 0xff) << 16 | (bgr[o + 1] & 0xff) << 8 | (bgr[o] & 0xff);
        }
      }
      for (int rgb : row) {
        int argb = 0xff000000 | rgb;
        int slot = (0x1e35a7bd * argb) >>> (32 - CACHE_BITS);
        if (filled[slot] && cache[slot] == argb) {
          code(bits, slot, CACHE_LENGTH);
        } else {
          code(bits, 256 + ((argb >> 8) & 0xff), LITERAL_LENGTH); // green, then red and blue
          code(bits, (argb >> 16) & 0xff, 8);
          code(bits, argb & 0xff, 8);
          // The decoder inserts every pixel; a cached one is already there.
          cache[slot] = argb;
          filled[slot] = true;
        }
      }
    }
    byte[] payload = bits.toByteArray();
    int padded = payload.length + (payload.length & 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream(20 + padded);
    out.writeBytes(new byte[] {'R', 'I', 'F', 'F'});
    le32(out, 4 + 8 + padded);
    out.writeBytes(new byte[] {'W', 'E', 'B', 'P', 'V', 'P', '8', 'L'});
    le32(out, payload.length);
    out.writeBytes(payload);
    if ((payload.length & 1) == 1) {
      out.write(0);
    }
    return out.toByteArray();
  }

  /**
   * A normal prefix code giving the first 256 symbols of {@code alphabet} length 8 and the rest
   * length 0. Its code lengths are written with a code-length code of two symbols, 0 and 8, each
   * one bit long: canonically 0 is the bit 0 and 8 the bit 1.
   */
  private static void eightBitCode(Bits bits, int alphabet) {
    bits.write(0, 1); // normal, not simple
    int used = 12; // the order up to symbol 8, at index 11
    bits.write(used - 4, 4);
    for (int i = 0; i < used; i++) {
      int symbol = CODE_LENGTH_ORDER[i];
      bits.write(symbol == 0 || symbol == 8 ? 1 : 0, 3);
    }
    bits.write(0, 1); // a code length for every symbol of the alphabet
    for (int s = 0; s < alphabet; s++) {
      bits.write(s < 256 ? 1 : 0, 1);
    }
  }

  /** Writes the {@code length}-bit prefix code {@code code}, most significant bit first. */
  private static void code(Bits bits, int code, int length) {
    bits.write(Integer.reverse(code) >>> (32 - length), length);
  }

  /**
   * Green's code: the 256 literals get length 9, the 24 length prefixes 0 and the cache entries 5.
   * Canonically the shorter codes come first: cache entry {@code i} is the 5 bits of {@code i}, and
   * literal {@code v} the 9 bits of {@code 256 + v}. The code lengths are written with a
   * code-length code where 9 is {@code 0}, 0 is {@code 10} and 5 is {@code 11}.
   */
  private static void greenCode(Bits bits) {
    bits.write(0, 1); // normal, not simple
    int used = 13; // the order up to symbol 9, at index 12
    bits.write(used - 4, 4);
    for (int i = 0; i < used; i++) {
      int symbol = CODE_LENGTH_ORDER[i];
      bits.write(symbol == 9 ? 1 : symbol == 0 || symbol == 5 ? 2 : 0, 3);
    }
    bits.write(0, 1); // a code length for every symbol of the alphabet
    for (int s = 0; s < GREEN_ALPHABET; s++) {
      if (s < 256) {
        code(bits, 0b0, 1);
      } else if (s < 256 + 24) {
        code(bits, 0b10, 2);
      } else {
        code(bits, 0b11, 2);
      }
    }
  }

  /** A simple prefix code of one 8-bit symbol: reading it costs no bits. */
  private static void oneSymbolCode(Bits bits, int symbol) {
    bits.write(1, 1); // simple
    bits.write(0, 1); // one symbol
    bits.write(1, 1); // written in 8 bits
    bits.write(symbol, 8);
  }

  private static void le32(ByteArrayOutputStream out, int v) {
    out.write(v & 0xff);
    out.write((v >>> 8) & 0xff);
    out.write((v >>> 16) & 0xff);
    out.write((v >>> 24) & 0xff);
  }

  /** A little-endian bit writer: the first bit written is the lowest bit of the first byte. */
  private static final class Bits {
    private byte[] buf;
    private int len;
    private long acc;
    private int used;

    Bits(int capacity) {
      buf = new byte[Math.max(16, capacity)];
    }

    void write(int value, int n) {
      acc |= ((long) value & ((1L << n) - 1)) << used;
      used += n;
      while (used >= 8) {
        if (len == buf.length) {
          buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        }
        buf[len++] = (byte) acc;
        acc >>>= 8;
        used -= 8;
      }
    }

    byte[] toByteArray() {
      if (used > 0) {
        write(0, 8 - used);
      }
      return java.util.Arrays.copyOf(buf, len);
    }
  }
}
