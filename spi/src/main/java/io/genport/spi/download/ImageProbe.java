package io.genport.spi.download;

import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.PixelSize;

/**
 * Reads an encoded image's format and pixel size from its first bytes, without decoding it. Knows
 * PNG, JPEG, WebP and GIF.
 *
 * @since 1
 */
public final class ImageProbe {
  private ImageProbe() {}

  /** The media type the bytes start with, or {@code null} when they are not a known image. */
  public static String mediaType(byte[] b) {
    // The formats a plan can ask for are told apart in one place, core's ImageFormat; GIF is only
    // ever delivered, never planned.
    ImageFormat planned = ImageFormat.sniff(b);
    if (planned != null) {
      return planned.mediaType();
    }
    if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
      return "image/gif";
    }
    return null;
  }

  /** The pixel size recorded in the image header, or {@code null} when it cannot be read. */
  public static PixelSize size(byte[] b) {
    String type = mediaType(b);
    try {
      if ("image/png".equals(type) && b.length >= 24) {
        return new PixelSize(int32(b, 16), int32(b, 20));
      }
      if ("image/gif".equals(type) && b.length >= 10) {
        return new PixelSize(u16le(b, 6), u16le(b, 8));
      }
      if ("image/jpeg".equals(type)) {
        return jpegSize(b);
      }
      if ("image/webp".equals(type)) {
        return webpSize(b);
      }
    } catch (RuntimeException e) {
      return null;
    }
    return null;
  }

  private static PixelSize jpegSize(byte[] b) {
    int i = 2;
    while (i + 9 < b.length) {
      if ((b[i] & 0xff) != 0xff) {
        i++;
        continue;
      }
      int marker = b[i + 1] & 0xff;
      if (marker == 0xff) {
        i++;
        continue;
      }
      int len = u16be(b, i + 2);
      boolean sof =
          marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
      if (sof) {
        return new PixelSize(u16be(b, i + 7), u16be(b, i + 5));
      }
      i += 2 + len;
    }
    return null;
  }

  private static PixelSize webpSize(byte[] b) {
    String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
    if (chunk.equals("VP8X") && b.length >= 30) {
      int w = 1 + (u16le(b, 24) | ((b[26] & 0xff) << 16));
      int h = 1 + (u16le(b, 27) | ((b[29] & 0xff) << 16));
      return new PixelSize(w, h);
    }
    if (chunk.equals("VP8 ") && b.length >= 30) {
      return new PixelSize(u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
    }
    if (chunk.equals("VP8L") && b.length >= 25) {
      int bits = (b[21] & 0xff) | (b[22] & 0xff) << 8 | (b[23] & 0xff) << 16 | (b[24] & 0xff) << 24;
      return new PixelSize((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
    }
    return null;
  }

  private static int int32(byte[] b, int o) {
    return (b[o] & 0xff) << 24
        | (b[o + 1] & 0xff) << 16
        | (b[o + 2] & 0xff) << 8
        | (b[o + 3] & 0xff);
  }

  private static int u16be(byte[] b, int o) {
    return (b[o] & 0xff) << 8 | (b[o + 1] & 0xff);
  }

  private static int u16le(byte[] b, int o) {
    return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8;
  }
}
