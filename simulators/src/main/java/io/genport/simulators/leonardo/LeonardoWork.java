package io.genport.simulators.leonardo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** What the Leonardo simulator keeps per generation. */
final class LeonardoWork {
  final JsonNode input;
  final LeonardoGeneration generation;

  /** The reason the generation fails with, or {@code null} when it completes. */
  final String failure;

  private Instant completedAt;
  private List<String> urls;

  LeonardoWork(JsonNode input, LeonardoGeneration generation, String failure) {
    this.input = input;
    this.generation = generation;
    this.failure = failure;
  }

  synchronized void completed(Instant at) {
    if (completedAt == null) {
      completedAt = at;
    }
  }

  synchronized Instant completedAt() {
    return completedAt;
  }

  /** The image URLs, made once so every status read sees the same files. */
  synchronized List<String> urls(Supplier<List<String>> make) {
    if (urls == null) {
      urls = List.copyOf(make.get());
    }
    return urls;
  }
}
