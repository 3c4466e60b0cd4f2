package io.genport.bootstrap.batch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the journal says of one line: the entries for it folded in order.
 *
 * @param line the line's number
 * @param id the line's id
 * @param digest the digest of the line's text when it was last recorded
 * @param state its last state
 * @param handle the handle of its accepted jobs, or {@code null} when no vendor accepted it
 * @param result its result when {@link LineState#FINISHED}, else {@code null}
 * @param submits how many times a submit was started for it, over every run
 */
public record LineRecord(
    long line,
    String id,
    String digest,
    LineState state,
    String handle,
    LineResult result,
    int submits) {

  /** Folds journal entries, in the order they were written, into one record per line. */
  public static Map<Long, LineRecord> fold(List<JournalEntry> entries) {
    Map<Long, LineRecord> out = new LinkedHashMap<>();
    for (JournalEntry e : entries) {
      LineRecord before = out.get(e.line());
      int submits = before == null ? 0 : before.submits();
      String handle = before == null ? null : before.handle();
      if (e.state() == LineState.SUBMITTING) {
        submits++;
        // A new submit replaces whatever an earlier one left: its jobs are now the line's jobs.
        handle = null;
      }
      if (e.handle() != null) {
        handle = e.handle();
      }
      out.put(
          e.line(),
          new LineRecord(
              e.line(),
              e.id(),
              e.digest() != null ? e.digest() : before == null ? null : before.digest(),
              e.state(),
              handle,
              e.state() == LineState.FINISHED ? e.result() : null,
              submits));
    }
    return Collections.unmodifiableMap(out);
  }
}
