package io.genport.bootstrap.batch;

import java.io.IOException;
import java.util.Map;

/**
 * The durable record of a batch: every line's state, and every accepted line's job handle, written
 * before the engine waits on the job. Append-only; one journal per batch (or per partition of one).
 * Thread-safe.
 */
public interface BatchJournal {

  /** What the journal held when it was opened (earlier runs), by line number. */
  Map<Long, LineRecord> recorded();

  /**
   * Appends an entry and returns only once it is durable (on disk, replicated): a run that stops
   * right after this call finds the entry when it is resumed.
   *
   * @throws IOException when it cannot be made durable; the engine then stops sending anything
   */
  void append(JournalEntry entry) throws IOException;
}
