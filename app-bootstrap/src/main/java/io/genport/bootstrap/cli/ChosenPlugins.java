package io.genport.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import io.genport.bootstrap.GenportRuntime;
import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.ProviderSetup;
import io.genport.spi.Credentials;
import io.genport.spi.http.HttpTransport;
import java.nio.file.Path;
import java.util.Map;

/**
 * The launcher the commands get, before {@code --plugins} is parsed: picocli creates the commands
 * first and sets options after, so the folder is read from {@link #folder} when a command first
 * needs the application, and the launcher with those plugins is kept from then on.
 */
final class ChosenPlugins implements Launcher {
  private final Launcher base;
  private Path folder;
  private Launcher chosen;

  ChosenPlugins(Launcher base) {
    this.base = requireNonNull(base, "base is null");
  }

  /** Sets the {@code --plugins} folder; only before the first command asks for the application. */
  synchronized void folder(Path dir) {
    this.folder = dir;
  }

  private synchronized Launcher chosen() {
    if (chosen == null) {
      chosen = base.withPlugins(folder);
    }
    return chosen;
  }

  @Override
  public ProviderSetup setup(Map<String, String> extraEnvironment) {
    return chosen().setup(extraEnvironment);
  }

  @Override
  public GenportRuntime start() {
    return chosen().start();
  }

  @Override
  public GenportRuntime start(
      HttpTransport transport, Map<String, String> extraEnvironment, Credentials credentials) {
    return chosen().start(transport, extraEnvironment, credentials);
  }

  @Override
  public String toString() {
    return "ChosenPlugins[" + base + "]";
  }
}
