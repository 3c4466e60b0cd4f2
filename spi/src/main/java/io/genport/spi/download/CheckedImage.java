package io.genport.spi.download;

import io.genport.core.domain.ImageSource;
import io.genport.core.domain.NonRetryableProviderException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * An image being received into an {@link ImageStore} under a {@link DownloadPolicy}'s checks, from
 * {@link ResultDownloader#receive}: the size limit as the bytes arrive (nothing past it is
 * written), and when {@linkplain #finish() finished} a PNG, JPEG, WebP or GIF signature, read with
 * its pixel size from the first bytes, which are kept aside for that. Closing it before it finished
 * discards what the store holds. Not thread-safe: one writer at a time.
 *
 * @since 1
 */
public final class CheckedImage implements WritableByteChannel {
  /** Enough of an image's start to find its size: PNG and WebP headers, JPEG's frame after EXIF. */
  static final int PROBED_BYTES = 64 * 1024;

  /** Enough for every signature and for the sizes of PNG, GIF and WebP. */
  private static final int SIGNATURE_BYTES = 64;

  private final ImageWriter writer;
  private final long maxBytes;
  private final String from;

  /**
   * The image's first bytes. PNG, GIF and WebP give their size in the first few dozen; only a JPEG,
   * whose frame header may follow EXIF data, makes it grow (to {@link #PROBED_BYTES} at most), so
   * an image is not charged a 64 KiB copy of its start.
   */
  private byte[] head = new byte[SIGNATURE_BYTES];

  private int headLength;
  private boolean finished;

  CheckedImage(ImageWriter writer, long maxBytes, String from) {
    this.writer = writer;
    this.maxBytes = maxBytes;
    this.from = from;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    if (finished || !writer.isOpen()) {
      throw new ClosedChannelException();
    }
    int n = src.remaining();
    if (writer.written() + n > maxBytes) {
      throw tooLarge(maxBytes, from);
    }
    for (int at = src.position(); at < src.limit() && headLength < probeLimit(); ) {
      int take = Math.min(src.limit() - at, probeLimit() - headLength);
      if (headLength + take > head.length) {
        head =
            Arrays.copyOf(
                head, Math.min(PROBED_BYTES, Math.max(2 * head.length, headLength + take)));
      }
      src.get(at, head, headLength, take);
      headLength += take;
      at += take;
    }
    while (src.hasRemaining()) {
      writer.write(src);
    }
    return n;
  }

  /** How many first bytes to keep: the signature's, and more only for a JPEG. */
  private int probeLimit() {
    if (headLength < SIGNATURE_BYTES) {
      return SIGNATURE_BYTES;
    }
    boolean jpeg = (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff;
    return jpeg ? PROBED_BYTES : SIGNATURE_BYTES;
  }

  /** Writes {@code len} bytes of {@code b} from {@code off}. */
  public void write(byte[] b, int off, int len) throws IOException {
    write(ByteBuffer.wrap(b, off, len));
  }

  /** How many bytes have been received so far. */
  public long received() {
    return writer.written();
  }

  /** This image as an {@link OutputStream}; closing the stream does not close the image. */
  public OutputStream asOutputStream() {
    CheckedImage image = this;
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        image.write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        image.write(b, off, len);
      }
    };
  }

  /**
   * Ends the image and checks it.
   *
   * @throws NonRetryableProviderException when it is not a PNG, JPEG, WebP or GIF image (then
   *     nothing is kept)
   * @throws IOException when the store could not finish it
   */
  public DownloadedImage finish() throws IOException {
    if (finished) {
      throw new IllegalStateException("the image is already finished");
    }
    byte[] probe = headLength == head.length ? head : Arrays.copyOf(head, headLength);
    String type = ImageProbe.mediaType(probe);
    if (type == null) {
      close();
      throw new NonRetryableProviderException(
          "result at " + from + " is not a PNG, JPEG, WebP or GIF image");
    }
    long length = writer.written();
    ImageSource source = writer.complete();
    finished = true;
    head = null;
    return new DownloadedImage(source, type, ImageProbe.size(probe), length);
  }

  @Override
  public boolean isOpen() {
    return !finished && writer.isOpen();
  }

  /** Discards the image unless it finished. */
  @Override
  public void close() throws IOException {
    if (!finished) {
      finished = true;
      writer.close();
    }
  }

  static NonRetryableProviderException tooLarge(long maxBytes, String from) {
    return new NonRetryableProviderException(
        "image at " + from + " is larger than the " + maxBytes + "-byte limit");
  }
}
