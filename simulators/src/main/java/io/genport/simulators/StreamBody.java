package io.genport.simulators;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a streamed response body (e.g. server-sent events) as it is produced. The stream is sent
 * chunked; {@code flush()} pushes what was written to the client. An {@link IOException} usually
 * means the client went away; the simulator then closes the connection.
 */
@FunctionalInterface
public interface StreamBody {
  /** Writes the body; returns when the stream is complete. */
  void writeTo(OutputStream out) throws IOException, InterruptedException;
}
