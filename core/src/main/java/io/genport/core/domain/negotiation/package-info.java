/**
 * Capability descriptions of a model and the pure functions that fit a canonical request to them:
 * {@link io.genport.core.domain.negotiation.SizeNegotiator}, seeds, count splitting, safety,
 * format, and the ranges of quality, steps and guidance. Every limit a value must meet is expressed
 * in {@link io.genport.core.domain.negotiation.ModelCapabilities}, so a request is fitted once,
 * here, and providers only render the result. Every change to a requested value yields an {@link
 * io.genport.core.domain.Adaptation}; under {@link io.genport.core.domain.Strictness#REQUIRED} it
 * yields an {@link io.genport.core.domain.UnsupportedCapabilityException} instead.
 */
package io.genport.core.domain.negotiation;
