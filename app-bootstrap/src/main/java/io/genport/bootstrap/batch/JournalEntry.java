package io.genport.bootstrap.batch;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One record of the journal: a line moved to {@code state}.
 *
 * @param line the line's number
 * @param id the line's id
 * @param state the line's new state
 * @param digest the line's {@linkplain SourceLine#digest() digest}
 * @param handle for {@link LineState#ACCEPTED}: the handle that resumes the line's vendor jobs
 * @param note why, in words (a resubmission, an ambiguous failure); may be {@code null}
 * @param result for {@link LineState#FINISHED}: the line's result
 * @param at when it was written, ISO-8601
 */
public record JournalEntry(
    long line,
    String id,
    LineState state,
    String digest,
    String handle,
    String note,
    LineResult result,
    String at) {
  public JournalEntry {
    requireNonNull(id, "id is null");
    requireNonNull(state, "state is null");
    if (state == LineState.ACCEPTED && handle == null) {
      throw new IllegalArgumentException("an ACCEPTED entry holds the handle");
    }
    if (state == LineState.FINISHED && result == null) {
      throw new IllegalArgumentException("a FINISHED entry holds the result");
    }
  }

  static JournalEntry submitting(SourceLine line, String id, String note) {
    return new JournalEntry(
        line.number(), id, LineState.SUBMITTING, line.digest(), null, note, null, now());
  }

  static JournalEntry accepted(SourceLine line, String id, String handle, String note) {
    return new JournalEntry(
        line.number(), id, LineState.ACCEPTED, line.digest(), handle, note, null, now());
  }

  static JournalEntry ambiguous(SourceLine line, String id, String note) {
    return new JournalEntry(
        line.number(), id, LineState.AMBIGUOUS, line.digest(), null, note, null, now());
  }

  static JournalEntry finished(SourceLine line, LineResult result) {
    return new JournalEntry(
        line.number(), result.id(), LineState.FINISHED, line.digest(), null, null, result, now());
  }

  private static String now() {
    return Instant.now().toString();
  }
}
