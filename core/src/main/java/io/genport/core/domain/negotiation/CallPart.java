package io.genport.core.domain.negotiation;

/**
 * One vendor call of a possibly split request.
 *
 * @param index 0-based position of this call in the plan
 * @param count images this call asks for, at least 1
 * @param seed the seed sent with this call, or {@code null} when the model takes no seed
 * @param firstImage index of this call's first image in the combined result
 */
public record CallPart(int index, int count, Long seed, int firstImage) {
  public CallPart {
    if (index < 0 || count < 1 || firstImage < 0) {
      throw new IllegalArgumentException("invalid call part " + index + "/" + count);
    }
  }
}
