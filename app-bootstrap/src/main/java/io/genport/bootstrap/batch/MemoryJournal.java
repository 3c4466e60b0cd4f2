package io.genport.bootstrap.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A journal in memory, for tests and for hosts that keep the entries durable themselves. A new
 * journal {@linkplain #MemoryJournal(List) over the entries of another} is what a resumed run sees.
 */
public final class MemoryJournal implements BatchJournal {
  private final Map<Long, LineRecord> recorded;
  private final List<JournalEntry> entries;

  /** An empty journal. */
  public MemoryJournal() {
    this(List.of());
  }

  /** A journal that already holds {@code earlier}, as if written by earlier runs. */
  public MemoryJournal(List<JournalEntry> earlier) {
    this.entries = new ArrayList<>(earlier);
    this.recorded = LineRecord.fold(earlier);
  }

  @Override
  public Map<Long, LineRecord> recorded() {
    return recorded;
  }

  @Override
  public synchronized void append(JournalEntry entry) {
    entries.add(entry);
  }

  /** Every entry, earlier ones first. */
  public synchronized List<JournalEntry> entries() {
    return List.copyOf(entries);
  }
}
