package io.genport.bootstrap.cli;

import io.genport.bootstrap.Bootstrap;
import io.genport.bootstrap.BootstrapSettings;
import io.genport.bootstrap.GenportRuntime;
import io.genport.bootstrap.testprovider.TestProviderFactory;
import io.genport.spi.Credentials;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.function.Supplier;

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

  static CliRun run(Supplier<GenportRuntime> runtime, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = GenportCommand.execute(runtime, new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(status, out.toString(), err.toString());
  }
}
