package io.genport.bootstrap.batch;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes every result as one JSON line, flushed as it comes. The file is started afresh by each
 * run: the engine replays the results of earlier runs from the journal, so after every run it holds
 * each line that has a result exactly once.
 */
public final class JsonlResultSink implements ResultSink, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final BufferedWriter out;

  private JsonlResultSink(Path path, BufferedWriter out) {
    this.path = path;
    this.out = out;
  }

  /** Creates or truncates {@code path}. */
  public static JsonlResultSink create(Path path) throws IOException {
    requireNonNull(path, "path is null");
    return new JsonlResultSink(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8));
  }

  /** The file. */
  public Path path() {
    return path;
  }

  @Override
  public synchronized void accept(LineResult result) throws IOException {
    out.write(JSON.writeValueAsString(result));
    out.write('\n');
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
