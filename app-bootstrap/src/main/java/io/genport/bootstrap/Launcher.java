package io.genport.bootstrap;

import static java.util.Objects.requireNonNull;

import io.genport.spi.Credentials;
import io.genport.spi.http.HttpTransport;
import java.util.Map;

/**
 * Starts the wired application for a command, once the command knows what it needs: {@code explain}
 * starts it offline; {@code generate} starts it with a real transport and, when it runs against the
 * embedded simulators, with their environment and credentials instead of the real ones. Keeps Guice
 * out of the command line.
 */
public interface Launcher {

  /** The credentials of the process, for deciding whether a vendor is configured. */
  Credentials credentials();

  /** The application, offline. */
  GenportRuntime start();

  /**
   * The application with {@code transport}, {@code extraEnvironment} over the environment, and
   * {@code credentials} (when not null) instead of the process's.
   */
  GenportRuntime start(
      HttpTransport transport, Map<String, String> extraEnvironment, Credentials credentials);

  /** A launcher over {@code settings}. */
  static Launcher of(BootstrapSettings settings) {
    requireNonNull(settings, "settings is null");
    return new Launcher() {
      @Override
      public Credentials credentials() {
        return settings.credentials();
      }

      @Override
      public GenportRuntime start() {
        return Bootstrap.start(settings);
      }

      @Override
      public GenportRuntime start(
          HttpTransport transport, Map<String, String> extraEnvironment, Credentials credentials) {
        return Bootstrap.start(settings.with(transport, extraEnvironment, credentials));
      }
    };
  }
}
