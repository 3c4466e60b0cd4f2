package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.genport.bootstrap.Bootstrap;
import io.genport.bootstrap.BootstrapSettings;
import io.genport.bootstrap.GenportRuntime;
import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.TestProvidersOnly;
import io.genport.bootstrap.testprovider.TestProviderFactory;
import io.genport.spi.Credentials;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run registers only the command its arguments name (creating every command's picocli model was
 * most of a short command's start); what it prints must be what the whole command line prints.
 */
class OneCommandRegisteredTest {
  private static final List<String> ALL =
      List.of(
          "generate",
          "status",
          "wait",
          "cancel",
          "batch",
          "explain",
          "models",
          "providers",
          "simulators",
          "help");

  @Test
  void aNamedCommandIsTheOnlyOneRegistered() {
    assertEquals(List.of("explain"), List.copyOf(GenportCommand.commandsFor("explain", "a fox")));
    assertEquals(List.of("models"), List.copyOf(GenportCommand.commandsFor("models")));
    assertEquals(
        List.of("generate"),
        List.copyOf(GenportCommand.commandsFor("--plugins", "/opt/p", "generate", "x")));
    assertEquals(
        List.of("batch"), List.copyOf(GenportCommand.commandsFor("--plugins=/opt/p", "batch")));
  }

  @Test
  void everyCommandIsRegisteredWhenTheRunMightListOrSuggestThem() {
    assertEquals(ALL, List.copyOf(GenportCommand.commandsFor()));
    assertEquals(ALL, List.copyOf(GenportCommand.commandsFor("--help")));
    assertEquals(ALL, List.copyOf(GenportCommand.commandsFor("help", "explain")));
    assertEquals(ALL, List.copyOf(GenportCommand.commandsFor("explian", "a fox")));
    assertEquals(ALL, List.copyOf(GenportCommand.commandsFor("--verbose", "explain")));
    assertEquals(ALL, List.copyOf(GenportCommand.commandsFor("--plugins")));
    // Picocli refuses a command name as the option's value, which only the whole line knows.
    assertEquals(ALL, List.copyOf(GenportCommand.commandsFor("--plugins", "explain", "models")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "explain --help",
        "models --help",
        "generate --help",
        "batch --help",
        "--help",
        "help explain",
        "",
        "explian a fox",
        "explain --colour red a fox",
        "explain --target",
        "--plugins explain models",
        "--version",
        "explain --count 0 --target test:tiny a fox"
      })
  void printsWhatTheWholeCommandLinePrints(String line) {
    String[] args = line.isEmpty() ? new String[0] : line.split(" ");
    Supplier<GenportRuntime> none =
        () -> {
          throw new AssertionError("the application was wired although the input is invalid");
        };

    CliRun one = CliRun.run(none, args);
    CliRun whole = CliRun.runOnTheWholeCommandLine(none, args);

    assertEquals(whole, one, line);
  }

  @Test
  void explainWiredWithoutAnInjectorPrintsWhatTheInjectorsRuntimePrints() {
    BootstrapSettings settings =
        new BootstrapSettings(
            Map.of(),
            Credentials.fromMap(Map.of(TestProviderFactory.CREDENTIAL, CliRun.SECRET)),
            TestProvidersOnly.loader());
    String[] args = {
      "explain", "--json", "--target", "test:tiny", "--seed", "42", "--size", "1000x700", "a fox"
    };

    CliRun byHand = CliRun.launch(Launcher.of(settings), args);
    CliRun byInjector = CliRun.run(() -> Bootstrap.start(settings), args);

    assertEquals(0, byHand.status(), byHand.err());
    assertEquals(byInjector, byHand);
  }
}
