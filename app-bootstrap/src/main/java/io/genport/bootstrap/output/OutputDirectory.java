package io.genport.bootstrap.output;

import io.genport.core.domain.InvalidRequestException;
import io.genport.facade.ConfigurationKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks, before anything is sent, that images can be written where they are asked for: paid images
 * must not be thrown away because the output folder turned out to be a file.
 */
public final class OutputDirectory {
  private OutputDirectory() {}

  /**
   * {@code environment} with {@value ConfigurationKeys#IMAGE_DIR_VARIABLE} set to {@code dir}: the
   * providers then write each image into the output directory as it arrives (a hidden partial file,
   * renamed when complete), and saving it under its final name is a rename in the same directory,
   * not a copy; no image is held whole in memory on the way.
   */
  public static Map<String, String> receivingImagesIn(Path dir, Map<String, String> environment) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put(ConfigurationKeys.IMAGE_DIR_VARIABLE, dir.toAbsolutePath().normalize().toString());
    return env;
  }

  /**
   * Checks that {@code dir} is a directory, or can be created as one, and that files can be created
   * in it (or in the directory it would be created in). Nothing is created but a probe file, which
   * is deleted at once: permission bits are not enough (root ignores them, read-only and immutable
   * file systems do not show in them), so the check does what writing will do.
   *
   * @param option the option that named it, e.g. {@code out}; the error's field
   * @throws InvalidRequestException naming {@code dir} when images could not be written there
   */
  public static void check(Path dir, String option) {
    Path abs = dir.toAbsolutePath().normalize();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new InvalidRequestException(option, "'" + dir + "' is a file, not a directory");
    }
    Path existing = abs;
    while (!Files.exists(existing)) {
      existing = existing.getParent();
      if (existing == null) {
        throw new InvalidRequestException(option, "'" + dir + "' cannot be created");
      }
    }
    if (!Files.isDirectory(existing)) {
      throw new InvalidRequestException(
          option, "'" + dir + "' cannot be created: '" + existing + "' is a file");
    }
    try {
      Files.delete(Files.createTempFile(existing, ".genport-probe-", ".tmp"));
    } catch (IOException | SecurityException e) {
      throw new InvalidRequestException(
          option,
          "'"
              + dir
              + "' is not writable"
              + (existing.equals(abs) ? "" : " ('" + existing + "' is not)")
              + ": "
              + reason(e));
    }
  }

  /** The system's reason (read-only file system, operation not permitted), not the probe's name. */
  private static String reason(Exception e) {
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "files cannot be created there";
    }
    return e.getClass().getSimpleName();
  }
}
