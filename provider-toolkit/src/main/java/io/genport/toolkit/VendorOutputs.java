package io.genport.toolkit;

import io.genport.core.domain.Cost;
import java.util.List;

/**
 * The outputs of a finished job.
 *
 * @param images the images, in the vendor's order; empty means the vendor sent none (a failure)
 * @param seed the seed the vendor reports, or {@code null} (then the seed the call sent is used)
 * @param cost what the job cost, in its unit, or {@code null}
 */
public record VendorOutputs(List<OutputImage> images, Long seed, Cost cost) {
  public VendorOutputs {
    images = List.copyOf(images);
  }

  /** Images without a reported seed or cost. */
  public static VendorOutputs of(List<OutputImage> images) {
    return new VendorOutputs(images, null, null);
  }
}
