package io.genport.simulators.fal;

import io.genport.simulators.ImageFormat;
import io.genport.simulators.TriggerWords;

/**
 * What the simulator understood from one valid text-to-image input, for assertions.
 *
 * @param endpointId {@code owner/app[/path]} as called
 * @param prompt the prompt
 * @param seed the seed used (echoed in the output)
 * @param seedGenerated whether the input had no seed and the simulator drew one
 * @param width image width in pixels
 * @param height image height in pixels
 * @param imageSizeInput the {@code image_size} as given ({@code null} when the default applied)
 * @param numImages number of images
 * @param format output format
 * @param syncMode whether images are returned as data URIs
 * @param safetyChecker {@code enable_safety_checker}
 * @param outcome what the trigger words in the prompt asked for
 */
public record FalGeneration(
    String endpointId,
    String prompt,
    long seed,
    boolean seedGenerated,
    int width,
    int height,
    String imageSizeInput,
    int numImages,
    ImageFormat format,
    boolean syncMode,
    boolean safetyChecker,
    TriggerWords.Outcome outcome) {

  /** Whether the images are flagged (and blacked out). */
  public boolean flagged() {
    return outcome == TriggerWords.Outcome.NSFW && safetyChecker;
  }
}
