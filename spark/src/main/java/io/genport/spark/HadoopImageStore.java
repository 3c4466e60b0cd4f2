package io.genport.spark;

import static java.util.Objects.requireNonNull;

import io.genport.bootstrap.batch.DirectoryImageStore;
import io.genport.bootstrap.batch.ImageStore;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a batch's images through Hadoop's {@link FileSystem} (a local folder, HDFS, S3A: whatever
 * the URI's scheme and the cluster's configuration give) as {@code <id>-<n>.<ext>} under one
 * folder. The bytes go to a hidden {@code .part} file that is renamed into place only when
 * complete, so a row written again (a retried task, a speculative copy) replaces its images with
 * the same images instead of adding copies, and a reader never sees half an image.
 */
public final class HadoopImageStore implements ImageStore {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final Path directory;
  private final FileSystem fs;

  private HadoopImageStore(Path directory, FileSystem fs) {
    this.directory = directory;
    this.fs = fs;
  }

  /**
   * The store of the folder {@code uri}, created if need be.
   *
   * @throws InvalidRequestException naming {@code output} when the folder cannot be reached,
   *     created or written
   */
  public static HadoopImageStore open(String uri, Configuration conf) {
    requireNonNull(uri, "uri is null");
    requireNonNull(conf, "conf is null");
    try {
      Path p = new Path(uri);
      FileSystem fs = p.getFileSystem(conf);
      if (fs instanceof LocalFileSystem local) {
        // The checksummed local file system adds a hidden .crc file beside every image; images
        // are checked by their readers, so write them plainly.
        fs = local.getRawFileSystem();
      }
      Path dir = fs.makeQualified(p);
      if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
        throw new InvalidRequestException("output", uri + " is a file, not a folder");
      }
      if (!fs.mkdirs(dir)) {
        throw new InvalidRequestException("output", uri + " cannot be created");
      }
      return new HadoopImageStore(dir, fs);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("output", "'" + uri + "' is not a path: " + e.getMessage());
    } catch (IOException e) {
      throw new InvalidRequestException("output", uri + " cannot be reached: " + e);
    }
  }

  /**
   * Proves the folder writable by creating and deleting a file: images a vendor billed must have
   * somewhere to go, so this is checked before anything is sent.
   *
   * @throws InvalidRequestException naming {@code output} when it is not
   */
  public void checkWritable() {
    Path probe =
        new Path(directory, ".genport-write-check-" + Long.toHexString(System.nanoTime()) + ".tmp");
    try {
      fs.create(probe, false).close();
    } catch (IOException e) {
      throw new InvalidRequestException("output", directory + " is not writable: " + e);
    } finally {
      try {
        fs.delete(probe, false);
      } catch (IOException ignored) {
        // A probe that could be created but not deleted is harmless; the check itself passed.
      }
    }
  }

  /** The folder, fully qualified ({@code file:/...}, {@code hdfs://...}, {@code s3a://...}). */
  public String directory() {
    return directory.toString();
  }

  @Override
  public String store(String id, int index, GeneratedImage image) throws IOException {
    if (!SAFE.matcher(id).matches()) {
      throw new IllegalArgumentException("unsafe id for a file name: " + id);
    }
    if (index < 1) {
      throw new IllegalArgumentException("index starts at 1, was " + index);
    }
    String name = id + "-" + index + "." + DirectoryImageStore.extension(image.mediaType());
    Path target = new Path(directory, name);
    Path part =
        new Path(
            directory,
            "." + name + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
    try {
      try (InputStream in = image.source().open();
          OutputStream out = fs.create(part, false)) {
        in.transferTo(out);
      }
      if (!fs.rename(part, target)) {
        // HDFS and object stores refuse to rename over a file: here that is the same image, left
        // by an earlier or concurrent attempt at the same job. Replace it.
        fs.delete(target, false);
        if (!fs.rename(part, target) && !fs.exists(target)) {
          throw new IOException("could not move " + part + " to " + target);
        }
      }
      return target.toString();
    } finally {
      try {
        fs.delete(part, false);
      } catch (IOException ignored) {
        // Already moved, or a leftover hidden .part file: neither is an image of the batch.
      }
    }
  }

  @Override
  public String toString() {
    return "HadoopImageStore[" + directory + "]";
  }
}
