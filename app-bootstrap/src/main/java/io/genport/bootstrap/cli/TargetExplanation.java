package io.genport.bootstrap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.core.domain.Adaptation;
import io.genport.core.domain.PixelSize;
import java.util.List;
import java.util.Map;

/**
 * What {@code explain} found for one target: its native calls and adaptations, or why it cannot be
 * planned. Everything here is safe to print; credential headers are already redacted.
 *
 * @param target the target as {@code provider:model}
 * @param calls the native calls, in order; empty on error
 * @param adaptations the changes made to the request; empty on error
 * @param error why the target cannot be planned, or {@code null}
 */
record TargetExplanation(
    String target, List<Call> calls, List<Adaptation> adaptations, Failure error) {
  TargetExplanation {
    calls = List.copyOf(calls);
    adaptations = List.copyOf(adaptations);
  }

  static TargetExplanation failed(String target, Failure error) {
    return new TargetExplanation(target, List.of(), List.of(), error);
  }

  /**
   * One native HTTP call.
   *
   * @param index 0-based position in the plan
   * @param count images this call asks for
   * @param firstImage index of its first image in the combined result
   * @param seed the seed it sends, or {@code null}
   * @param expectedSize the pixel size expected back, or {@code null}
   * @param method the HTTP method
   * @param url the full URL
   * @param headers the headers, credential values replaced by {@code <redacted>}
   * @param body the JSON body, a text node when the body is not JSON, or a null node for none
   */
  record Call(
      int index,
      int count,
      int firstImage,
      Long seed,
      PixelSize expectedSize,
      String method,
      String url,
      Map<String, String> headers,
      JsonNode body) {}

  /**
   * A per-target failure.
   *
   * @param type the {@link io.genport.core.domain.FailureClass} name, or {@code INTERNAL_ERROR} for
   *     a plugin that failed with something other than a {@link
   *     io.genport.core.domain.GenerationException}
   * @param message what went wrong
   */
  record Failure(String type, String message) {}
}
