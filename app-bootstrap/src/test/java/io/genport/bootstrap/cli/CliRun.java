package io.genport.bootstrap.cli;

import io.genport.bootstrap.Bootstrap;
import io.genport.bootstrap.BootstrapSettings;
import io.genport.bootstrap.GenportRuntime;
import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.testprovider.TestProviderFactory;
import io.genport.spi.Credentials;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToIntBiFunction;
import java.util.stream.Stream;

/**
 * One in-process run of the command line, with captured stdout and stderr.
 *
 * @param status the exit status
 * @param out what was printed on stdout
 * @param err what was printed on stderr
 */
record CliRun(int status, String out, String err) {
  /** The fake credential every run can see; it must never be printed. */
  static final String SECRET = "sk-test-9f8e7d6c5b4a3210-DO-NOT-PRINT";

  /** Runs with the test provider and no extra environment. */
  static CliRun run(String... args) {
    return run(Map.of(), args);
  }

  /** Runs with the test provider and {@code env} as the environment. */
  static CliRun run(Map<String, String> env, String... args) {
    BootstrapSettings settings =
        new BootstrapSettings(
            env,
            Credentials.fromMap(Map.of(TestProviderFactory.CREDENTIAL, SECRET)),
            io.genport.bootstrap.TestProvidersOnly.loader());
    return run(() -> Bootstrap.start(settings), args);
  }

  /** Runs with a runtime that must not be needed: the input is expected to be rejected first. */
  static CliRun runWithoutRuntime(String... args) {
    return run(
        () -> {
          throw new AssertionError("the application was wired although the input is invalid");
        },
        args);
  }

  /**
   * Runs {@code generate --out <out> args} the way the launcher starts it, so the real providers
   * and, without their credentials, the embedded simulators serve it.
   */
  static CliRun generate(BootstrapSettings settings, Path out, String... args) {
    return launch(settings, Stream.concat(Stream.of("--out", out.toString()), Stream.of(args)));
  }

  /** {@link #generate} with {@code --json}, for a summary to parse. */
  static CliRun generateJson(BootstrapSettings settings, Path out, String... args) {
    return launch(
        settings, Stream.concat(Stream.of("--out", out.toString(), "--json"), Stream.of(args)));
  }

  private static CliRun launch(BootstrapSettings settings, Stream<String> generateArgs) {
    String[] all = Stream.concat(Stream.of("generate"), generateArgs).toArray(String[]::new);
    return capture((out, err) -> GenportCommand.execute(Launcher.of(settings), out, err, all));
  }

  /** Runs {@code args} as the {@code genport} process does, over {@code launcher}. */
  static CliRun launch(Launcher launcher, String... args) {
    return capture((out, err) -> GenportCommand.execute(launcher, out, err, args));
  }

  static CliRun run(Supplier<GenportRuntime> runtime, String... args) {
    return capture((out, err) -> GenportCommand.execute(runtime, out, err, args));
  }

  /**
   * Runs {@code args} on the command line with every command registered, as {@link
   * GenportCommand#commandLine} gives it to embedders; {@link #run} registers only the command the
   * arguments name, as the process does.
   */
  static CliRun runOnTheWholeCommandLine(Supplier<GenportRuntime> runtime, String... args) {
    return capture((out, err) -> GenportCommand.commandLine(runtime, out, err).execute(args));
  }

  /** Runs {@code command} with fresh stdout and stderr writers and keeps what it printed. */
  private static CliRun capture(ToIntBiFunction<PrintWriter, PrintWriter> command) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = command.applyAsInt(new PrintWriter(out), new PrintWriter(err));
    return new CliRun(status, out.toString(), err.toString());
  }
}
