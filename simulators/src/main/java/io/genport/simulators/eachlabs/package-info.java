/**
 * The Each Labs simulator: {@link io.genport.simulators.eachlabs.EachLabsSimulator} (start it with
 * {@code EachLabsSimulator.builder()...start()}), its ready-made faults {@link
 * io.genport.simulators.eachlabs.EachLabsFaults}, Each Labs' error bodies {@link
 * io.genport.simulators.eachlabs.EachLabsErrors}, the model schemas it validates against {@link
 * io.genport.simulators.eachlabs.EachLabsModels}, and the views a test reads back ({@link
 * io.genport.simulators.eachlabs.EachLabsPrediction}, {@link
 * io.genport.simulators.eachlabs.EachLabsGeneration}).
 */
package io.genport.simulators.eachlabs;
