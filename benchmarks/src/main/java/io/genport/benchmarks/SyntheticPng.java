package io.genport.benchmarks;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Bytes that read as a PNG of a given pixel size to GenPort's probe (signature and IHDR), padded to
 * any length with an ancillary chunk. Nothing in a generation decodes pixels, so the payload's
 * content does not matter, only its size; the padding is pseudo-random so compression on the way
 * could not make it cheaper.
 */
final class SyntheticPng {
  private SyntheticPng() {}

  static byte[] of(int totalBytes, int width, int height) {
    int header = 8 + 25 + 12; // signature, IHDR chunk, the padding chunk's length/type/crc
    if (totalBytes < header) {
      throw new IllegalArgumentException("totalBytes must be at least " + header);
    }
    ByteBuffer b = ByteBuffer.allocate(totalBytes);
    b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0);
    ihdr.put((byte) 0);
    b.putInt(13).put(ihdr.array()).putInt(crc(ihdr.array()));
    int pad = totalBytes - header;
    byte[] chunk = new byte[4 + pad];
    System.arraycopy("prVt".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, chunk, 0, 4);
    long x = 0x9E3779B97F4A7C15L;
    for (int i = 4; i < chunk.length; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      chunk[i] = (byte) x;
    }
    b.putInt(pad).put(chunk).putInt(crc(chunk));
    return b.array();
  }

  private static int crc(byte[] bytes) {
    CRC32 c = new CRC32();
    c.update(bytes);
    return (int) c.getValue();
  }
}
