package io.genport.simulators.eachlabs;

import io.genport.simulators.ImageFormat;
import io.genport.simulators.TriggerWords;

/**
 * What the simulator understood from one valid prediction input, for assertions.
 *
 * @param model the model slug
 * @param prompt the prompt (the input's, or the model's default; empty when there is neither)
 * @param seed the seed used
 * @param seedGenerated whether the input had no seed (or the model's "random" value) and the
 *     simulator drew one
 * @param width image width in pixels
 * @param height image height in pixels
 * @param sizeSource which input decided the size, e.g. {@code image_size=landscape_4_3}
 * @param count how many images the prediction returns
 * @param format the encoding served
 * @param safetyChecker whether the model's safety checker is on
 * @param outcome what the trigger words in the prompt asked for
 */
public record EachLabsGeneration(
    String model,
    String prompt,
    long seed,
    boolean seedGenerated,
    int width,
    int height,
    String sizeSource,
    int count,
    ImageFormat format,
    boolean safetyChecker,
    TriggerWords.Outcome outcome) {

  /**
   * Whether the images are flagged and blacked out (the {@code [nsfw]} trigger with the checker
   * on).
   */
  public boolean flagged() {
    return outcome == TriggerWords.Outcome.NSFW && safetyChecker;
  }
}
