package io.genport.simulators.fal;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.SimResponse;
import java.util.function.Supplier;

/** What the fal simulator keeps per queued request. */
final class FalWork {
  final String appId;
  final String endpointId;
  final JsonNode input;
  final FalGeneration generation;

  /** The error the result fetch returns, or {@code null} on success. */
  final SimResponse failure;

  /** {@code error} / {@code error_type} of the COMPLETED status when {@link #failure} is set. */
  final String errorText;

  final String errorType;

  private SimResponse output;

  FalWork(
      String appId,
      String endpointId,
      JsonNode input,
      FalGeneration generation,
      SimResponse failure,
      String errorText,
      String errorType) {
    this.appId = appId;
    this.endpointId = endpointId;
    this.input = input;
    this.generation = generation;
    this.failure = failure;
    this.errorText = errorText;
    this.errorType = errorType;
  }

  /** The success output, built once so repeated result fetches see the same file URLs. */
  synchronized SimResponse output(Supplier<SimResponse> build) {
    if (output == null) {
      output = build.get();
    }
    return output;
  }
}
