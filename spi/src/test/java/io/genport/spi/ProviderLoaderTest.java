package io.genport.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.InvalidRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The discovery policy of {@link ProviderLoader}. Every scenario gets its own class loader over a
 * temporary directory that holds only that scenario's {@code META-INF/services} file; the factory
 * classes themselves come from the test class path through the parent loader.
 */
class ProviderLoaderTest {
  private static final String SERVICES = "META-INF/services/" + ProviderFactory.class.getName();

  @TempDir Path dir;

  /** Writes a services file into {@code root} listing {@code lines}. */
  private static Path services(Path root, String... lines) {
    try {
      Path file = root.resolve(SERVICES);
      Files.createDirectories(file.getParent());
      Files.write(file, List.of(lines), StandardCharsets.UTF_8);
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String n(Class<?> c) {
    return c.getName();
  }

  /** Loads with a class loader over {@code roots} whose parent is the test class loader. */
  private static LoadedProviders load(Map<String, String> selections, Path... roots) {
    List<URL> urls = new ArrayList<>();
    try {
      for (Path r : roots) {
        urls.add(r.toUri().toURL());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ProviderLoaderTest.class.getClassLoader())) {
      return ProviderLoader.load(loader, selections);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private LoadedProviders load(String... lines) {
    return load(Map.of(), services(dir, lines));
  }

  @Test
  void findsNothingWhenNoPluginIsRegistered() {
    LoadedProviders loaded = load(Map.of(), dir);

    assertTrue(loaded.factories().isEmpty());
    assertTrue(loaded.problems().isEmpty());
    assertNull(loaded.get("alpha"));
  }

  @Test
  void findsNothingInAServicesFileWithOnlyCommentsAndBlankLines() {
    LoadedProviders loaded = load("# no providers yet", "", "   ");

    assertTrue(loaded.factories().isEmpty());
    assertTrue(loaded.problems().isEmpty());
  }

  @Test
  void theSpisOwnClassLoaderSeesNoPluginsInThisModule() {
    // Test plugins are never registered globally, so the default load finds none of them.
    LoadedProviders loaded = ProviderLoader.load();

    assertNull(loaded.get("alpha"));
    assertTrue(loaded.problems().isEmpty(), loaded.problems().toString());
  }

  @Test
  void loadsOneFactory() {
    LoadedProviders loaded = load(n(TestFactories.Alpha.class));

    assertEquals(List.of("alpha"), List.copyOf(loaded.factories().keySet()));
    assertInstanceOf(TestFactories.Alpha.class, loaded.get("alpha"));
    assertTrue(loaded.problems().isEmpty());
  }

  @Test
  void loadsSeveralFactoriesSortedByName() {
    LoadedProviders loaded =
        load(
            n(TestFactories.Gamma.class) + "  # trailing comment",
            "# a comment line",
            n(TestFactories.Beta.class),
            "",
            n(TestFactories.Alpha.class));

    assertEquals(
        List.of("alpha", "beta", "gamma.v2-x_y"), List.copyOf(loaded.factories().keySet()));
    assertInstanceOf(TestFactories.Alpha.class, loaded.get("alpha"));
    assertInstanceOf(TestFactories.Beta.class, loaded.get("beta"));
    assertInstanceOf(TestFactories.Gamma.class, loaded.get("gamma.v2-x_y"));
    assertTrue(loaded.problems().isEmpty());
  }

  @Test
  void theResultIsImmutable() {
    LoadedProviders loaded = load(n(TestFactories.Alpha.class));

    assertThrows(
        UnsupportedOperationException.class,
        () -> loaded.factories().put("beta", new TestFactories.Beta()));
    assertThrows(UnsupportedOperationException.class, () -> loaded.problems().add("x"));
  }

  @Test
  void theSamePluginTwiceOnTheClassPathIsNotADuplicate() throws IOException {
    Path jar1 = services(Files.createDirectory(dir.resolve("jar1")), n(TestFactories.Alpha.class));
    Path jar2 = services(Files.createDirectory(dir.resolve("jar2")), n(TestFactories.Alpha.class));

    LoadedProviders loaded = load(Map.of(), jar1, jar2);

    assertInstanceOf(TestFactories.Alpha.class, loaded.get("alpha"));
    assertTrue(loaded.problems().isEmpty());
  }

  @Test
  void pluginsInSeveralJarsAreAllFound() throws IOException {
    Path jar1 = services(Files.createDirectory(dir.resolve("jar1")), n(TestFactories.Alpha.class));
    Path jar2 = services(Files.createDirectory(dir.resolve("jar2")), n(TestFactories.Beta.class));

    LoadedProviders loaded = load(Map.of(), jar1, jar2);

    assertEquals(List.of("alpha", "beta"), List.copyOf(loaded.factories().keySet()));
  }

  /**
   * Broken plugins: the services-file line, and what the problem line must mention besides the
   * class name.
   */
  static Stream<Arguments> brokenPlugins() {
    return Stream.of(
        Arguments.of("constructor throws", n(TestFactories.ConstructorThrows.class), "exploded"),
        Arguments.of(
            "static initializer throws",
            n(TestFactories.StaticInitializerThrows.class),
            "exploded"),
        Arguments.of(
            "no public constructor", n(TestFactories.NoPublicConstructor.class), "constructor"),
        Arguments.of("class does not exist", "io.genport.spi.NoSuchFactory", "not found"),
        Arguments.of("not a ProviderFactory", n(TestFactories.NotAFactory.class), "subtype"),
        Arguments.of("name() throws", n(TestFactories.NameThrows.class), "name exploded"),
        Arguments.of(
            "requiredSpiVersion() throws",
            n(TestFactories.VersionThrows.class),
            "version exploded"),
        Arguments.of("upper-case name", n(TestFactories.UpperCaseName.class), "'Upper'"),
        Arguments.of("name with a colon", n(TestFactories.NameWithColon.class), "'fal:queue'"),
        Arguments.of("null name", n(TestFactories.NullName.class), "invalid name"),
        Arguments.of("blank name", n(TestFactories.BlankName.class), "invalid name"),
        Arguments.of("SPI version 0", n(TestFactories.ZeroSpi.class), "0"),
        Arguments.of(
            "credentialNames() throws",
            n(TestFactories.CredentialNamesThrow.class),
            "credentials exploded"),
        Arguments.of(
            "credentialNames() returns null",
            n(TestFactories.NullCredentialNames.class),
            "credentialNames() returned null"),
        Arguments.of(
            "a blank required configuration key",
            n(TestFactories.BlankRequiredKey.class),
            "requiredConfigKeys() contains a null or blank name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenPlugins")
  void aBrokenPluginIsReportedAndSkippedWhileTheOthersLoad(
      String scenario, String line, String mentions) {
    LoadedProviders loaded = load(n(TestFactories.Alpha.class), line, n(TestFactories.Beta.class));

    assertEquals(List.of("alpha", "beta"), List.copyOf(loaded.factories().keySet()), scenario);
    assertEquals(1, loaded.problems().size(), loaded.problems().toString());
    String problem = loaded.problems().get(0);
    assertTrue(problem.contains(line), problem);
    assertTrue(problem.contains(mentions), problem);
    assertTrue(problem.contains("skipped"), problem);
  }

  @Test
  void aFactorysDeclarationsAreKeptAndDefaultToNone() {
    LoadedProviders loaded = load(n(TestFactories.Declaring.class), n(TestFactories.Alpha.class));

    assertTrue(loaded.problems().isEmpty(), loaded.problems().toString());
    assertEquals(java.util.Set.of("DECLARING_API_KEY"), loaded.get("declaring").credentialNames());
    assertEquals(java.util.Set.of("base-url"), loaded.get("declaring").requiredConfigKeys());
    assertEquals(java.util.Set.of(), loaded.get("alpha").credentialNames());
    assertEquals(java.util.Set.of(), loaded.get("alpha").requiredConfigKeys());
  }

  @Test
  void everyBrokenPluginIsReportedInServicesFileOrder() {
    LoadedProviders loaded =
        load(
            n(TestFactories.ConstructorThrows.class),
            n(TestFactories.Alpha.class),
            "io.genport.spi.NoSuchFactory",
            n(TestFactories.NameThrows.class),
            n(TestFactories.NotAFactory.class),
            n(TestFactories.FutureSpi.class),
            n(TestFactories.Beta.class),
            n(TestFactories.UpperCaseName.class));

    assertEquals(List.of("alpha", "beta"), List.copyOf(loaded.factories().keySet()));
    List<String> problems = loaded.problems();
    assertEquals(6, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains(n(TestFactories.ConstructorThrows.class)));
    assertTrue(problems.get(1).contains("io.genport.spi.NoSuchFactory"));
    assertTrue(problems.get(2).contains(n(TestFactories.NameThrows.class)));
    assertTrue(problems.get(3).contains(n(TestFactories.NotAFactory.class)));
    assertTrue(problems.get(4).contains(n(TestFactories.FutureSpi.class)));
    assertTrue(problems.get(5).contains(n(TestFactories.UpperCaseName.class)));
  }

  @Test
  void aServicesFileWithBadSyntaxIsReportedAndOtherJarsStillLoad() throws IOException {
    Path bad = services(Files.createDirectory(dir.resolve("bad")), "not a class name!");
    Path good = services(Files.createDirectory(dir.resolve("good")), n(TestFactories.Alpha.class));

    LoadedProviders loaded = load(Map.of(), bad, good);

    assertInstanceOf(TestFactories.Alpha.class, loaded.get("alpha"));
    assertEquals(1, loaded.problems().size(), loaded.problems().toString());
  }

  @Test
  void aFactoryNeedingANewerSpiIsSkippedWithAMessageNamingBothVersions() {
    LoadedProviders loaded = load(n(TestFactories.FutureSpi.class), n(TestFactories.Alpha.class));

    assertNull(loaded.get("future"));
    assertInstanceOf(TestFactories.Alpha.class, loaded.get("alpha"));
    assertEquals(1, loaded.problems().size());
    String problem = loaded.problems().get(0);
    assertTrue(problem.contains("'future'"), problem);
    assertTrue(problem.contains(n(TestFactories.FutureSpi.class)), problem);
    assertTrue(problem.contains("requires SPI version " + (Spi.SPI_VERSION + 1)), problem);
    assertTrue(problem.contains("provides " + Spi.SPI_VERSION), problem);
  }

  @Test
  void aFactoryWithTheHostsSpiVersionLoads() {
    assertEquals(Spi.SPI_VERSION, new TestFactories.Alpha().requiredSpiVersion());
    assertInstanceOf(TestFactories.Alpha.class, load(n(TestFactories.Alpha.class)).get("alpha"));
  }

  @Test
  void twoFactoriesWithOneNameAreAnErrorThatSaysHowToChoose() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () ->
                load(
                    n(TestFactories.Alpha.class),
                    n(TestFactories.Beta.class),
                    n(TestFactories.AlphaFork.class)));

    assertTrue(e.getMessage().contains(n(TestFactories.Alpha.class)), e.getMessage());
    assertTrue(e.getMessage().contains(n(TestFactories.AlphaFork.class)), e.getMessage());
    assertTrue(e.getMessage().contains("'alpha'"), e.getMessage());
    assertTrue(e.getMessage().contains("genport.provider.alpha.factory"), e.getMessage());
    assertTrue(!e.getMessage().contains(n(TestFactories.Beta.class)), e.getMessage());
  }

  @Test
  void theSelectionKeyNamesTheProvider() {
    assertEquals("genport.provider.fal.factory", ProviderLoader.selectionKey("fal"));
  }

  @Test
  void aSelectionChoosesOneOfTheFactoriesWithTheSameName() {
    Path root =
        services(
            dir,
            n(TestFactories.Alpha.class),
            n(TestFactories.AlphaFork.class),
            n(TestFactories.Beta.class));

    LoadedProviders fork =
        load(Map.of("genport.provider.alpha.factory", n(TestFactories.AlphaFork.class)), root);
    LoadedProviders original =
        load(Map.of("genport.provider.alpha.factory", n(TestFactories.Alpha.class)), root);

    assertInstanceOf(TestFactories.AlphaFork.class, fork.get("alpha"));
    assertInstanceOf(TestFactories.Beta.class, fork.get("beta"));
    assertTrue(fork.problems().isEmpty());
    assertInstanceOf(TestFactories.Alpha.class, original.get("alpha"));
  }

  @Test
  void aSelectionToleratesSurroundingWhitespace() {
    Path root = services(dir, n(TestFactories.Alpha.class), n(TestFactories.AlphaFork.class));

    LoadedProviders loaded =
        load(
            Map.of("genport.provider.alpha.factory", "  " + n(TestFactories.AlphaFork.class) + " "),
            root);

    assertInstanceOf(TestFactories.AlphaFork.class, loaded.get("alpha"));
  }

  @Test
  void aSelectionNamingAClassThatIsNotAmongTheCandidatesFailsClearly() {
    Path root = services(dir, n(TestFactories.Alpha.class), n(TestFactories.AlphaFork.class));

    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () ->
                load(Map.of("genport.provider.alpha.factory", n(TestFactories.Beta.class)), root));

    assertEquals("genport.provider.alpha.factory", e.field());
    assertTrue(e.getMessage().contains(n(TestFactories.Beta.class)), e.getMessage());
    assertTrue(e.getMessage().contains(n(TestFactories.Alpha.class)), e.getMessage());
    assertTrue(e.getMessage().contains(n(TestFactories.AlphaFork.class)), e.getMessage());
  }

  @Test
  void aSelectionForASingleFactoryMustStillNameIt() {
    Path root = services(dir, n(TestFactories.Alpha.class));

    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> load(Map.of("genport.provider.alpha.factory", "com.example.Missing"), root));

    assertEquals("genport.provider.alpha.factory", e.field());
    assertTrue(e.getMessage().contains("com.example.Missing"), e.getMessage());
    assertTrue(e.getMessage().contains(n(TestFactories.Alpha.class)), e.getMessage());
  }

  @Test
  void selectionsForOtherProvidersAndUnrelatedKeysAreIgnored() {
    Path root = services(dir, n(TestFactories.Alpha.class));

    LoadedProviders loaded =
        load(
            Map.of(
                "genport.provider.beta.factory",
                n(TestFactories.Beta.class),
                "base-url",
                "https://example.com"),
            root);

    assertInstanceOf(TestFactories.Alpha.class, loaded.get("alpha"));
  }
}
