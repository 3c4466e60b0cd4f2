package io.genport.bootstrap.batch;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A journal in a JSON Lines file: a header line, then one {@link JournalEntry} per line. Entries
 * are appended and forced to the disk ({@code fsync}) before {@link #append} returns; nothing is
 * ever rewritten. A last line cut short by a crash in the middle of a write is cut off when the
 * file is opened, as a write-ahead log does: the entry it would have held was never durable, so
 * nothing relied on it.
 *
 * <p>The header is the host's: {@code genport batch} keeps there what a resumed run needs (the
 * input file, the output folder, the route), so that {@code --resume JOURNAL} needs nothing else.
 */
public final class FileJournal implements BatchJournal, AutoCloseable {
  /** The header's marker field, whose value is the format's version. */
  static final String MARKER = "genportBatchJournal";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Path path;
  private final ObjectNode header;
  private final Map<Long, LineRecord> recorded;
  private final FileChannel channel;

  private FileJournal(
      Path path, ObjectNode header, Map<Long, LineRecord> recorded, FileChannel channel) {
    this.path = path;
    this.header = header;
    this.recorded = recorded;
    this.channel = channel;
  }

  /**
   * Creates a new journal with {@code header}, which the file's first line holds.
   *
   * @throws FileAlreadyExistsException when {@code path} exists: a journal is never started over
   */
  public static FileJournal create(Path path, ObjectNode header) throws IOException {
    requireNonNull(path, "path is null");
    ObjectNode first = JSON.createObjectNode();
    first.put(MARKER, 1);
    first.set("header", requireNonNull(header, "header is null").deepCopy());
    FileChannel ch =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.APPEND);
    try {
      writeFully(ch, (JSON.writeValueAsString(first) + "\n").getBytes(StandardCharsets.UTF_8));
      ch.force(true);
      forceDirectory(path.toAbsolutePath().getParent());
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return new FileJournal(path, header.deepCopy(), Map.of(), ch);
  }

  /**
   * Opens an existing journal to read what it recorded and append to it.
   *
   * @throws NoSuchFileException when there is none
   * @throws IOException when it is not a batch journal, or is damaged other than in its last line
   */
  public static FileJournal open(Path path) throws IOException {
    requireNonNull(path, "path is null");
    byte[] bytes = Files.readAllBytes(path);
    // Entries are whole lines; anything after the last newline is a write a crash cut short.
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
    String[] lines = text.isEmpty() ? new String[0] : text.split("\n", -1);
    int complete = Math.max(0, lines.length - 1); // the piece after the final newline is ""
    if (complete < 1 || lines[0].isBlank()) {
      throw new IOException(path + " is not a genport batch journal (it is empty)");
    }
    ObjectNode header;
    try {
      JsonNode first = JSON.readTree(lines[0]);
      if (!first.path(MARKER).canConvertToInt() || !(first.get("header") instanceof ObjectNode)) {
        throw new IOException(path + " is not a genport batch journal");
      }
      if (first.path(MARKER).asInt() != 1) {
        throw new IOException(
            path + " is a batch journal of an unknown version " + first.path(MARKER));
      }
      header = (ObjectNode) first.get("header");
    } catch (JsonProcessingException e) {
      throw new IOException(path + " is not a genport batch journal", e);
    }
    List<JournalEntry> entries = new ArrayList<>();
    for (int i = 1; i < complete; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      try {
        entries.add(JSON.readValue(lines[i], JournalEntry.class));
      } catch (JsonProcessingException | IllegalArgumentException e) {
        throw new IOException(path + " line " + (i + 1) + " is not a journal entry: " + e, e);
      }
    }
    FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    try {
      if (end < bytes.length) {
        ch.truncate(end);
        ch.force(false);
      }
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return new FileJournal(path, header, LineRecord.fold(entries), ch);
  }

  /** The journal's file. */
  public Path path() {
    return path;
  }

  /** The header the journal was created with (a copy). */
  public ObjectNode header() {
    return header.deepCopy();
  }

  @Override
  public Map<Long, LineRecord> recorded() {
    return recorded;
  }

  @Override
  public synchronized void append(JournalEntry entry) throws IOException {
    byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
    writeFully(channel, line);
    // force(false) is fdatasync: the data and the length needed to read it back, not timestamps.
    channel.force(false);
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }

  private static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  /** Makes a new file's directory entry durable too, where the platform allows it. */
  private static void forceDirectory(Path dir) {
    if (dir == null) {
      return;
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can open a directory; the file's own data is forced regardless.
    }
  }

  @Override
  public String toString() {
    return "FileJournal[" + path + "]";
  }
}
