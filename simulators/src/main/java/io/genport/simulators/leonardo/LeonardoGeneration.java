package io.genport.simulators.leonardo;

import io.genport.simulators.TriggerWords;

/**
 * What the simulator understood from one valid create request, for assertions.
 *
 * @param api {@code v1} ({@code POST /api/rest/v1/generations}) or {@code v2}
 * @param model the v1 {@code modelId} or the v2 {@code model}; {@code null} when v1 sent none
 * @param prompt the prompt
 * @param negativePrompt the v1 {@code negative_prompt}, or {@code null}
 * @param width image width in pixels (the default 1024 when none was sent)
 * @param height image height in pixels (the default 768 when none was sent)
 * @param count the number of images ({@code num_images}, v2 {@code quantity})
 * @param seed the seed used
 * @param seedGenerated whether the request had no seed and the simulator drew one
 * @param guidanceScale {@code guidance_scale}, or {@code null}
 * @param steps {@code num_inference_steps}, or {@code null}
 * @param alchemy {@code alchemy}, or {@code null}
 * @param contrast {@code contrast}, or {@code null}
 * @param presetStyle {@code presetStyle}, or {@code null}
 * @param isPublic whether the generation shows in the community feed ({@code public})
 * @param apiCreditCost the credits the generation costs
 * @param outcome what the trigger words in the prompt asked for
 */
public record LeonardoGeneration(
    String api,
    String model,
    String prompt,
    String negativePrompt,
    int width,
    int height,
    int count,
    long seed,
    boolean seedGenerated,
    Double guidanceScale,
    Integer steps,
    Boolean alchemy,
    Double contrast,
    String presetStyle,
    boolean isPublic,
    long apiCreditCost,
    TriggerWords.Outcome outcome) {}
