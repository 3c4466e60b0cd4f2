package io.genport.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import io.genport.bootstrap.GenportRuntime;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code genport providers}: the discovered providers, one per line as name and description.
 * Skipped plugins are reported on stderr.
 */
@Command(
    name = "providers",
    mixinStandardHelpOptions = true,
    description = "List the providers found on the class path.")
public final class ProvidersCommand implements Callable<Integer> {
  private final Supplier<GenportRuntime> runtime;

  @Spec CommandSpec spec;

  @Mixin Verbosity verbosity;

  /**
   * @param runtime the wired application
   */
  public ProvidersCommand(Supplier<GenportRuntime> runtime) {
    this.runtime = requireNonNull(runtime, "runtime is null");
  }

  @Override
  public Integer call() {
    GenportRuntime app = runtime.get();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, String> descriptions = app.providers().descriptions();
    if (descriptions.isEmpty()) {
      err.println("genport: no providers found on the class path");
    }
    for (String problem : app.loaderProblems()) {
      err.println("genport: warning: " + Cli.oneLine(app.redact(problem)));
    }
    int width = descriptions.keySet().stream().mapToInt(String::length).max().orElse(0);
    StringBuilder text = new StringBuilder();
    descriptions.forEach(
        (name, description) ->
            text.append(String.format("%-" + width + "s  %s%n", name, Cli.oneLine(description))));
    out.print(app.redact(text.toString()));
    out.flush();
    err.flush();
    return Cli.OK;
  }
}
