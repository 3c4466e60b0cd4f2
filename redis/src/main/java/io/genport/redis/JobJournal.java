package io.genport.redis;

import io.genport.core.port.JobRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Job records not yet in Redis, in memory and (when a file is given) in an append-only file, so an
 * outage of Redis, or of this process during one, loses none. A line {@code R} holds a record, a
 * line {@code W} says the record of that key and time reached Redis; the file is emptied whenever
 * nothing is pending. Thread-safe.
 */
final class JobJournal {
  private final Path file;
  private final Map<String, JobRecord> pending = new LinkedHashMap<>();

  /** Opens the journal, taking back what an earlier run left pending. */
  JobJournal(Path file) {
    this.file = file;
    if (file != null && Files.exists(file)) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          replay(line);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the Redis job journal " + file, e);
      }
    }
  }

  private void replay(String line) {
    String[] f = line.split("\t", -1);
    if (f.length == 8 && f[0].equals("R")) {
      JobRecord r =
          new JobRecord(
              unescape(f[1]),
              unescape(f[2]),
              JobRecord.Status.valueOf(f[3]),
              f[4].isEmpty() ? null : unescape(f[4]),
              f[5].isEmpty() ? null : unescape(f[5]),
              Instant.ofEpochMilli(Long.parseLong(f[6])),
              Instant.ofEpochMilli(Long.parseLong(f[7])));
      JobRecord cur = pending.get(r.key());
      if (cur == null || cur.progress() <= r.progress()) {
        pending.put(r.key(), r);
      }
    } else if (f.length == 3 && f[0].equals("W")) {
      JobRecord cur = pending.get(unescape(f[1]));
      if (cur != null && cur.updated().toEpochMilli() <= Long.parseLong(f[2])) {
        pending.remove(cur.key());
      }
    }
    // Anything else is a line cut short by a crash: nothing to take back.
  }

  /** Keeps {@code r} until {@link #written} says it reached Redis. */
  synchronized void add(JobRecord r) {
    JobRecord cur = pending.get(r.key());
    if (cur != null && cur.progress() > r.progress()) {
      return;
    }
    pending.put(r.key(), r);
    append(
        "R\t"
            + escape(r.key())
            + "\t"
            + escape(r.owner())
            + "\t"
            + r.status()
            + "\t"
            + (r.handle() == null ? "" : escape(r.handle()))
            + "\t"
            + (r.resultLocation() == null ? "" : escape(r.resultLocation()))
            + "\t"
            + r.leaseUntil().toEpochMilli()
            + "\t"
            + r.updated().toEpochMilli());
  }

  /** {@code r} (or a later record of its key) is in Redis. */
  synchronized void written(JobRecord r) {
    JobRecord cur = pending.get(r.key());
    if (cur == null || cur.updated().isAfter(r.updated()) || cur.progress() > r.progress()) {
      return;
    }
    pending.remove(r.key());
    if (pending.isEmpty()) {
      truncate();
    } else {
      append("W\t" + escape(r.key()) + "\t" + r.updated().toEpochMilli());
    }
  }

  synchronized List<JobRecord> pending() {
    return new ArrayList<>(pending.values());
  }

  synchronized int size() {
    return pending.size();
  }

  synchronized JobRecord get(String key) {
    return pending.get(key);
  }

  private void append(String line) {
    if (file == null) {
      return;
    }
    try {
      Files.writeString(
          file,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Redis job journal " + file, e);
    }
  }

  private void truncate() {
    if (file == null) {
      return;
    }
    try {
      Files.write(file, new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty the Redis job journal " + file, e);
    }
  }

  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
