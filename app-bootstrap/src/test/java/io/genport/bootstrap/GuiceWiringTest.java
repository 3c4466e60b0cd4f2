package io.genport.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.genport.bootstrap.testprovider.TestProviderFactory;
import io.genport.core.domain.InvalidRequestException;
import io.genport.facade.EnvironmentConfiguration;
import io.genport.facade.ProviderRegistry;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderContext;
import io.genport.spi.ProviderFactory;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpTransportException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class GuiceWiringTest {
  private static final BootstrapSettings SETTINGS =
      new BootstrapSettings(
          Map.of("GENPORT_TEST_BASE_URL", "https://gateway.test.invalid"),
          Credentials.none(),
          TestProvidersOnly.loader());

  @Test
  void theMapBinderHoldsTheDiscoveredTestProvider() {
    Injector injector = Bootstrap.createInjector(SETTINGS);

    Map<String, ProviderFactory> factories =
        injector.getInstance(Key.get(new TypeLiteral<Map<String, ProviderFactory>>() {}));
    assertEquals(java.util.Set.of("test"), factories.keySet());
    assertInstanceOf(TestProviderFactory.class, factories.get("test"));
  }

  @Test
  void servicesAreSharedSingletons() {
    Injector injector = Bootstrap.createInjector(SETTINGS);

    assertSame(injector.getInstance(ObjectMapper.class), injector.getInstance(ObjectMapper.class));
    ProviderContext context = injector.getInstance(ProviderContext.class);
    assertSame(context, injector.getInstance(ProviderContext.class));
    assertSame(injector.getInstance(ObjectMapper.class), context.json());
    GenportRuntime runtime = injector.getInstance(GenportRuntime.class);
    assertSame(runtime.providers(), injector.getInstance(ProviderRegistry.class));
    assertTrue(runtime.loaderProblems().isEmpty());
  }

  @Test
  void theImageDirectoryVariableGivesProvidersADirectoryStore(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    assertSame(
        io.genport.spi.download.ImageStore.memory(),
        Bootstrap.createInjector(SETTINGS).getInstance(ProviderContext.class).imageStore());
    BootstrapSettings withDir =
        SETTINGS.with(SETTINGS.transport(), Map.of("GENPORT_IMAGE_DIR", dir.toString()), null);
    ProviderContext context = Bootstrap.createInjector(withDir).getInstance(ProviderContext.class);

    io.genport.spi.download.ImageWriter w = context.imageStore().newImage(-1);
    w.write(new byte[] {1, 2, 3}, 0, 3);
    java.nio.file.Path file = w.complete().file().orElseThrow();
    assertEquals(dir.toAbsolutePath(), file.getParent());
  }

  @Test
  void theTransportRefusesToSend() {
    ProviderContext context = Bootstrap.createInjector(SETTINGS).getInstance(ProviderContext.class);

    var sent =
        context
            .transport()
            .send(HttpRequest.get(URI.create("https://api.test.invalid/x"), Map.of()));
    CompletionException e = assertThrows(CompletionException.class, sent::join);
    assertInstanceOf(HttpTransportException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("no network access"));
  }

  @Test
  void theRegistryCreatesEachProviderOnceFromItsConfiguration() {
    ProviderRegistry registry =
        Bootstrap.createInjector(SETTINGS).getInstance(ProviderRegistry.class);

    assertSame(registry.provider("test"), registry.provider("test"));
    assertEquals(
        "https://gateway.test.invalid", registry.configuration("test").get("base-url", null));
    assertEquals(
        Map.of("test", "test-only provider backed by a small catalog"), registry.descriptions());
  }

  @Test
  void anUnknownProviderNamesTheTargetAndTheInstalledOnes() {
    ProviderRegistry registry =
        Bootstrap.createInjector(SETTINGS).getInstance(ProviderRegistry.class);

    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> registry.provider("fal"));
    assertEquals("target", e.field());
    assertEquals("target: unknown provider 'fal'; installed providers: test", e.getMessage());
  }

  @Test
  void declaredCredentialsAreRedactedBeforeAnyProviderLooksThemUp() {
    String secret = "declared-secret-5e0c9a71";
    GenportRuntime runtime =
        Bootstrap.start(
            new BootstrapSettings(
                Map.of(),
                Credentials.fromMap(
                    Map.of(
                        TestProviderFactory.CREDENTIAL,
                        secret,
                        "UNDECLARED_TOKEN",
                        "undeclared-value-77")),
                TestProvidersOnly.loader()));

    // No provider has been created, so nothing has been looked up yet.
    assertEquals("key <redacted> leaked", runtime.redact("key " + secret + " leaked"), "declared");
    assertEquals("{\"k\":\"<redacted>\"}", runtime.redact("{\"k\":\"" + secret + "\"}"), "in JSON");
    assertEquals(
        "undeclared-value-77", runtime.redact("undeclared-value-77"), "only declared names");
  }

  @Test
  void settingsNeverShowTheEnvironment() {
    BootstrapSettings s =
        new BootstrapSettings(
            Map.of("FAL_KEY", "very-secret-value"), Credentials.none(), TestProvidersOnly.loader());
    assertTrue(!s.toString().contains("very-secret-value"));
    assertTrue(!new EnvironmentConfiguration(s.environment()).toString().contains("very-secret"));
  }

  @Test
  void theRuntimeWiredWithoutAnInjectorHasWhatTheInjectorGives() {
    GenportRuntime byInjector = Bootstrap.start(SETTINGS);
    GenportRuntime byHand = Bootstrap.startWithoutInjector(SETTINGS, Bootstrap.discover(SETTINGS));

    assertEquals(byInjector.providers().names(), byHand.providers().names());
    assertEquals(byInjector.providers().descriptions(), byHand.providers().descriptions());
    assertEquals(
        "https://gateway.test.invalid",
        byHand.providers().configuration("test").get("base-url", null));
    assertEquals(byInjector.loaderProblems(), byHand.loaderProblems());
    assertSame(byHand.providers().provider("test"), byHand.providers().provider("test"));
  }

  @Test
  void theRuntimeWiredWithoutAnInjectorRedactsDeclaredCredentials() {
    String secret = "declared-secret-0b1d44e2";
    BootstrapSettings settings =
        new BootstrapSettings(
            Map.of(),
            Credentials.fromMap(Map.of(TestProviderFactory.CREDENTIAL, secret)),
            TestProvidersOnly.loader());

    GenportRuntime runtime = Bootstrap.startWithoutInjector(settings, Bootstrap.discover(settings));

    assertEquals("key <redacted> leaked", runtime.redact("key " + secret + " leaked"));
  }
}
