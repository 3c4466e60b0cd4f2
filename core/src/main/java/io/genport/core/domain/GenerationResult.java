package io.genport.core.domain;

import java.util.List;

/**
 * The images of a request, with everything that happened on the way.
 *
 * @param images the images, in order; never null
 * @param adaptations every change made to the request; never null
 * @param attempts every attempt, in the order they started; never null
 * @param vendorRequestIds the vendors' job or request ids, in image order; never null
 * @param cost the total cost when every part reported one, in one unit; otherwise {@code null}
 * @param costs what the parts that reported a cost cost, summed per unit (dollars and a vendor's
 *     credits are separate entries), in the order the units first appeared; never null
 */
public record GenerationResult(
    List<GeneratedImage> images,
    List<Adaptation> adaptations,
    List<Attempt> attempts,
    List<String> vendorRequestIds,
    Cost cost,
    List<Cost> costs) {
  public GenerationResult {
    images = List.copyOf(images);
    adaptations = List.copyOf(adaptations);
    attempts = List.copyOf(attempts);
    vendorRequestIds = List.copyOf(vendorRequestIds);
    costs = List.copyOf(costs);
  }

  /**
   * Whether a part of this result was submitted after another submit of it whose outcome was
   * ambiguous (a timeout or reset after sending), so a vendor may hold a second, billed job for it.
   * Only possible when the caller opted in to resubmitting ambiguous submits, or when a hedge raced
   * a submit that then ended ambiguously.
   */
  public boolean possibleDuplicate() {
    for (Attempt a : attempts) {
      if (a.possibleDuplicate()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a hedge was started for any part: a second target submitted to before the first
   * answered.
   */
  public boolean hedged() {
    for (Attempt a : attempts) {
      if (a.hedge()) {
        return true;
      }
    }
    return false;
  }
}
