package io.genport.simulators.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** What the Replicate simulator keeps per prediction. */
final class Prediction {
  final String model;
  final String version;
  final JsonNode input;
  final ReplicateGeneration generation;
  final ModelRules rules;
  final String route;
  private List<String> fileIds;

  /** The {@code Cancel-After} header's delay, or {@code null}. */
  volatile java.time.Duration cancelAfter;

  /** Whether {@code Cancel-After} passed before it started: Replicate's {@code aborted}. */
  volatile boolean aborted;

  Prediction(
      String model,
      String version,
      JsonNode input,
      ReplicateGeneration generation,
      ModelRules rules,
      String route) {
    this.model = model;
    this.version = version;
    this.input = input;
    this.generation = generation;
    this.rules = rules;
    this.route = route;
  }

  /** The files of a successful output; set once, so every read sees the same URLs. */
  synchronized List<String> fileIds(java.util.function.Supplier<List<String>> create) {
    if (fileIds == null) {
      fileIds = List.copyOf(create.get());
    }
    return fileIds;
  }
}
