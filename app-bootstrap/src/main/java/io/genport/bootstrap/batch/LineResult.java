package io.genport.bootstrap.batch;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.Attempt;
import io.genport.core.domain.Cost;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.UnsupportedCapabilityException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What became of one line: one line of {@code results.jsonl}, and what the journal keeps of a
 * finished line.
 *
 * @param line the line's number
 * @param id the line's id ({@code line-N} unless the line gave one)
 * @param status how it ended
 * @param route the route that served it, or {@code null} when the line was not decoded
 * @param images the images written, in order; empty unless {@link Status#OK}
 * @param cost the total cost when every call reported one in one unit, else {@code null}
 * @param costs what the calls that reported a cost cost, per unit
 * @param attempts every attempt at a target, in order
 * @param adaptations every change made to fit the request to the target
 * @param error why it is not {@link Status#OK}, or {@code null}
 * @param handle the resumable handle of the line's vendor jobs, when a vendor accepted any
 * @param resumed whether it was served by resuming jobs that an earlier run had submitted
 * @param possibleDuplicate whether it was submitted again although an earlier submit may have
 *     reached the vendor, so the vendor may hold (and bill) two jobs for it
 * @param earlierRun whether an earlier run finished it and this result was replayed from the
 *     journal
 */
public record LineResult(
    long line,
    String id,
    Status status,
    String route,
    List<Image> images,
    Amount cost,
    List<Amount> costs,
    List<AttemptInfo> attempts,
    List<Adapted> adaptations,
    Problem error,
    String handle,
    boolean resumed,
    boolean possibleDuplicate,
    boolean earlierRun) {

  public LineResult {
    requireNonNull(id, "id is null");
    requireNonNull(status, "status is null");
    images = images == null ? List.of() : List.copyOf(images);
    costs = costs == null ? List.of() : List.copyOf(costs);
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
    adaptations = adaptations == null ? List.of() : List.copyOf(adaptations);
    if (status == Status.OK && error != null) {
      throw new IllegalArgumentException("an OK line has no error");
    }
    if (status != Status.OK && error == null) {
      throw new IllegalArgumentException("a " + status + " line says why");
    }
  }

  /** How a line ended. */
  public enum Status {
    /** Its images are written. */
    OK,
    /** Its call failed (the error says why); a vendor may have billed it. */
    FAILED,
    /**
     * The line is not a valid request, or no target of its route can honour it (the error names the
     * field); nothing was sent.
     */
    INVALID,
    /**
     * Its submit may have reached the vendor but no job id was recorded (the process stopped while
     * it was in flight, or the connection broke after the request was sent): it is neither resumed
     * nor sent again unless the caller allows it, since the vendor may hold a billed job.
     */
    AMBIGUOUS,
    /**
     * The deadline passed while the vendor's jobs were still running; they were left running, and
     * resuming the batch picks them up.
     */
    PENDING
  }

  /** One written image. */
  public record Image(
      String path, int width, int height, Long seed, String mediaType, boolean flagged) {}

  /** An amount in a unit: an ISO currency or a vendor's own unit such as {@code credits}. */
  public record Amount(BigDecimal amount, String currency) {
    static Amount of(Cost c) {
      return c == null ? null : new Amount(c.amount(), c.currency());
    }
  }

  /** One attempt at a target, as {@link Attempt} has it. */
  public record AttemptInfo(
      String target,
      String outcome,
      String failureClass,
      long latencyMs,
      boolean accepted,
      String vendorJobId,
      String message,
      int part,
      boolean hedge,
      boolean possibleDuplicate) {
    static AttemptInfo of(Attempt a) {
      return new AttemptInfo(
          a.target().toString(),
          a.outcome().name(),
          a.failureClass() == null ? null : a.failureClass().name(),
          a.latency().toMillis(),
          a.accepted(),
          a.vendorJobId(),
          a.message(),
          a.part(),
          a.hedge(),
          a.possibleDuplicate());
    }

    static List<AttemptInfo> of(List<Attempt> attempts) {
      List<AttemptInfo> out = new ArrayList<>();
      attempts.forEach(a -> out.add(of(a)));
      return out;
    }
  }

  /** One adaptation, as {@link Adaptation} has it. */
  public record Adapted(String field, String requested, String applied, String reason) {
    static List<Adapted> of(List<Adaptation> adaptations) {
      List<Adapted> out = new ArrayList<>();
      for (Adaptation a : adaptations) {
        out.add(new Adapted(a.field().wireName(), a.requested(), a.applied(), a.reason()));
      }
      return out;
    }
  }

  /**
   * Why a line is not OK.
   *
   * @param type the failure class ({@code INVALID_REQUEST}, {@code RETRYABLE}, ...) or what the
   *     batch itself found ({@code AMBIGUOUS}, {@code OUTPUT}, {@code CHANGED}, {@code DEADLINE})
   * @param field the request field at fault, for invalid lines; else {@code null}
   * @param message what happened, in words a user understands
   */
  public record Problem(String type, String field, String message) {
    public Problem {
      requireNonNull(type, "type is null");
      requireNonNull(message, "message is null");
    }

    static Problem of(GenerationException e) {
      String field = null;
      if (e instanceof InvalidRequestException i) {
        field = i.field();
      } else if (e instanceof UnsupportedCapabilityException u && u.field() != null) {
        field = u.field().wireName();
      }
      return new Problem(e.failureClass().name(), field, String.valueOf(e.getMessage()));
    }
  }

  /** This result as replayed in a later run. */
  public LineResult asEarlierRun() {
    return new LineResult(
        line,
        id,
        status,
        route,
        images,
        cost,
        costs,
        attempts,
        adaptations,
        error,
        handle,
        resumed,
        possibleDuplicate,
        true);
  }
}
