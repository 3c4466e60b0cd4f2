package io.genport.toolkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Reads a {@code text/event-stream} body event by event (the HTML standard's parsing rules: lines
 * end with LF, CRLF or CR; a blank line dispatches; {@code :} starts a comment; one space after the
 * colon is dropped). A line longer than {@link #MAX_LINE} characters ends the stream as malformed.
 */
final class EventStreamReader {
  /** The longest line read. Status events are small; fal's carry the job's log lines. */
  static final int MAX_LINE = 1 << 20;

  private EventStreamReader() {}

  /**
   * Hands each event of {@code body} to {@code handler} until it returns {@code true} (then returns
   * {@code true}) or the stream ends (then returns {@code false}). Blocks on the stream.
   *
   * @throws IOException when reading fails or a line is too long
   */
  static boolean read(InputStream body, Predicate<ServerSentEvent> handler) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    String event = null;
    StringBuilder data = null;
    String id = null;
    String line;
    while ((line = in.readLine()) != null) {
      if (line.length() > MAX_LINE) {
        throw new IOException("an event stream line is longer than " + MAX_LINE + " characters");
      }
      if (line.isEmpty()) {
        if (data != null
            && handler.test(
                new ServerSentEvent(event == null ? "message" : event, data.toString(), id))) {
          return true;
        }
        event = null;
        data = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "event":
          event = value;
          break;
        case "data":
          data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
          break;
        case "id":
          id = value;
          break;
        default:
          // retry and unknown fields: nothing a status watcher needs.
          break;
      }
    }
    return false;
  }
}
