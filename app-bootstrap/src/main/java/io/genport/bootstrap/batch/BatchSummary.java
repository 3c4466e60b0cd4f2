package io.genport.bootstrap.batch;

import java.time.Duration;
import java.util.List;

/**
 * How a run of a batch went. Counts cover every line of the input that has a result, including
 * those earlier runs finished.
 *
 * @param lines lines that are not blank
 * @param ok lines whose images are written
 * @param failed lines whose call failed
 * @param invalid lines that are not valid requests (nothing sent)
 * @param ambiguous lines that may have reached the vendor without a recorded job id (not sent again
 *     unless allowed)
 * @param pending lines whose jobs were still running at the deadline (resuming picks them up)
 * @param earlier lines that earlier runs finished, replayed from the journal
 * @param submitted lines this run submitted and a vendor accepted
 * @param resumed lines this run served by resuming jobs an earlier run submitted
 * @param images images written, by this run and earlier ones
 * @param costs what every line's calls cost, per unit
 * @param elapsed how long this run took
 */
public record BatchSummary(
    long lines,
    long ok,
    long failed,
    long invalid,
    long ambiguous,
    long pending,
    long earlier,
    long submitted,
    long resumed,
    long images,
    List<LineResult.Amount> costs,
    Duration elapsed) {
  public BatchSummary {
    costs = List.copyOf(costs);
  }

  /** Whether every line has its images. */
  public boolean complete() {
    return ok == lines;
  }

  /** Lines without images: failed, invalid, ambiguous or pending. */
  public long notOk() {
    return failed + invalid + ambiguous + pending;
  }
}
