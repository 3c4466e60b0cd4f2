package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a vendor's answer to a submit says: the accepted job, and its final status when the vendor
 * answered synchronously (a one-shot call, or a job that ended within a {@code Prefer: wait}).
 *
 * @param jobId the vendor's job id; for a one-shot call, whatever names the answer
 * @param attributes strings needed to poll or cancel the job later (status and cancel URLs)
 * @param finished the final status, or {@code null} when the job is still running
 */
public record Submission(String jobId, Map<String, String> attributes, VendorStatus finished) {
  public Submission {
    requireNonNull(jobId, "jobId is null");
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    if (finished != null && !finished.state().terminal()) {
      throw new IllegalArgumentException("a finished submission needs a terminal status");
    }
  }

  /** A job to poll. */
  public static Submission accepted(String jobId, Map<String, String> attributes) {
    return new Submission(jobId, attributes, null);
  }
}
