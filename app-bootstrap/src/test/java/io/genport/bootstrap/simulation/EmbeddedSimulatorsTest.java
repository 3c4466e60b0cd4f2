package io.genport.bootstrap.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.bootstrap.ProviderSetup;
import io.genport.facade.EnvironmentConfiguration;
import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.VendorSimulatorFactory;
import io.genport.spi.Credentials;
import io.genport.spi.LoadedProviders;
import io.genport.spi.ProviderLoader;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The simulators as the command line finds them, and how the shipped ones fit the shipped
 * providers' declarations. Vendor names appear here, in tests, and nowhere in the application.
 */
class EmbeddedSimulatorsTest {
  private static final ClassLoader LOADER = EmbeddedSimulatorsTest.class.getClassLoader();
  private static final String SERVICES =
      "META-INF/services/" + VendorSimulatorFactory.class.getName();

  @TempDir Path dir;

  @Test
  void theShippedSimulatorsAreDiscoveredWithoutProblems() {
    EmbeddedSimulators.Available available = EmbeddedSimulators.discover(LOADER);

    assertEquals(
        Set.of("bedrock", "cog", "eachlabs", "fal", "leonardo", "oxen", "replicate"),
        available.factories().keySet());
    assertTrue(available.problems().isEmpty(), available.problems().toString());
    assertFalse(available.canSimulate("test"), "the test provider has no simulator");
  }

  /**
   * Each shipped simulator offers exactly what its provider declares: with nothing set the provider
   * is not configured and the message names what to set; with the simulator's environment and
   * credentials it is.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "fal, FAL_KEY, ''",
    "replicate, REPLICATE_API_TOKEN, ''",
    "eachlabs, EACHLABS_API_KEY, ''",
    "oxen, OXEN_API_KEY, ''",
    "leonardo, LEONARDO_API_KEY, ''",
    "cog, '', GENPORT_COG_BASE_URL"
  })
  void eachShippedSimulatorSatisfiesItsProvidersDeclarations(
      String provider, String credential, String configuration) {
    LoadedProviders loaded = ProviderLoader.load(LOADER, Map.of());
    ProviderSetup unset =
        new ProviderSetup(
            loaded.factories(), new EnvironmentConfiguration(Map.of()), Credentials.none(), LOADER);
    assertFalse(unset.configured(provider));
    assertEquals(list(credential), unset.missingCredentials(provider));
    assertEquals(list(configuration), unset.missingConfiguration(provider));

    try (EmbeddedSimulators sims = EmbeddedSimulators.discover(LOADER).start(List.of(provider))) {
      assertEquals(Set.of(provider), sims.simulated());
      assertTrue(
          loaded.get(provider).credentialNames().containsAll(sims.credentials().keySet()),
          "the simulator's credentials are ones the provider declares");
      ProviderSetup simulated =
          new ProviderSetup(
              loaded.factories(),
              new EnvironmentConfiguration(sims.environment()),
              Credentials.fromMap(sims.credentials()),
              LOADER);
      assertTrue(simulated.configured(provider), sims.environment().toString());
    }
  }

  /**
   * Bedrock's simulator as well, its provider told to read nothing of this machine's AWS setup (so
   * the test does not depend on a developer's ~/.aws): not configured without a credential, and
   * configured by the simulator's made-up keys, which its provider declares.
   */
  @Test
  void theBedrockSimulatorSatisfiesItsProvidersDeclarations() {
    LoadedProviders loaded = ProviderLoader.load(LOADER, Map.of());
    ProviderSetup unset =
        new ProviderSetup(
            loaded.factories(),
            new EnvironmentConfiguration(Map.of("GENPORT_BEDROCK_AWS_ENVIRONMENT", "false")),
            Credentials.none(),
            LOADER);
    assertFalse(unset.configured("bedrock"));
    assertEquals(
        List.of(
            "AWS_ACCESS_KEY_ID",
            "AWS_BEARER_TOKEN_BEDROCK",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN"),
        unset.missingCredentials("bedrock"));

    try (EmbeddedSimulators sims = EmbeddedSimulators.discover(LOADER).start(List.of("bedrock"))) {
      assertEquals("false", sims.environment().get("GENPORT_BEDROCK_AWS_ENVIRONMENT"));
      assertTrue(
          loaded.get("bedrock").credentialNames().containsAll(sims.credentials().keySet()),
          "the simulator's credentials are ones the provider declares");
      ProviderSetup simulated =
          new ProviderSetup(
              loaded.factories(),
              new EnvironmentConfiguration(sims.environment()),
              Credentials.fromMap(sims.credentials()),
              LOADER);
      assertTrue(simulated.configured("bedrock"), sims.environment().toString());
    }
  }

  private static List<String> list(String name) {
    return name.isEmpty() ? List.of() : List.of(name);
  }

  @Test
  void theEnvironmentIsTheProvidersOwnConfigurationKeysUnderItsPrefix() {
    try (EmbeddedSimulators sims =
        EmbeddedSimulators.discover(LOADER).start(List.of("fal", "replicate", "not-installed"))) {
      assertEquals(Set.of("fal", "replicate"), sims.simulated());
      assertEquals(
          Set.of(
              "GENPORT_FAL_BASE_URL",
              "GENPORT_FAL_QUEUE_URL",
              "GENPORT_FAL_DOWNLOAD_ALLOW",
              "GENPORT_REPLICATE_BASE_URL",
              "GENPORT_REPLICATE_DOWNLOAD_ALLOW",
              "GENPORT_REPLICATE_WAIT"),
          sims.environment().keySet());
      assertEquals("1", sims.environment().get("GENPORT_REPLICATE_WAIT"));
      assertEquals(Set.of("FAL_KEY", "REPLICATE_API_TOKEN"), sims.credentials().keySet());
      assertFalse(sims.toString().contains(sims.credentials().get("FAL_KEY")), sims.toString());
    }
  }

  /** A class path root holding only a simulators services file with {@code lines}. */
  private URLClassLoader withServices(String... lines) throws IOException {
    Path file = dir.resolve(SERVICES);
    Files.createDirectories(file.getParent());
    Files.write(file, List.of(lines));
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, LOADER);
  }

