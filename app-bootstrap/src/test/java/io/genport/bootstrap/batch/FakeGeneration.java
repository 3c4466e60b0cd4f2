package io.genport.bootstrap.batch;

import io.genport.core.domain.Attempt;
import io.genport.core.domain.Cost;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.ImageSource;
import io.genport.core.domain.Target;
import io.genport.core.port.GenerationJob;
import io.genport.core.port.ImageGeneration;
import io.genport.core.port.ProgressListener;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An {@link ImageGeneration} that counts submits and resumes by prompt. Handles are {@code
 * h-<prompt>-<n>}; results complete at once unless {@link #hold} is set, and then only when the
 * test completes them ({@link #complete}).
 */
final class FakeGeneration implements ImageGeneration {
  static final Target TARGET = Target.parse("fake:model");

  final Map<String, Integer> submits = new ConcurrentHashMap<>();
  final List<String> resumed = Collections.synchronizedList(new ArrayList<>());
  final Map<String, CompletableFuture<GenerationResult>> futures = new ConcurrentHashMap<>();

  /** What a submit of a prompt throws instead of being accepted, or null. */
  volatile Function<String, RuntimeException> refuse = p -> null;

  /** What the result of a handle fails with instead of completing, or null. */
  volatile Function<String, Throwable> failResult = h -> null;

  volatile boolean hold;

  @Override
  public GenerationJob submit(GenerationRequest request, ProgressListener listener) {
    String prompt = request.prompt();
    int n = submits.merge(prompt, 1, Integer::sum);
    RuntimeException e = refuse.apply(prompt);
    if (e != null) {
      throw e;
    }
    return job("h-" + prompt + "-" + n);
  }

  @Override
  public GenerationJob resume(String handle, ProgressListener listener) {
    resumed.add(handle);
    return job(handle);
  }

  @Override
  public void cancel(GenerationJob job) {
    job.result().cancel(false);
  }

  int submitsOf(String prompt) {
    return submits.getOrDefault(prompt, 0);
  }

  int totalSubmits() {
    return submits.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Completes a held result. */
  void complete(String handle) {
    futures.computeIfAbsent(handle, h -> new CompletableFuture<>()).complete(result(handle));
  }

  private GenerationJob job(String handle) {
    CompletableFuture<GenerationResult> f =
        futures.computeIfAbsent(handle, h -> new CompletableFuture<>());
    Throwable failure = failResult.apply(handle);
    if (failure != null) {
      f.completeExceptionally(failure);
    } else if (!hold) {
      f.complete(result(handle));
    }
    return new GenerationJob(handle, f);
  }

  static GenerationResult result(String handle) {
    Cost cost = new Cost(new BigDecimal("0.01"), "USD");
    return new GenerationResult(
        List.of(
            new GeneratedImage(
                ImageSource.of(("image of " + handle).getBytes(StandardCharsets.UTF_8)),
                "image/png",
                64,
                48,
                7L,
                false)),
        List.of(),
        List.of(
            new Attempt(
                TARGET,
                Attempt.Outcome.SUCCEEDED,
                null,
                Duration.ofMillis(5),
                true,
                "job-" + handle,
                null)),
        List.of("job-" + handle),
        cost,
        List.of(cost));
  }
}
