/**
 * The fal.ai simulator: {@link io.genport.simulators.fal.FalSimulator} (start it with {@code
 * FalSimulator.builder()...start()}), its ready-made faults {@link
 * io.genport.simulators.fal.FalFaults}, fal's error bodies {@link
 * io.genport.simulators.fal.FalErrors}, and the views a test reads back ({@link
 * io.genport.simulators.fal.FalJob}, {@link io.genport.simulators.fal.FalGeneration}).
 */
package io.genport.simulators.fal;
