package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

/**
 * One event of a {@code text/event-stream} body: its {@code event:} type ({@code message} when the
 * event names none, as in the HTML standard), its {@code data:} lines joined by newlines, and its
 * {@code id:}, or {@code null} when it has none. Comments ({@code : keep-alive}) are not events.
 *
 * @param event the event type; never null
 * @param data the data; never null, may be empty
 * @param id the last event id field, or {@code null}
 */
public record ServerSentEvent(String event, String data, String id) {
  public ServerSentEvent {
    requireNonNull(event, "event is null");
    requireNonNull(data, "data is null");
  }
}
