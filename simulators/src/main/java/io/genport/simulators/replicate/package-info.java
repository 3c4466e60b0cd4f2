/**
 * Simulators of Replicate's HTTP API ({@link io.genport.simulators.replicate.ReplicateSimulator})
 * and of a Cog prediction server ({@link io.genport.simulators.replicate.CogSimulator}), which
 * share the prediction object and how a model reads its input ({@link
 * io.genport.simulators.replicate.ModelRules}).
 */
package io.genport.simulators.replicate;
