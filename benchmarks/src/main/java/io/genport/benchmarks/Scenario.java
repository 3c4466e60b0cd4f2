package io.genport.benchmarks;

/**
 * One part of the load harness: it sets up what it measures, runs it and adds its rows to the
 * report. Further measurements (completion lag, thousands of jobs in flight) are further
 * implementations, listed in {@link LoadHarness#SCENARIOS}.
 */
interface Scenario {

  /** A short name, used as the section title and to select scenarios on the command line. */
  String name();

  /** Runs the measurement under {@code settings} and adds its table to {@code report}. */
  void run(HarnessSettings settings, Report report) throws Exception;
}
