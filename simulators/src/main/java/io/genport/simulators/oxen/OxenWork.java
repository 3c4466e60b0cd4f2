package io.genport.simulators.oxen;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.function.Supplier;

/** What the Oxen simulator keeps per queued generation. */
final class OxenWork {
  final String model;
  final JsonNode input;

  /** The valid generation, or {@code null} when a parameter was invalid. */
  final OxenGeneration generation;

  /** The {@code error_message} the generation fails with, or {@code null} when it succeeds. */
  final String failure;

  /** Credits taken from the balance at enqueue (given back on cancel). */
  final long reservedCredits;

  private Instant startedAt;
  private Instant completedAt;
  private String resultUrl;

  OxenWork(
      String model,
      JsonNode input,
      OxenGeneration generation,
      String failure,
      long reservedCredits) {
    this.model = model;
    this.input = input;
    this.generation = generation;
    this.failure = failure;
    this.reservedCredits = reservedCredits;
  }

  synchronized void started(Instant at) {
    if (startedAt == null) {
      startedAt = at;
    }
  }

  synchronized void completed(Instant at) {
    started(at);
    if (completedAt == null) {
      completedAt = at;
    }
  }

  synchronized Instant startedAt() {
    return startedAt;
  }

  synchronized Instant completedAt() {
    return completedAt;
  }

  /** The result URL, made once so every status poll sees the same file. */
  synchronized String resultUrl(Supplier<String> make) {
    if (resultUrl == null) {
      resultUrl = make.get();
    }
    return resultUrl;
  }
}
