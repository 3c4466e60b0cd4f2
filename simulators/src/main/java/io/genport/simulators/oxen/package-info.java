/**
 * The Oxen.ai simulator: {@link io.genport.simulators.oxen.OxenSimulator} (start it with {@code
 * OxenSimulator.builder()...start()} and point the client at {@code apiBaseUri()}), its ready-made
 * faults {@link io.genport.simulators.oxen.OxenFaults}, Oxen's error bodies {@link
 * io.genport.simulators.oxen.OxenErrors}, and the views a test reads back ({@link
 * io.genport.simulators.oxen.OxenJob}, {@link io.genport.simulators.oxen.OxenGeneration}).
 */
package io.genport.simulators.oxen;
