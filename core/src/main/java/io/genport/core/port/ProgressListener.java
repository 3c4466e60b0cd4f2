package io.genport.core.port;

import io.genport.core.domain.ProgressEvent;

/**
 * Receives {@link ProgressEvent}s. Called from worker threads; implementations must be thread-safe
 * and quick, and exceptions they throw are logged and ignored.
 */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = e -> {};

  void onEvent(ProgressEvent event);
}
