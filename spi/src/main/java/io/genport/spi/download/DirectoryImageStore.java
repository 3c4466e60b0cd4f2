package io.genport.spi.download;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** {@link ImageStore#directory(Path)}: each image a file, renamed into place when complete. */
final class DirectoryImageStore implements ImageStore {
  private final Path directory;

  DirectoryImageStore(Path directory) {
    this.directory = requireNonNull(directory, "directory is null").toAbsolutePath();
  }

  @Override
  public ImageWriter newImage(long expectedBytes) throws IOException {
    Files.createDirectories(directory);
    String name = "genport-" + UUID.randomUUID();
    Path part = directory.resolve("." + name + ".part");
    FileChannel channel =
        FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new FileWriter(directory, name, part, channel);
  }

  @Override
  public String toString() {
    return "ImageStore.directory(" + directory + ")";
  }

  private static final class FileWriter implements ImageWriter {
    private final Path directory;
    private final String name;
    private final Path part;
    private final FileChannel channel;
    private final byte[] head = new byte[ImageFormat.SIGNATURE_LENGTH];
    private long written;
    private boolean completed;

    FileWriter(Path directory, String name, Path part, FileChannel channel) {
      this.directory = directory;
      this.name = name;
      this.part = part;
      this.channel = channel;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      int n = src.remaining();
      if (written < head.length && n > 0) {
        int take = (int) Math.min(n, head.length - written);
        src.duplicate().get(head, (int) written, take);
      }
      while (src.hasRemaining()) {
        channel.write(src);
      }
      written += n;
      return n;
    }

    @Override
    public long written() {
      return written;
    }

    @Override
    public ImageSource complete() throws IOException {
      channel.close();
      ImageFormat format = ImageFormat.sniff(head);
      String ext = format == null ? "img" : format.name().toLowerCase(Locale.ROOT);
      Path done = directory.resolve(name + "." + (ext.equals("jpeg") ? "jpg" : ext));
      try {
        Files.move(part, done, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        Files.deleteIfExists(part);
        throw e;
      }
      completed = true;
      return new FileImage(done, written);
    }

    @Override
    public boolean isOpen() {
      return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
      if (!completed) {
        channel.close();
        Files.deleteIfExists(part);
      }
    }
  }

  /** A complete image file; reading it never holds it whole unless asked to. */
  private record FileImage(Path path, long length) implements ImageSource {
    @Override
    public InputStream open() throws IOException {
      return Files.newInputStream(path);
    }

    @Override
    public byte[] readAllBytes() {
      try {
        return Files.readAllBytes(path);
      } catch (IOException e) {
        throw new UncheckedIOException("could not read image " + path, e);
      }
    }

    @Override
    public void writeTo(Path target) throws IOException {
      if (!path.equals(target.toAbsolutePath())) {
        Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }

    @Override
    public Optional<Path> file() {
      return Optional.of(path);
    }

    @Override
    public long size() {
      return length;
    }

    @Override
    public String toString() {
      return length + " bytes at " + path;
    }
  }
}
