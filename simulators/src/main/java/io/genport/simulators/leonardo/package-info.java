/**
 * The Leonardo.ai simulator: {@link io.genport.simulators.leonardo.LeonardoSimulator} (start it
 * with {@code LeonardoSimulator.builder()...start()} and point the client at {@code apiBaseUri()}),
 * its ready-made faults {@link io.genport.simulators.leonardo.LeonardoFaults}, Leonardo's error
 * bodies {@link io.genport.simulators.leonardo.LeonardoErrors}, and the views a test reads back
 * ({@link io.genport.simulators.leonardo.LeonardoJob}, {@link
 * io.genport.simulators.leonardo.LeonardoGeneration}).
 */
package io.genport.simulators.leonardo;