  @Test
  void aBrokenOrSecondSimulatorIsReportedAndTheOthersStillLoad() throws IOException {
    try (URLClassLoader loader =
        withServices("io.genport.NoSuchSimulator", SecondFal.class.getName())) {
      EmbeddedSimulators.Available available = EmbeddedSimulators.discover(loader);

      assertEquals(
          Set.of("bedrock", "cog", "eachlabs", "fal", "leonardo", "oxen", "replicate"),
          available.factories().keySet());
      assertFalse(available.factories().get("fal") instanceof SecondFal, "the first one wins");
      List<String> problems = available.problems();
      assertEquals(2, problems.size(), problems.toString());
      assertTrue(problems.get(0).contains("io.genport.NoSuchSimulator"), problems.get(0));
      assertTrue(problems.get(1).contains("two vendor simulators serve 'fal'"), problems.get(1));
      assertTrue(problems.get(1).contains(SecondFal.class.getName() + " (skipped)"));
    }
  }

  @Test
  void twoSimulatorsWantingOneCredentialWithDifferentValuesAreRefusedAndStopped()
      throws IOException {
    try (URLClassLoader loader =
        withServices(SharedKey.One.class.getName(), SharedKey.Two.class.getName())) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> EmbeddedSimulators.discover(loader).start(List.of("one", "two")));
      assertTrue(e.getMessage().contains("SHARED_KEY"), e.getMessage());
      assertFalse(e.getMessage().contains("value-of-"), "never the values");
      assertEquals(List.of("one", "two"), SharedKey.STOPPED, "both were stopped");
    }
  }

  /** A second simulator claiming to serve {@code fal}. */
  public static final class SecondFal implements VendorSimulatorFactory {
    @Override
    public String provider() {
      return "fal";
    }

    @Override
    public RunningSimulator start(SimulatorOptions options) {
      throw new AssertionError("never started");
    }
  }

  /** Two simulators that want one credential name with different values. */
  public static final class SharedKey {
    static final List<String> STOPPED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private SharedKey() {}

    static RunningSimulator running(String provider) {
      return new RunningSimulator(
          Map.of(), Map.of("SHARED_KEY", "value-of-" + provider), () -> STOPPED.add(provider));
    }

    public static final class One implements VendorSimulatorFactory {
      @Override
      public String provider() {
        return "one";
      }

      @Override
      public RunningSimulator start(SimulatorOptions options) {
        return running("one");
      }
    }

    public static final class Two implements VendorSimulatorFactory {
      @Override
      public String provider() {
        return "two";
      }

      @Override
      public RunningSimulator start(SimulatorOptions options) {
        return running("two");
      }
    }
  }
}
