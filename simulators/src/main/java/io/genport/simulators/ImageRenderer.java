package io.genport.simulators;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Renders real, decodable images of exactly the requested size, deterministic from (prompt, seed):
 * the same inputs give byte-identical output on the same JDK. The picture is a few solid rectangles
 * whose colours and proportions come from SHA-256 of the prompt and seed, so it is cheap to draw
 * and to compress, and different prompts or seeds look different.
 *
 * <p>Encoding goes through {@link MemoryCacheImageOutputStream} (never ImageIO's disk cache), and
 * results are kept in a small LRU cache keyed by everything that affects the bytes. Thread-safe.
 */
public final class ImageRenderer {
  private static final ImageRenderer SHARED = new ImageRenderer(256, 128L * 1024 * 1024);

  private final int maxEntries;
  private final long maxBytes;
  private final LinkedHashMap<Key, byte[]> cache = new LinkedHashMap<>(64, 0.75f, true);
  private long cachedBytes;

  /** A renderer whose cache holds at most {@code maxEntries} images and {@code maxBytes} bytes. */
  public ImageRenderer(int maxEntries, long maxBytes) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  /**
   * The process-wide renderer (its output is a pure function of the inputs, so sharing is safe).
   */
  public static ImageRenderer shared() {
    return SHARED;
  }

  /** The image for (prompt, seed) at {@code width x height}, encoded as {@code format}. */
  public byte[] render(String prompt, long seed, int width, int height, ImageFormat format) {
    return get(
        new Key(Objects.requireNonNull(prompt, "prompt"), seed, width, height, format, false));
  }

  /** A solid black image, as vendors return for safety-blocked outputs. */
  public byte[] renderBlack(int width, int height, ImageFormat format) {
    return get(new Key("", 0, width, height, format, true));
  }

  /** {@code data:<mime>;base64,<bytes>}. */
  public static String dataUri(byte[] image, ImageFormat format) {
    return "data:" + format.contentType() + ";base64," + Base64.getEncoder().encodeToString(image);
  }

  private byte[] get(Key key) {
    if (key.width <= 0 || key.height <= 0) {
      throw new IllegalArgumentException("bad size " + key.width + "x" + key.height);
    }
    synchronized (this) {
      byte[] hit = cache.get(key);
      if (hit != null) {
        return hit.clone();
      }
    }
    // Rendered outside the lock: two threads may render the same image once each, which is cheaper
    // than serialising all rendering.
    byte[] bytes = encode(draw(key), key.format);
    synchronized (this) {
      if (cache.put(key, bytes) == null) {
        cachedBytes += bytes.length;
      }
      Iterator<Map.Entry<Key, byte[]>> it = cache.entrySet().iterator();
      while ((cache.size() > maxEntries || cachedBytes > maxBytes) && it.hasNext()) {
        cachedBytes -= it.next().getValue().length;
        it.remove();
      }
    }
    return bytes.clone();
  }

  private static BufferedImage draw(Key key) {
    BufferedImage img = new BufferedImage(key.width, key.height, BufferedImage.TYPE_3BYTE_BGR);
    if (key.black) {
      // A new TYPE_3BYTE_BGR raster is already all zeros, i.e. black.
      return img;
    }
    byte[] h = digest(key.prompt, key.seed);
    Graphics2D g = img.createGraphics();
    try {
      int w = key.width;
      int ht = key.height;
      g.setColor(color(h, 0));
      g.fillRect(0, 0, w, ht);
      // Vertical bands over the top part.
      int bands = 2 + (h[12] & 0x03);
      int bandHeight = Math.max(1, ht * (30 + (h[13] & 0x1F)) / 100);
      for (int i = 0; i < bands; i++) {
        g.setColor(color(h, 3 + 3 * (i % 3)));
        int x0 = w * i / bands;
        int x1 = w * (i + 1) / bands;
        if (i % 2 == 0) {
          g.fillRect(x0, 0, Math.max(1, x1 - x0), bandHeight);
        }
      }
      // A block whose position depends on the hash, so the seed visibly moves something.
      int bw = Math.max(1, w * (20 + (h[14] & 0x1F)) / 100);
      int bh = Math.max(1, ht * (20 + (h[15] & 0x1F)) / 100);
      int bx = (w - bw) * (h[16] & 0xFF) / 255;
      int by = (ht - bh) * (h[17] & 0xFF) / 255;
      g.setColor(color(h, 18));
      g.fillRect(bx, by, bw, bh);
    } finally {
      g.dispose();
    }
    return img;
  }

  private static Color color(byte[] h, int offset) {
    return new Color(h[offset] & 0xFF, h[offset + 1] & 0xFF, h[offset + 2] & 0xFF);
  }

  private static byte[] digest(String prompt, long seed) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(prompt.getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JDK", e);
    }
  }

  private static byte[] encode(BufferedImage img, ImageFormat format) {
    if (format == ImageFormat.WEBP) {
      return WebpLosslessEncoder.encode(img);
    }
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format.imageIoName());
    if (!writers.hasNext()) {
      throw new IllegalStateException("no ImageIO writer for " + format);
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (format == ImageFormat.JPEG) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
      }
      writer.write(null, new IIOImage(img, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  private static final class Key {
    final String prompt;
    final long seed;
    final int width;
    final int height;
    final ImageFormat format;
    final boolean black;

    Key(String prompt, long seed, int width, int height, ImageFormat format, boolean black) {
      this.prompt = prompt;
      this.seed = seed;
      this.width = width;
      this.height = height;
      this.format = Objects.requireNonNull(format, "format");
      this.black = black;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Key)) {
        return false;
      }
      Key k = (Key) o;
      return seed == k.seed
          && width == k.width
          && height == k.height
          && black == k.black
          && format == k.format
          && prompt.equals(k.prompt);
    }

    @Override
    public int hashCode() {
      return Objects.hash(prompt, seed, width, height, format, black);
    }
  }
}
