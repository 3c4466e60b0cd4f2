package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genport batch} killed ({@code destroyForcibly}, no shutdown hook runs) in the middle of a
 * run and resumed, in child JVMs, against a fal simulator this test owns so that the jobs accepted
 * before the kill are still there. What is asserted comes from the simulator's own records.
 */
class BatchKillResumeTest {
  private static final int LINES = 60;

  @TempDir Path dir;

  @Test
  void aKilledBatchIsFinishedByResumeAndNoAcceptedJobIsSubmittedTwice() throws Exception {
    KillAndResume.Outcome o = KillAndResume.run(dir, LINES, 1, 8, Duration.ofSeconds(90), false);

    List<String> accepted = o.acceptedAtKill().get(0);
    assertFalse(
        accepted.isEmpty(), "the kill came while jobs were running, so resuming is exercised");
    // Every line is served, once, with its image on disk.
    assertEquals(LINES, o.results().size());
    for (int i = 1; i <= LINES; i++) {
      JsonNode r = o.results().get("l" + i);
      assertEquals("OK", r.path("status").asText(), "line " + i + ": " + r);
      Path image = Path.of(r.path("images").get(0).path("path").asText());
      assertTrue(Files.size(image) > 0, image.toString());
      assertEquals(i, r.path("images").get(0).path("seed").asLong());
    }
    // Every job accepted before the kill was resumed: the simulator holds exactly one job for its
    // line, and the line's result came from that very job.
    for (String id : accepted) {
      assertEquals(1, o.jobsPerLine().get(id), id + " was submitted again");
      JsonNode r = o.results().get(id);
      assertTrue(r.path("resumed").asBoolean(), id + " was not resumed: " + r);
      assertEquals(
          o.jobIds().get(id).get(0),
          r.path("attempts").get(0).path("vendorJobId").asText(),
          id + " was served by another job");
    }
    // A line whose submit was in flight at the kill (no job id journaled) is the only kind that may
    // be sent again, and only after it was reported and --resubmit-ambiguous given.
    Set<String> ambiguous = new HashSet<>(o.reportedAmbiguous());
    assertTrue(o.inFlightAtKill().get(0).containsAll(ambiguous), o.toString());
    for (int i = 1; i <= LINES; i++) {
      String id = "l" + i;
      int jobs = o.jobsPerLine().getOrDefault(id, 0);
      if (ambiguous.contains(id)) {
        assertTrue(jobs >= 1 && jobs <= 2, id + ": " + jobs + " jobs");
        assertTrue(o.results().get(id).path("possibleDuplicate").asBoolean());
      } else {
        assertEquals(1, jobs, id + " had " + jobs + " jobs at the vendor");
      }
    }
    // Until --resubmit-ambiguous is given, no line has more than one job at the vendor.
    for (var e : o.jobsAfterFirstResume().entrySet()) {
      assertEquals(1, e.getValue(), e.getKey() + " before --resubmit-ambiguous");
    }
    // The first resume resumed exactly the accepted lines and reports the rest of the work.
    JsonNode first = o.summaries().get(0);
    assertEquals(accepted.size(), first.path("resumed").asLong(), first.toString());
    assertEquals(LINES, first.path("lines").asLong());
    assertEquals(ambiguous.isEmpty() ? 0 : 3, o.exits().get(0), "exit 3 while lines are left");
    assertEquals(0, o.exits().get(o.exits().size() - 1), "the batch ends complete");
  }
}
