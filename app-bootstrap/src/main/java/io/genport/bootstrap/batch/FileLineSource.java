package io.genport.bootstrap.batch;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** The lines of a UTF-8 text file (JSON Lines for {@code genport batch}), numbered from 1. */
public final class FileLineSource implements LineSource {
  private final Path file;
  private final long size;

  private FileLineSource(Path file, long size) {
    this.file = file;
    this.size = size;
  }

  /**
   * Opens {@code file} and counts its lines that are not blank.
   *
   * @throws IOException when it cannot be read
   */
  public static FileLineSource open(Path file) throws IOException {
    requireNonNull(file, "file is null");
    long n;
    try (Stream<String> s = Files.lines(file, StandardCharsets.UTF_8)) {
      n = s.filter(l -> !l.isBlank()).count();
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    return new FileLineSource(file, n);
  }

  /** The file. */
  public Path file() {
    return file;
  }

  @Override
  public Stream<SourceLine> lines() throws IOException {
    AtomicLong number = new AtomicLong();
    return Files.lines(file, StandardCharsets.UTF_8)
        .map(text -> new SourceLine(number.incrementAndGet(), text));
  }

  @Override
  public OptionalLong size() {
    return OptionalLong.of(size);
  }

  @Override
  public String toString() {
    return "FileLineSource[" + file + "]";
  }
}
