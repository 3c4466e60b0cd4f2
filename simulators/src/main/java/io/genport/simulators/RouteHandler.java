package io.genport.simulators;

/** Serves one route of a simulator. Runs on the simulator's thread pool. */
@FunctionalInterface
public interface RouteHandler {
  /**
   * Answers a request. An exception becomes a 500 response (and a log line), so a bug in a
   * simulator shows up as a failed test rather than a hang.
   */
  SimResponse handle(SimRequest request) throws Exception;
}
