package io.genport.bootstrap.cli;

import io.genport.bootstrap.GenportRuntime;
import io.genport.core.domain.InvalidRequestException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Behaviour shared by the commands: exit statuses, one-line errors, the discovery report. */
final class Cli {
  /** Every target was handled. */
  static final int OK = 0;

  /** At least one target failed, or the program failed after its input was accepted. */
  static final int FAILED = 1;

  /** The input was invalid; nothing was done. */
  static final int INVALID_INPUT = 2;

  private Cli() {}

  /**
   * Picocli's own input errors (unknown option, a number that is not one, a missing value): one
   * line on stderr, status 2. The usage text is left out so that scripts get a line they can show.
   */
  static IParameterExceptionHandler parameterErrors() {
    return (ParameterException e, String[] args) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("genport: " + oneLine(e.getMessage()));
      err.flush();
      return INVALID_INPUT;
    };
  }

  /**
   * Errors thrown by a command: an {@link InvalidRequestException} is bad input (status 2, one line
   * naming the field); anything else is a failure (status 1, one line, no stack trace).
   */
  static IExecutionExceptionHandler executionErrors() {
    return (Exception e, CommandLine cmd, ParseResult parsed) -> {
      PrintWriter err = cmd.getErr();
      int status;
      if (e instanceof InvalidRequestException) {
        err.println("genport: " + oneLine(e.getMessage()));
        status = INVALID_INPUT;
      } else {
        err.println("genport: internal error: " + oneLine(String.valueOf(e)));
        status = FAILED;
      }
      err.flush();
      return status;
    };
  }

  /** The discovered providers and the plugins that were skipped, on stderr. */
  static void printDiscovery(GenportRuntime app, PrintWriter err) {
    var names = app.providers().names();
    err.println(
        names.isEmpty()
            ? "genport: no providers found on the class path"
            : "genport: providers: " + String.join(", ", names));
    for (String problem : app.loaderProblems()) {
      err.println("genport: warning: " + oneLine(app.redact(problem)));
    }
    err.flush();
  }

  static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  /** Adds {@code "adaptations": [{field, requested, applied, reason}, ...]} to {@code node}. */
  static void putAdaptations(
      com.fasterxml.jackson.databind.node.ObjectNode node,
      java.util.List<io.genport.core.domain.Adaptation> adaptations) {
    com.fasterxml.jackson.databind.node.ArrayNode array = node.putArray("adaptations");
    for (io.genport.core.domain.Adaptation a : adaptations) {
      com.fasterxml.jackson.databind.node.ObjectNode o = array.addObject();
      o.put("field", a.field().wireName());
      o.put("requested", a.requested());
      o.put("applied", a.applied());
      o.put("reason", a.reason());
    }
  }
}
