/**
 * Capability descriptions of a model and the pure functions that fit a canonical request to them:
 * {@link io.genport.core.domain.negotiation.SizeNegotiator}, seeds, count splitting, safety and
 * format. Every change to a requested value yields an {@link io.genport.core.domain.Adaptation};
 * under {@link io.genport.core.domain.Strictness#REQUIRED} it yields an {@link
 * io.genport.core.domain.UnsupportedCapabilityException} instead.
 */
package io.genport.core.domain.negotiation;
