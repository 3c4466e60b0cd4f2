package io.genport.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.genport.spi.ProviderConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentConfigurationTest {
  @Test
  void prefixUpperCasesAndReplacesOtherCharacters() {
    assertEquals("GENPORT_FAL_", EnvironmentConfiguration.prefix("fal"));
    assertEquals("GENPORT_EACH_LABS_V2_", EnvironmentConfiguration.prefix("each-labs.v2"));
  }

  @Test
  void variablesBecomeLowerCaseDashedKeys() {
    EnvironmentConfiguration env =
        new EnvironmentConfiguration(
            Map.of(
                "GENPORT_FAL_BASE_URL", "https://proxy.test/fal",
                "GENPORT_FAL_QUEUE_BASE_URL", "https://queue.test",
                "GENPORT_FALX_BASE_URL", "https://other.test",
                "GENPORT_FAL_", "ignored",
                "FAL_KEY", "not config"));

    ProviderConfig fal = env.forProvider("fal", List.of("fal"));
    assertEquals(
        Map.of("base-url", "https://proxy.test/fal", "queue-base-url", "https://queue.test"),
        fal.values());
  }

  @Test
  void aVariableBelongsToTheProviderWithTheLongerName() {
    EnvironmentConfiguration env =
        new EnvironmentConfiguration(
            Map.of(
                "GENPORT_FAL_BASE_URL", "https://a.test",
                "GENPORT_FAL_QUEUE_BASE_URL", "https://b.test"));

    assertEquals(
        Map.of("base-url", "https://a.test"),
        env.forProvider("fal", List.of("fal", "fal-queue")).values());
    assertEquals(
        Map.of("base-url", "https://b.test"),
        env.forProvider("fal-queue", List.of("fal", "fal-queue")).values());
  }

  @Test
  void secretLookingKeysAreNotConfiguration() {
    EnvironmentConfiguration env =
        new EnvironmentConfiguration(
            Map.of(
                "GENPORT_FAL_API_KEY", "x",
                "GENPORT_FAL_TOKEN", "x",
                "GENPORT_FAL_CLIENT_SECRET", "x",
                "GENPORT_FAL_PASSWORD", "x",
                "GENPORT_FAL_REGION", "eu"));

    assertEquals(Map.of("region", "eu"), env.forProvider("fal", List.of("fal")).values());
  }

  @Test
  void factorySelectionsComeFromFactoryVariables() {
    EnvironmentConfiguration env =
        new EnvironmentConfiguration(
            Map.of("GENPORT_EACH_LABS_FACTORY", "com.example.Factory", "GENPORT__FACTORY", "x"));

    assertEquals(
        "com.example.Factory", env.factorySelections().get("genport.provider.each-labs.factory"));
    assertEquals(1, env.factorySelections().size());
  }
}
