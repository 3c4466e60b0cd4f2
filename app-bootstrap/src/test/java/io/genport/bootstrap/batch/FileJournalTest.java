package io.genport.bootstrap.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.bootstrap.batch.LineResult.Status;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileJournalTest {
  @TempDir Path dir;

  private static ObjectNode header() {
    ObjectNode h = new ObjectMapper().createObjectNode();
    h.put("file", "/data/requests.jsonl");
    return h;
  }

  private static LineResult ok(long line) {
    return new LineResult(
        line,
        "line-" + line,
        Status.OK,
        "fal:flux-2",
        List.of(new LineResult.Image("/out/line-1-1.png", 1024, 768, 42L, "image/png", false)),
        new LineResult.Amount(new BigDecimal("0.025"), "USD"),
        List.of(new LineResult.Amount(new BigDecimal("0.025"), "USD")),
        List.of(
            new LineResult.AttemptInfo(
                "fal:flux-2", "SUCCEEDED", null, 1200, true, "req-1", null, 0, false, false)),
        List.of(new LineResult.Adapted("size", "1000x700", "1008x704", "multiple of 16")),
        null,
        "gp1.abc",
        false,
        false,
        false);
  }

  @Test
  void whatIsAppendedIsReadBackWithTheHeaderByTheNextOpen() throws IOException {
    Path p = dir.resolve("j.jsonl");
    SourceLine one = new SourceLine(1, "{\"prompt\":\"a fox\"}");
    SourceLine two = new SourceLine(2, "{\"prompt\":\"a cat\"}");
    try (FileJournal j = FileJournal.create(p, header())) {
      assertEquals(Map.of(), j.recorded());
      j.append(JournalEntry.submitting(one, "line-1", null));
      j.append(JournalEntry.submitting(two, "line-2", null));
      j.append(JournalEntry.accepted(one, "line-1", "gp1.abc", null));
      j.append(JournalEntry.finished(one, ok(1)));
      j.append(JournalEntry.accepted(two, "line-2", "gp1.def", null));
    }

    try (FileJournal j = FileJournal.open(p)) {
      assertEquals("/data/requests.jsonl", j.header().path("file").asText());
      LineRecord r1 = j.recorded().get(1L);
      assertEquals(LineState.FINISHED, r1.state());
      assertEquals(ok(1), r1.result(), "the result survives the round trip whole");
      assertEquals(one.digest(), r1.digest());
      LineRecord r2 = j.recorded().get(2L);
      assertEquals(LineState.ACCEPTED, r2.state());
      assertEquals("gp1.def", r2.handle());
      assertEquals(1, r2.submits());
      assertNull(r2.result());
    }
  }

  @Test
  void aNewJournalNeverReplacesOne() throws IOException {
    Path p = dir.resolve("j.jsonl");
    FileJournal.create(p, header()).close();
    assertThrows(FileAlreadyExistsException.class, () -> FileJournal.create(p, header()));
  }

  @Test
  void aLastLineCutShortByACrashIsIgnoredAndTheNextEntryStartsOnItsOwnLine() throws IOException {
    Path p = dir.resolve("j.jsonl");
    SourceLine one = new SourceLine(1, "a");
    try (FileJournal j = FileJournal.create(p, header())) {
      j.append(JournalEntry.submitting(one, "line-1", null));
    }
    // The process died in the middle of writing ACCEPTED: half a line, no newline.
    Files.writeString(
        p, "{\"line\":1,\"id\":\"line-1\",\"state\":\"ACC", StandardOpenOption.APPEND);

    try (FileJournal j = FileJournal.open(p)) {
      assertEquals(LineState.SUBMITTING, j.recorded().get(1L).state(), "the cut entry is not");
      j.append(JournalEntry.ambiguous(one, "line-1", "reported"));
    }
    try (FileJournal j = FileJournal.open(p)) {
      assertEquals(LineState.AMBIGUOUS, j.recorded().get(1L).state());
    }
  }

  @Test
  void aDamagedCompleteLineIsAnErrorNotSilentlySkipped() throws IOException {
    Path p = dir.resolve("j.jsonl");
    try (FileJournal j = FileJournal.create(p, header())) {
      j.append(JournalEntry.submitting(new SourceLine(1, "a"), "line-1", null));
    }
    // Ended by a newline, so not a write a crash cut short: someone edited the journal.
    Files.writeString(p, "garbage\n", StandardOpenOption.APPEND);

    IOException e = assertThrows(IOException.class, () -> FileJournal.open(p));
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }

  @Test
  void aFileThatIsNotAJournalIsRefused() throws IOException {
    Path p = dir.resolve("requests.jsonl");
    Files.writeString(p, "{\"prompt\":\"a fox\"}\n", StandardCharsets.UTF_8);
    IOException e = assertThrows(IOException.class, () -> FileJournal.open(p));
    assertTrue(e.getMessage().contains("not a genport batch journal"), e.getMessage());
  }
}
