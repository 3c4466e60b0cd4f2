package io.genport.bootstrap.cli;

import io.genport.bootstrap.BootstrapSettings;
import io.genport.bootstrap.GenportRuntime;
import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.ProviderSetup;
import io.genport.bootstrap.simulation.SimulatorSession;
import io.genport.spi.Credentials;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpTransport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The real launcher over this module's class path (every shipped provider and simulator), whose
 * transport records every request the application sends: a simulator can receive nothing that is
 * not recorded here. A test can also act when a request goes out ({@link #onSend}).
 */
final class CountingLauncher implements Launcher {
  private final Launcher delegate;
  final List<HttpRequest> sent = new CopyOnWriteArrayList<>();
  volatile Consumer<HttpRequest> onSend = r -> {};

  CountingLauncher(Map<String, String> environment, Credentials credentials) {
    this.delegate =
        Launcher.of(
            new BootstrapSettings(
                environment, credentials, CountingLauncher.class.getClassLoader()));
  }

  /** Without any credential: the shipped providers run on their simulators. */
  static CountingLauncher offline() {
    return new CountingLauncher(Map.of(), Credentials.none());
  }

  @Override
  public ProviderSetup setup(Map<String, String> extraEnvironment) {
    return delegate.setup(extraEnvironment);
  }

  @Override
  public GenportRuntime start() {
    return delegate.start();
  }

  @Override
  public GenportRuntime start(
      HttpTransport transport, Map<String, String> extraEnvironment, Credentials credentials) {
    HttpTransport counting =
        request -> {
          sent.add(request);
          onSend.accept(request);
          return transport.send(request);
        };
    return delegate.start(counting, extraEnvironment, credentials);
  }

  /** Runs one command, its simulators stopping when it ends (as the genport process does). */
  CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = GenportCommand.execute(this, new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(status, out.toString(), err.toString());
  }

  /** Runs one command in {@code session}, whose simulators outlive it. */
  CliRun run(SimulatorSession session, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        GenportCommand.execute(this, session, new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(status, out.toString(), err.toString());
  }
}
