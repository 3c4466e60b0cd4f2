package io.genport.core.application;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.core.port.JobStatus;
import io.genport.core.port.VendorJob;
import java.time.Instant;
import java.util.List;

/**
 * A vendor job accepted for one part: from now on it is only polled, resumed or cancelled, never
 * submitted again. {@code done} and {@code cancelSent} are guarded by the {@link CallLedger}'s
 * lock; {@code delivered} belongs to the thread that polls the job.
 */
final class AcceptedJob {
  final int part;
  final RouteTarget rt;
  final TargetState state;
  final CallPart callPart;
  final PixelSize expectedSize;
  final ImageFormat expectedFormat;
  final VendorJob job;
  final List<Adaptation> adaptations;
  final int seq;
  final Instant t0;
  final boolean hedge;
  final boolean possibleDuplicate;
  JobStatus.Succeeded done;
  boolean cancelSent;

  /**
   * When the vendor accepted the job, as the router saw it; set by {@link JobPoller#accept}, {@code
   * null} for a job resumed from a handle (its acceptance is not known). The poll schedule counts
   * from it and learns the target's job durations from it.
   */
  Instant acceptedAt;

  /** How the delivered images differ from the plan (size, format), found when the job ended. */
  List<Adaptation> delivered = List.of();

  AcceptedJob(
      int part,
      RouteTarget rt,
      TargetState state,
      CallPart callPart,
      PixelSize expectedSize,
      ImageFormat expectedFormat,
      VendorJob job,
      List<Adaptation> adaptations,
      int seq,
      Instant t0,
      boolean hedge,
      boolean possibleDuplicate) {
    this.part = part;
    this.rt = rt;
    this.state = state;
    this.callPart = callPart;
    this.expectedSize = expectedSize;
    this.expectedFormat = expectedFormat;
    this.job = job;
    this.adaptations = List.copyOf(adaptations);
    this.seq = seq;
    this.t0 = t0;
    this.hedge = hedge;
    this.possibleDuplicate = possibleDuplicate;
  }

  /** Whether the job may still be running at the vendor (so a cancel is owed). Under the lock. */
  boolean running() {
    return done == null && job.finished() == null && !cancelSent;
  }
}
