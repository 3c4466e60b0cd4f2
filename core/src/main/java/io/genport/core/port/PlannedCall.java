package io.genport.core.port;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.negotiation.CallPart;

/**
 * One vendor call of a plan.
 *
 * @param part which part of the split request this is, with its count and seed
 * @param call the HTTP call that starts it
 * @param expectedSize the pixel size the images should have, or {@code null} when unknown
 * @param expectedFormat the encoding the images should have (the one the call asks for, or the
 *     model's documented default), or {@code null} when the plan cannot know it
 */
public record PlannedCall(
    CallPart part, NativeCall call, PixelSize expectedSize, ImageFormat expectedFormat) {
  public PlannedCall {
    requireNonNull(part, "part is null");
    requireNonNull(call, "call is null");
  }

  /** A call whose images' encoding the plan does not know. */
  public PlannedCall(CallPart part, NativeCall call, PixelSize expectedSize) {
    this(part, call, expectedSize, null);
  }
}
