package io.genport.core.port;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.Target;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job a vendor has accepted. Once one exists the request must never be submitted again; only
 * polled or cancelled. Everything needed to poll it after a restart is in {@code id} and {@code
 * attributes} (strings only, so a handle can carry them).
 *
 * @param target where the job runs
 * @param id the vendor's job or request id
 * @param attributes provider-specific strings needed to poll or cancel (status URL, cancel URL)
 * @param finished the final status when the vendor answered synchronously, or {@code null}; not
 *     part of a serialised handle
 */
public record VendorJob(
    Target target, String id, Map<String, String> attributes, JobStatus finished) {
  public VendorJob {
    requireNonNull(target, "target is null");
    requireNonNull(id, "id is null");
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  public VendorJob(Target target, String id, Map<String, String> attributes) {
    this(target, id, attributes, null);
  }

  /** An attribute, or {@code null}. */
  public String attribute(String name) {
    return attributes.get(name);
  }
}
