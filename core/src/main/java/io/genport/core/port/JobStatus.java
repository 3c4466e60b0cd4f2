package io.genport.core.port;

import io.genport.core.domain.Cost;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import java.util.List;

/** The state of a {@link VendorJob} as of one poll. */
public sealed interface JobStatus
    permits JobStatus.Queued,
        JobStatus.Running,
        JobStatus.Succeeded,
        JobStatus.Failed,
        JobStatus.Cancelled {

  /** Whether the job has ended. */
  default boolean terminal() {
    return this instanceof Succeeded || this instanceof Failed || this instanceof Cancelled;
  }

  /** Waiting in the vendor's queue; {@code position} may be null. */
  record Queued(Integer position) implements JobStatus {}

  /** Running; {@code logs} holds new log lines since the last poll. */
  record Running(List<String> logs) implements JobStatus {
    public Running {
      logs = List.copyOf(logs);
    }
  }

  /**
   * Done, with images.
   *
   * @param images the images, each with its seed and flag
   * @param cost the cost if the vendor reports it, or {@code null}
   */
  record Succeeded(List<GeneratedImage> images, Cost cost) implements JobStatus {
    public Succeeded {
      images = List.copyOf(images);
    }
  }

  /** Ended in failure; {@code error} is already classified. */
  record Failed(GenerationException error) implements JobStatus {
    public Failed {
      java.util.Objects.requireNonNull(error, "error is null");
    }
  }

  /** Cancelled at the vendor. */
  record Cancelled() implements JobStatus {}
}
