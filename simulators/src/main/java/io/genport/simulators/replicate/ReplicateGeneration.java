package io.genport.simulators.replicate;

import io.genport.simulators.ImageFormat;
import io.genport.simulators.TriggerWords;

/**
 * What a simulated model understood from one valid prediction input, for assertions.
 *
 * @param model {@code owner/name} of the model (or what stands for it with a bare version)
 * @param prompt the prompt ({@code ""} when the model's prompt is optional and none was sent)
 * @param seed the seed used (the first image's; image {@code i} uses {@code seed + i})
 * @param seedGenerated whether the input had no seed and the simulator drew one
 * @param width image width in pixels
 * @param height image height in pixels
 * @param aspectRatio the {@code aspect_ratio} as sent, or {@code null}
 * @param numOutputs number of images
 * @param outputFormat the {@code output_format} spelling asked for ({@code webp}, {@code jpg},
 *     {@code png})
 * @param rendered the encoding served, the one asked for (WebP is a lossless WebP, under a {@code
 *     .webp} name)
 * @param safetyChecker whether the safety checker ran ({@code !disable_safety_checker})
 * @param outcome what the trigger words in the prompt asked for
 */
public record ReplicateGeneration(
    String model,
    String prompt,
    long seed,
    boolean seedGenerated,
    int width,
    int height,
    String aspectRatio,
    int numOutputs,
    String outputFormat,
    ImageFormat rendered,
    boolean safetyChecker,
    TriggerWords.Outcome outcome) {

  /** Whether the prediction fails because the safety checker caught the output. */
  public boolean blockedBySafetyChecker() {
    return outcome == TriggerWords.Outcome.NSFW && safetyChecker;
  }
}
