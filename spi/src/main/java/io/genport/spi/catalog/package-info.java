/**
 * Model catalogs as data: {@link io.genport.spi.catalog.ModelSpec} describes one model's native
 * parameter dialect and limits, {@link io.genport.spi.catalog.ModelCatalog} loads a JSON file of
 * them (rejecting malformed entries with a message that names the entry and field), and {@link
 * io.genport.spi.catalog.NativeTranslator} is the one generic engine that turns a canonical request
 * into native JSON bodies. Adding a model is adding a catalog entry, not code.
 *
 * <h2>Catalog format</h2>
 *
 * <pre>{@code
 * {"provider": "fal",
 *  "sizePresets": {"fal": {"square_hd": "1024x1024", "landscape_4_3": "1024x768", "...": "..."}},
 *  "models": [{
 *    "id": "flux-2", "name": "Flux 2", "endpoint": "fal-ai/flux-2", "version": "0.0.1",
 *    "params": [{"name": "prompt", "type": "string", "required": true},
 *               {"name": "image_size", "type": "string", "default": "landscape_4_3",
 *                "enum": ["square_hd", "..."]}, ...],
 *    "prompt": "prompt",
 *    "negativePrompt": "negative_prompt",
 *    "size": {"kind": "presets", "param": "image_size", "presets": "fal",
 *             "custom": {"min": 512, "max": 2048, "multiple": 16}},
 *    "count": {"param": "num_images", "max": 4},
 *    "seed": {"param": "seed", "min": 0, "max": 4294967295},
 *    "safety": {"param": "enable_safety_checker", "values": {"STANDARD": true, "OFF": false}},
 *    "format": {"param": "output_format", "values": {"PNG": "png", "JPEG": "jpeg"}},
 *    "quality": {"param": "output_quality", "min": 0, "max": 100},
 *    "steps": {"param": "num_inference_steps", "min": 1, "max": 50},
 *    "guidance": {"param": "guidance_scale", "min": 0, "max": 20},
 *    "referenceImages": {"param": "image_url", "max": 1},
 *    "fixed": {"sync_mode": false}
 *  }]}
 * }</pre>
 *
 * <p>A {@code count} may carry {@code "limits": [{"aboveSide": 768, "max": 4}]}: smaller per-call
 * maximums that apply when the planned image's longer side ({@code aboveSide}) or its pixel count
 * ({@code abovePixels}) exceeds the threshold; the negotiator splits the count by the one that
 * holds.
 *
 * <p>Size kinds: {@code presets} ({@code presets} names a set under the catalog's {@code
 * sizePresets}, or is a map of name to {@code WxH}; optional {@code custom} sends {@code
 * {width,height}} in the same parameter), {@code aspect_ratio} ({@code ratios} written {@code W:H},
 * default: the parameter's enum values that are ratios; optional {@code custom} with {@code value},
 * {@code width}, {@code height} parameter names and limits; optional {@code megapixels} with {@code
 * param} and {@code values}; optional {@code pixels}, the vendor's documented {@code WxH} for a
 * ratio at the nominal scale, e.g. FLUX's {@code "21:9": "1536x640"}, which other scales scale;
 * ratios without one are predicted at about {@code nominalMegapixels} in sides of {@code
 * multiple}), {@code sizes} (an explicit {@code WxH} list, default: the parameter's enum), {@code
 * dimensions} ({@code width}, {@code height} parameter names and limits), {@code resolution}
 * ({@code param}, {@code classes}, {@code ratioParam}, {@code ratios}) and {@code none}. Limits of
 * free sizes: {@code min}, {@code max} and {@code multiple} for a grid of sides, or {@code sides}
 * listing every allowed width and height (Kandinsky's enumerations); optionally {@code minPixels},
 * {@code maxPixels}, {@code minRatio} and {@code maxRatio}. Every parameter named anywhere must
 * appear in {@code params}; values are written with the JSON type that {@code params} declares, so
 * a string-typed seed is sent as a string.
 *
 * <p>For vendors whose bodies nest and vary (Amazon Bedrock):
 *
 * <ul>
 *   <li>{@code "nestedParams": true} on an entry makes every parameter name a path: {@code
 *       imageGenerationConfig.width} is written as {@code {"imageGenerationConfig": {"width":
 *       ...}}};
 *   <li>{@code "variants": {"param": "taskType", "cases": {"IMAGE_VARIATION": {entry}}}} gives, per
 *       value of a native enum parameter, a complete entry (without {@code id}; {@code name},
 *       {@code endpoint}, {@code version} and {@code nestedParams} are inherited) that describes a
 *       call whose native parameters set that value; the entry itself describes the parameter's
 *       default, and every other value of its enum must have a case;
 *   <li>{@code "prompt": null} declares a model (or variant) that takes no text prompt: the prompt
 *       is not sent and that is reported, or refused when the request explicitly requires it;
 *   <li>a parameter's {@code "maxLength"} (strings only) refuses longer values, the prompt and
 *       negative prompt included, before anything is sent;
 *   <li>{@code "size": {"kind": "sizes", "width": W, "height": H, "sizes": [...], "default": ...}}
 *       sends a listed size as two integers instead of a label;
 *   <li>{@code "referenceImages": {..., "encoding": "base64"}} sends images as bare base64 of their
 *       bytes (a model that takes only that cannot fetch an image by URL);
 *   <li>a string given for an {@code array} or {@code object} parameter that is written as JSON
 *       ({@code ["#FF0000","#00FF00"]}) is sent as that JSON, so the command line can pass lists.
 * </ul>
 *
 * <p>{@code format.values} lists the canonical formats the model can produce and the native value
 * for each; a format the vendor does not produce is left out even when the parameter's enumeration
 * (copied from a seed table) names it, so the negotiator adapts it before anything is sent. The
 * parameter's {@code default} is the format the plan expects back when none is sent.
 *
 * <p>Loading is strict: an unknown key at any level (catalog, entry, parameter, mapping, size rule)
 * is an error rather than silently ignored, and every value the catalog itself supplies (a
 * parameter's {@code default}, a {@code fixed} value, a native value in {@code safety} or {@code
 * format}) must already have the parameter's declared JSON type ({@code 28}, not {@code "28"}) and
 * lie in its {@code enum}. A {@code "default": null} means no default. A parameter that is {@code
 * required} and has a {@code default} is sent with that default when nothing else sets it.
 */
package io.genport.spi.catalog;
