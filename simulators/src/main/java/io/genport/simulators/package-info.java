/**
 * A small framework for stateful, faithful vendor simulators on loopback, shared by every vendor
 * simulator (fal.ai in {@code io.genport.simulators.fal}; Replicate, Each Labs, Oxen.ai, Bedrock
 * and Leonardo later). Independent of GenPort's core and SPI on purpose: a simulator fakes the
 * vendor, not our code.
 *
 * <ul>
 *   <li>{@link io.genport.simulators.SimulatorServer}: named hosts on 127.0.0.1 ephemeral ports,
 *       routes, start/stop, {@link io.genport.simulators.SimulatorServer#reset()};
 *   <li>{@link io.genport.simulators.RequestJournal} / {@link
 *       io.genport.simulators.RecordedRequest}: every request received, for assertions;
 *   <li>{@link io.genport.simulators.FaultInjector}, {@link io.genport.simulators.Fault}, {@link
 *       io.genport.simulators.Endpoint}: what goes wrong, for which requests, how often;
 *   <li>{@link io.genport.simulators.JobStore}, {@link io.genport.simulators.JobTiming}, {@link
 *       io.genport.simulators.ManualClock}: deterministic queued / running / done jobs, shown to
 *       tests through a {@link io.genport.simulators.SimJobView};
 *   <li>{@link io.genport.simulators.KeyedJobSimulator} and {@link
 *       io.genport.simulators.CreditJobSimulator} (with their builders): the base of a vendor
 *       simulator with an API key, jobs and, for the second, a credit balance, built from {@link
 *       io.genport.simulators.ApiKeyCheck} and {@link io.genport.simulators.CreditLedger};
 *   <li>{@link io.genport.simulators.ImageFiles}: the result images a simulator serves for
 *       download;
 *   <li>{@link io.genport.simulators.ImageRenderer}: real PNG/JPEG images of the requested size,
 *       deterministic from prompt and seed;
 *   <li>{@link io.genport.simulators.TriggerWords}: prompt words that ask for content outcomes;
 *   <li>{@link io.genport.simulators.VendorSimulatorFactory} / {@link
 *       io.genport.simulators.RunningSimulator}: a simulator a host finds with {@link
 *       java.util.ServiceLoader} and starts for a provider by name, for offline runs.
 * </ul>
 */
package io.genport.simulators;
