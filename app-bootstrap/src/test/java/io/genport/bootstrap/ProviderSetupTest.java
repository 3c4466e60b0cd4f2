package io.genport.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.port.ImageProvider;
import io.genport.facade.EnvironmentConfiguration;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.ProviderFactory;
import io.genport.spi.Spi;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** "Configured", decided from what factories declare; no vendor is known here. */
class ProviderSetupTest {

  /** A factory that declares what it is given. */
  private record Declaring(String name, Set<String> credentialNames, Set<String> requiredConfigKeys)
      implements ProviderFactory {
    @Override
    public int requiredSpiVersion() {
      return Spi.SPI_VERSION;
    }

    @Override
    public ImageProvider create(ProviderConfig config, ProviderContext context) {
      throw new AssertionError("deciding must not create providers");
    }
  }

  private static final Map<String, ProviderFactory> FACTORIES =
      Map.of(
          "keyed", new Declaring("keyed", Set.of("KEYED_TOKEN", "KEYED_LEGACY_KEY"), Set.of()),
          "hosted", new Declaring("hosted", Set.of(), Set.of("base-url", "model-dir")),
          "both", new Declaring("both", Set.of("BOTH_KEY"), Set.of("base-url")),
          "free", new Declaring("free", Set.of(), Set.of()));

  private static ProviderSetup setup(Map<String, String> env, Map<String, String> credentials) {
    return new ProviderSetup(
        FACTORIES,
        new EnvironmentConfiguration(env),
        Credentials.fromMap(credentials),
        ProviderSetupTest.class.getClassLoader());
  }

  @Test
  void withNothingSetOnlyAProviderThatDeclaresNothingIsConfigured() {
    ProviderSetup s = setup(Map.of(), Map.of());

    assertFalse(s.configured("keyed"));
    assertFalse(s.configured("hosted"));
    assertFalse(s.configured("both"));
    assertTrue(s.configured("free"));
    assertEquals(List.of("KEYED_LEGACY_KEY", "KEYED_TOKEN"), s.missingCredentials("keyed"));
    assertEquals(List.of(), s.missingConfiguration("keyed"));
    assertEquals(List.of(), s.missingCredentials("hosted"), "no empty name for a keyless one");
    assertEquals(
        List.of("GENPORT_HOSTED_BASE_URL", "GENPORT_HOSTED_MODEL_DIR"),
        s.missingConfiguration("hosted"));
    assertEquals(List.of("BOTH_KEY"), s.missingCredentials("both"));
    assertEquals(List.of("GENPORT_BOTH_BASE_URL"), s.missingConfiguration("both"));
  }

  @Test
  void anyOneOfTheDeclaredCredentialsIsEnough() {
    ProviderSetup s = setup(Map.of(), Map.of("KEYED_LEGACY_KEY", "legacy-value"));

    assertTrue(s.configured("keyed"));
    assertEquals(List.of(), s.missingCredentials("keyed"));
  }

  /** A factory whose own credential sources (a cloud SDK's profile, say) answer the probe. */
  private record Ambient(String name, String profileKey) implements ProviderFactory {
    @Override
    public int requiredSpiVersion() {
      return Spi.SPI_VERSION;
    }

    @Override
    public Set<String> credentialNames() {
      return Set.of("CLOUD_ACCESS_KEY");
    }

    @Override
    public java.util.Optional<String> ambientCredentials(ProviderConfig config) {
      String profile = config.get(profileKey, null);
      if ("broken".equals(profile)) {
        throw new IllegalStateException("the probe failed");
      }
      return java.util.Optional.ofNullable(profile).map(p -> "profile " + p);
    }

    @Override
    public ImageProvider create(ProviderConfig config, ProviderContext context) {
      throw new AssertionError("deciding must not create providers");
    }
  }

  @Test
  void ambientCredentialsTheProviderFindsItselfCountAsConfigured() {
    ProviderSetup s =
        new ProviderSetup(
            Map.of("cloud", new Ambient("cloud", "profile")),
            new EnvironmentConfiguration(Map.of("GENPORT_CLOUD_PROFILE", "dev")),
            Credentials.none(),
            ProviderSetupTest.class.getClassLoader());
    assertTrue(s.configured("cloud"));
    assertEquals(List.of(), s.missingCredentials("cloud"));

    ProviderSetup none =
        new ProviderSetup(
            Map.of("cloud", new Ambient("cloud", "profile")),
            new EnvironmentConfiguration(Map.of()),
            Credentials.none(),
            ProviderSetupTest.class.getClassLoader());
    assertFalse(none.configured("cloud"));
    assertEquals(List.of("CLOUD_ACCESS_KEY"), none.missingCredentials("cloud"));

    ProviderSetup broken =
        new ProviderSetup(
            Map.of("cloud", new Ambient("cloud", "profile")),
            new EnvironmentConfiguration(Map.of("GENPORT_CLOUD_PROFILE", "broken")),
            Credentials.none(),
            ProviderSetupTest.class.getClassLoader());
    assertFalse(broken.configured("cloud"), "a failing probe finds nothing");
  }

  @Test
  void aBlankCredentialDoesNotCount() {
    assertFalse(setup(Map.of(), Map.of("KEYED_TOKEN", "  ")).configured("keyed"));
  }

  @Test
  void requiredKeysMustAllHaveNonBlankValues() {
    assertFalse(
        setup(Map.of("GENPORT_HOSTED_BASE_URL", "http://h:1"), Map.of()).configured("hosted"));
    assertFalse(
        setup(
                Map.of("GENPORT_HOSTED_BASE_URL", "http://h:1", "GENPORT_HOSTED_MODEL_DIR", " "),
                Map.of())
            .configured("hosted"));
    assertTrue(
        setup(
                Map.of("GENPORT_HOSTED_BASE_URL", "http://h:1", "GENPORT_HOSTED_MODEL_DIR", "/m"),
                Map.of())
            .configured("hosted"));
  }

  @Test
  void credentialsAndRequiredKeysAreBothNeededWhenBothAreDeclared() {
    assertFalse(setup(Map.of(), Map.of("BOTH_KEY", "k-value")).configured("both"));
    assertFalse(setup(Map.of("GENPORT_BOTH_BASE_URL", "http://b"), Map.of()).configured("both"));
    assertTrue(
        setup(Map.of("GENPORT_BOTH_BASE_URL", "http://b"), Map.of("BOTH_KEY", "k-value"))
            .configured("both"));
  }

  @Test
  void aProviderThatIsNotInstalledIsNeitherConfiguredNorMissingAnything() {
    ProviderSetup s = setup(Map.of(), Map.of());

    assertFalse(s.installed("nope"));
    assertFalse(s.configured("nope"));
    assertEquals(List.of(), s.missingCredentials("nope"));
    assertEquals(List.of(), s.missingConfiguration("nope"));
    assertFalse(ProviderSetup.unknown().installed("keyed"));
  }

  @Test
  void everyDeclaredCredentialNameIsKnownForRedaction() {
    assertEquals(
        List.of("BOTH_KEY", "KEYED_LEGACY_KEY", "KEYED_TOKEN"),
        List.copyOf(setup(Map.of(), Map.of()).credentialNames()));
  }
}
