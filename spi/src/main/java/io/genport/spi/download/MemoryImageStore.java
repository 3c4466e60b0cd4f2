package io.genport.spi.download;

import io.genport.core.domain.ImageSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** {@link ImageStore#memory()}: exact arrays for declared lengths, growing chunks otherwise. */
final class MemoryImageStore implements ImageStore {
  static final MemoryImageStore INSTANCE = new MemoryImageStore();

  /** First chunk of an image of unknown length; each next one doubles, up to {@link #MAX_CHUNK}. */
  private static final int FIRST_CHUNK = 16 * 1024;

  /** Bounds the unused tail of the last chunk for a large image of unknown length. */
  private static final int MAX_CHUNK = 1024 * 1024;

  private MemoryImageStore() {}

  @Override
  public ImageWriter newImage(long expectedBytes) {
    return new ChunkWriter(expectedBytes);
  }

  @Override
  public String toString() {
    return "ImageStore.memory()";
  }

  /**
   * Writes into chunks; with a declared length the first chunk is exactly that long, so an honest
   * vendor's image is one array of its own size.
   */
  private static final class ChunkWriter implements ImageWriter {
    private final List<byte[]> full = new ArrayList<>();
    private byte[] current;
    private int used;
    private long written;
    private boolean open = true;

    ChunkWriter(long expectedBytes) {
      int first =
          expectedBytes > 0 && expectedBytes <= Integer.MAX_VALUE - 8
              ? (int) expectedBytes
              : FIRST_CHUNK;
      current = new byte[first];
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      if (!open) {
        throw new ClosedChannelException();
      }
      int n = src.remaining();
      while (src.hasRemaining()) {
        if (used == current.length) {
          full.add(current);
          current = new byte[(int) Math.min(MAX_CHUNK, Math.max(FIRST_CHUNK, written))];
          used = 0;
        }
        int take = Math.min(src.remaining(), current.length - used);
        src.get(current, used, take);
        used += take;
        written += take;
      }
      return n;
    }

    @Override
    public long written() {
      return written;
    }

    @Override
    public ImageSource complete() throws IOException {
      if (!open) {
        throw new ClosedChannelException();
      }
      open = false;
      List<byte[]> chunks = new ArrayList<>(full);
      chunks.add(current);
      int lastLength = used;
      long length = written;
      full.clear();
      current = null;
      return new ChunkedImage(Collections.unmodifiableList(chunks), lastLength, length);
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      if (open) {
        open = false;
        full.clear();
        current = null;
      }
    }
  }

  /** An image held in chunks, every one full but the last. */
  private record ChunkedImage(List<byte[]> chunks, int lastLength, long length)
      implements ImageSource {
    @Override
    public InputStream open() {
      List<InputStream> parts = new ArrayList<>(chunks.size());
      for (int i = 0; i < chunks.size(); i++) {
        byte[] c = chunks.get(i);
        parts.add(new ByteArrayInputStream(c, 0, i == chunks.size() - 1 ? lastLength : c.length));
      }
      return parts.size() == 1
          ? parts.get(0)
          : new SequenceInputStream(Collections.enumeration(parts));
    }

    @Override
    public byte[] readAllBytes() {
      if (length > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("image of " + length + " bytes does not fit one array");
      }
      byte[] all = new byte[(int) length];
      int at = 0;
      for (int i = 0; i < chunks.size(); i++) {
        byte[] c = chunks.get(i);
        int n = i == chunks.size() - 1 ? lastLength : c.length;
        System.arraycopy(c, 0, all, at, n);
        at += n;
      }
      return all;
    }

    @Override
    public long size() {
      return length;
    }

    @Override
    public String toString() {
      return length + " bytes";
    }
  }
}
