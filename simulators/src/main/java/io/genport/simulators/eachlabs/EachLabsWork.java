package io.genport.simulators.eachlabs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** What the Each Labs simulator keeps per prediction. */
final class EachLabsWork {
  final String model;
  final String version;
  final JsonNode input;
  final EachLabsGeneration generation;

  /** The {@code output.error_code} the prediction fails with, or {@code null} on success. */
  final String failureCode;

  private List<String> files;

  EachLabsWork(
      String model,
      String version,
      JsonNode input,
      EachLabsGeneration generation,
      String failureCode) {
    this.model = model;
    this.version = version;
    this.input = input;
    this.generation = generation;
    this.failureCode = failureCode;
  }

  /** The output URLs, made once so repeated status requests see the same files. */
  synchronized List<String> files(java.util.function.Supplier<List<String>> make) {
    if (files == null) {
      files = List.copyOf(make.get());
    }
    return files;
  }
}
