package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

import io.genport.spi.catalog.ModelSpec;

/**
 * A target's model as a protocol resolved it.
 *
 * @param target the model part of the target the caller named (what plans and jobs report)
 * @param vendorModel the model as the vendor names it on the wire (an endpoint id, {@code
 *     owner/name[:version]}, a catalog slug)
 * @param spec the catalog entry that describes it (the generic entry for a model the catalog does
 *     not list)
 */
public record ResolvedModel(String target, String vendorModel, ModelSpec spec) {
  public ResolvedModel {
    requireNonNull(target, "target is null");
    requireNonNull(vendorModel, "vendorModel is null");
    requireNonNull(spec, "spec is null");
  }
}
