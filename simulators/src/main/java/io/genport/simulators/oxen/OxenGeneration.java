package io.genport.simulators.oxen;

import io.genport.simulators.ImageFormat;
import io.genport.simulators.TriggerWords;
import java.util.List;

/**
 * What the simulator understood from one valid Oxen image request, for assertions.
 *
 * @param model the {@code model} as sent
 * @param prompt the prompt
 * @param seed the seed used
 * @param seedGenerated whether the input had no seed and the simulator drew one
 * @param aspectRatio the {@code aspect_ratio} in effect (the default when none was sent)
 * @param resolution the {@code resolution} class in effect
 * @param width image width in pixels
 * @param height image height in pixels
 * @param outputFormat the {@code output_format} in effect ({@code webp}, {@code jpg} or {@code
 *     png})
 * @param renderedFormat what the simulator encodes, the format asked for
 * @param outputQuality {@code output_quality}, or {@code null}
 * @param steps {@code num_inference_steps}, or {@code null}
 * @param guidance {@code guidance}, or {@code null}
 * @param safetyChecker whether the safety checker runs ({@code !disable_safety_checker})
 * @param inputImages the {@code input_image} values (URLs or data URIs), in order
 * @param b64Json whether the synchronous response carries {@code b64_json} instead of URLs
 * @param outcome what the trigger words in the prompt asked for
 */
public record OxenGeneration(
    String model,
    String prompt,
    long seed,
    boolean seedGenerated,
    String aspectRatio,
    String resolution,
    int width,
    int height,
    String outputFormat,
    ImageFormat renderedFormat,
    Integer outputQuality,
    Integer steps,
    Double guidance,
    boolean safetyChecker,
    List<String> inputImages,
    boolean b64Json,
    TriggerWords.Outcome outcome) {

  public OxenGeneration {
    inputImages = List.copyOf(inputImages);
  }
}
