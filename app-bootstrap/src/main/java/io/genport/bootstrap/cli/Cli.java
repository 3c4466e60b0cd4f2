package io.genport.bootstrap.cli;

import io.genport.bootstrap.GenportRuntime;
import io.genport.core.domain.InvalidRequestException;
import io.genport.facade.Suggestions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** Behaviour shared by the commands: exit statuses, one-line errors, the discovery report. */
final class Cli {
  /** Everything asked for was done. */
  static final int OK = 0;

  /** Generation failed (no images), or the program failed after its input was accepted. */
  static final int FAILED = 1;

  /** The input was invalid; nothing was sent. */
  static final int INVALID_INPUT = 2;

  /**
   * Partial success: the images were generated but not all where asked (they were saved in a
   * fallback folder, which is printed).
   */
  static final int PARTIAL = 3;

  private static final Pattern NUMBER = Pattern.compile("-\\d+(\\.\\d+)?");

  private Cli() {}

  /**
   * Bad input found by a command after parsing, possibly about several targets at once: each line
   * is printed once, on its own line, and the status is 2.
   */
  static final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> lines;

    BadInput(List<String> lines) {
      super(String.join("; ", lines));
      this.lines = List.copyOf(lines);
    }

    List<String> lines() {
      return lines;
    }
  }

  /**
   * Picocli's own input errors (unknown option, a number that is not one, a missing value): one
   * line on stderr, status 2. The usage text is left out so that scripts get a line they can show.
   */
  static IParameterExceptionHandler parameterErrors() {
    return (ParameterException e, String[] args) -> {
      PrintWriter err = e.getCommandLine().getErr();
      String message =
          e instanceof UnmatchedArgumentException u ? unmatched(u) : oneLine(e.getMessage());
      err.println("genport: " + message);
      err.flush();
      return INVALID_INPUT;
    };
  }

  /**
   * What was not understood. Picocli lists every argument it could not place, so after an unknown
   * option the prompt shows up too ({@code Unknown options: '--colour', 'a fox'}); only the options
   * are reported then, with the closest known ones.
   */
  static String unmatched(UnmatchedArgumentException u) {
    CommandSpec spec = u.getCommandLine().getCommandSpec();
    String help = "`" + spec.qualifiedName() + " --help`";
    List<String> args = u.getUnmatched();
    String first = args.isEmpty() ? "" : args.get(0);
    if (!spec.subcommands().isEmpty() && !first.startsWith("-")) {
      // What follows a mistyped command is the command's own arguments: only the command matters.
      return "unknown command '"
          + first
          + "'; "
          + Suggestions.didYouMean(first, new ArrayList<>(spec.subcommands().keySet()))
          + "; "
          + help
          + " lists the commands";
    }
    List<String> options = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("-") && !NUMBER.matcher(a).matches()) {
        int eq = a.indexOf('=');
        options.add(eq > 0 ? a.substring(0, eq) : a);
      }
    }
    if (!options.isEmpty()) {
      List<String> known = new ArrayList<>();
      for (OptionSpec o : spec.options()) {
        known.addAll(List.of(o.names()));
      }
      return (options.size() == 1
              ? "unknown option '" + options.get(0) + "'"
              : "unknown options " + quoted(options))
          + "; "
          + Suggestions.didYouMean(options.get(0), known)
          + "; "
          + help
          + " lists the options";
    }
    return "unexpected argument"
        + (args.size() == 1 ? " '" + first + "'" : "s " + quoted(args))
        + "; a prompt with spaces must be quoted, e.g. \"a red fox\"; "
        + help
        + " shows the arguments";
  }

  private static String quoted(List<String> names) {
    List<String> q = new ArrayList<>();
    names.forEach(n -> q.add("'" + n + "'"));
    return String.join(", ", q);
  }

  /**
   * Errors thrown by a command: an {@link InvalidRequestException} or {@link BadInput} is bad input
   * (status 2, printed once); anything else is a failure (status 1, one line, no stack trace).
   */
  static IExecutionExceptionHandler executionErrors() {
    return (Exception e, CommandLine cmd, ParseResult parsed) -> {
      PrintWriter err = cmd.getErr();
      int status;
      if (e instanceof BadInput b) {
        b.lines().forEach(l -> err.println("genport: " + oneLine(l)));
        status = INVALID_INPUT;
      } else if (e instanceof InvalidRequestException) {
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

  /**
   * The plugins that were skipped, always, and with {@code verbose} the discovered providers too;
   * on stderr.
   */
  static void printDiscovery(GenportRuntime app, PrintWriter err, boolean verbose) {
    var names = app.providers().names();
    if (names.isEmpty()) {
      err.println("genport: no providers found on the class path");
    } else if (verbose) {
      err.println("genport: providers: " + String.join(", ", names));
    }
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
