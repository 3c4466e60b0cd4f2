package io.genport.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every harness scenario in smoke mode (a handful of calls, small images) so the harness
 * cannot rot: each cell must be measured, both clients must deliver the whole image, and nothing
 * may fail. No figure is checked: timings belong to the harness's full run, not to tests.
 */
class LoadHarnessSmokeTest {

  @TempDir Path work;

  @Test
  void everyScenarioMeasuresEveryCellWithoutFailures() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Report report =
        LoadHarness.run(
            HarnessSettings.smoke(work),
            List.of(),
            new PrintStream(printed, true, StandardCharsets.UTF_8));

    String text = printed.toString(StandardCharsets.UTF_8);
    assertEquals(LoadHarness.SCENARIOS.size(), report.tables().size(), text);
    for (Report.Table t : report.tables()) {
      assertFalse(t.rows.isEmpty(), "no rows in " + t.title);
      for (List<String> row : t.rows) {
        assertEquals(t.columns.size(), row.size());
        for (String cell : row) {
          assertFalse(cell.startsWith("fail"), t.title + ": " + row);
          assertFalse(cell.startsWith("wrong image"), t.title + ": " + row);
        }
      }
    }
    // 2 protocols x 2 concurrencies; 3 ways an image arrives x 2 destinations.
    assertEquals(4, report.tables().get(0).rows.size(), text);
    // Three ways an image arrives, two destinations, two image sizes.
    assertEquals(12, report.tables().get(1).rows.size(), text);
    assertTrue(text.contains("| queue | 64 |"), text);
  }

  @Test
  void unknownScenarioIsRefusedWithTheKnownNames() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                LoadHarness.run(
                    HarnessSettings.smoke(work),
                    List.of("latency"),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("throughput, allocation"), e.getMessage());
  }

  @Test
  void syntheticImageHasTheRequestedSizeAndReadsAsPng() {
    byte[] png = SyntheticPng.of(5000, 640, 480);
    assertEquals(5000, png.length);
    assertEquals(
        new io.genport.core.domain.PixelSize(640, 480),
        io.genport.spi.download.ImageProbe.size(png));
  }
}
