package io.genport.spi.download;

import io.genport.core.domain.ImageSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * One image being written to an {@link ImageStore}: bytes in order through {@link
 * #write(ByteBuffer)}, then {@link #complete()}. Closing a writer that has not completed discards
 * what it holds (a partial file is deleted); closing a completed one does nothing, so the usual
 * shape is a try-with-resources around the writes and the {@code complete()}.
 *
 * <p>Not thread-safe: one thread writes at a time (a transport's I/O thread may hand over to the
 * next, with a happens-before edge between them).
 *
 * @since 1
 */
public interface ImageWriter extends WritableByteChannel {

  /** How many bytes have been written so far. */
  long written();

  /**
   * Ends the image: the bytes written become its source. Called at most once.
   *
   * @throws IOException when the store could not finish it (then nothing is kept)
   */
  ImageSource complete() throws IOException;

  /** Writes {@code len} bytes of {@code b} from {@code off}. */
  default void write(byte[] b, int off, int len) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
    while (buf.hasRemaining()) {
      write(buf);
    }
  }

  /**
   * This writer as an {@link OutputStream}, for decoders that write to one (e.g. Jackson's {@code
   * readBinaryValue}). Closing the stream does not close the writer.
   */
  default OutputStream asOutputStream() {
    ImageWriter writer = this;
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        writer.write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        writer.write(b, off, len);
      }
    };
  }
}
