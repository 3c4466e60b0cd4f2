package io.genport.facade.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.application.RouterSettings;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenportConfigTest {
  private static GenportConfig parse(String yaml) {
    return GenportConfig.parse(yaml, null);
  }

  private static String error(String yaml) {
    return assertThrows(InvalidRequestException.class, () -> parse(yaml)).getMessage();
  }

  @Test
  void aFullFileMapsOntoTheRouterSettings() {
    GenportConfig c =
        parse(
            String.join(
                "\n",
                "routes:",
                "  main:",
                "    targets:",
                "      - target: fal:flux-2",
                "        weight: 3",
                "      - target: replicate:black-forest-labs/flux-dev",
                "        weight: 0",
                "    deadline: 2m",
                "    retry:",
                "      maxAttempts: 4",
                "      initialBackoff: 250ms",
                "      maxBackoff: 5s",
                "      multiplier: 1.5",
                "      retryAfterCap: PT30S",
                "    budget:",
                "      tokenRatio: 0.2",
                "      maxTokens: 7",
                "    circuitBreaker:",
                "      enabled: false",
                "      probes: 2",
                "    hedging:",
                "      delay: 8s",
                "    resubmitAmbiguous: true",
                "    failoverOnContentRejection: true",
                "  short:",
                "    - fal:flux-2",
                "providers:",
                "  fal:",
                "    base-url: https://proxy.example/fal",
                "    mode: queue",
                ""));
    RouteConfig main = c.route("main");
    assertTrue(main.weighted());
    assertEquals(
        List.of(
            new RouteConfig.TargetConfig(Target.parse("fal:flux-2"), 3),
            new RouteConfig.TargetConfig(Target.parse("replicate:black-forest-labs/flux-dev"), 0)),
        main.targets());
    RouterSettings s = main.settings();
    assertEquals(Duration.ofMinutes(2), s.deadline());
    assertEquals(4, s.retry().maxAttempts());
    assertEquals(Duration.ofMillis(250), s.retry().initialBackoff());
    assertEquals(Duration.ofSeconds(5), s.retry().maxBackoff());
    assertEquals(1.5, s.retry().multiplier());
    assertEquals(Duration.ofSeconds(30), s.retry().retryAfterCap());
    assertEquals(0.2, s.retry().budget().tokenRatio());
    assertEquals(7, s.retry().budget().maxTokens());
    assertFalse(s.circuitBreaker().enabled());
    assertEquals(2, s.circuitBreaker().probes());
    assertTrue(s.hedging().enabled());
    assertEquals(Duration.ofSeconds(8), s.hedging().delay());
    assertTrue(s.resubmitAmbiguous());
    assertTrue(s.failoverOnContentRejection());
    assertFalse(c.route("short").weighted());
    assertEquals(RouterSettings.defaults(), c.route("short").settings());
    assertEquals(
        Map.of("GENPORT_FAL_BASE_URL", "https://proxy.example/fal", "GENPORT_FAL_MODE", "queue"),
        c.environment());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "colour: red|genport.yaml colour: unknown key",
        "routes:\\n  main:\\n    - target: fal:a\\n      weight: 1\\n    - target: fal:b\\n"
            + "      weight: -1|genport.yaml routes.main[1].weight: must be in 0..1000000",
        "routes:\\n  main:\\n    - target: fal:a\\n      wieght: 1|genport.yaml routes.main[0].wieght:"
            + " unknown key",
        "routes:\\n  main:\\n    targets: [fal:a]\\n    retry:\\n      maxAttempts: 99"
            + "|genport.yaml routes.main.retry.maxAttempts: must be",
        "routes:\\n  main:\\n    targets: [fal:a]\\n    budget:\\n      tokenRatio: 2"
            + "|genport.yaml routes.main.budget.tokenRatio: must be in (0, 1]",
        "routes:\\n  main:\\n    targets: [fal:a]\\n    deadline: soon"
            + "|genport.yaml routes.main.deadline: must be a duration",
        "routes:\\n  main:\\n    targets: [fal:a]\\n    hedging:\\n      enabled: yes please"
            + "|genport.yaml routes.main.hedging.enabled: must be true or false",
        "routes:\\n  main:\\n    targets: [fal:a, fal:a]|genport.yaml routes.main.targets[1]: names"
            + " fal:a twice",
        "routes:\\n  main:\\n    deadline: 1m|genport.yaml routes.main.targets: missing",
        "routes:\\n  main:\\n    - target: nocolon|genport.yaml routes.main[0].target:",
        "providers:\\n  fal:\\n    BASE_URL: x|genport.yaml providers.fal.BASE_URL: option keys",
        "providers:\\n  fal:\\n    auth-token: x|genport.yaml providers.fal.auth-token: looks like a"
            + " secret",
        "providers:\\n  fal:\\n    password: x|genport.yaml providers.fal.password: looks like a"
            + " secret",
        "routes: [1, 2|genport.yaml (root): not valid YAML",
        "models:\\n  fal:\\n    - id: m\\n      colour: red|genport.yaml models.fal['m'].colour:",
        "models:\\n  fal:\\n    provider: replicate\\n    models: []|genport.yaml"
            + " models.fal.provider: must be 'fal'",
      })
  void everyProblemNamesItsYamlPath(String yaml, String expected) {
    String message = error(yaml.replace("\\n", "\n"));
    assertTrue(message.startsWith(expected), message);
  }

  @Test
  void customModelsAreValidatedInTheCatalogFormatAndExposed() {
    GenportConfig c =
        parse(
            String.join(
                "\n",
                "models:",
                "  fal:",
                "    - id: my/model",
                "      name: My model",
                "      endpoint: my/model",
                "      params:",
                "        - {name: prompt, type: string, required: true}",
                "        - {name: seed, type: integer}",
                "      prompt: prompt",
                "      seed: {param: seed, min: 0, max: 4294967295}",
                ""));
    assertEquals(List.of("my/model"), List.copyOf(c.models().get("fal").models().keySet()));
    assertEquals("fal", c.models().get("fal").provider());
  }

  @Test
  void anEmptyFileIsNoConfiguration() {
    GenportConfig c = parse("");
    assertTrue(c.routes().isEmpty());
    assertTrue(c.providers().isEmpty());
  }

  @Test
  void withoutAFileThereAreNoRoutes() {
    GenportConfig c = GenportConfig.resolve(null, java.nio.file.Path.of("/nonexistent-dir"));
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> c.route("x"));
    assertTrue(e.getMessage().contains("no genport.yaml found"), e.getMessage());
    assertThrows(
        InvalidRequestException.class,
        () -> GenportConfig.resolve(java.nio.file.Path.of("/nonexistent.yaml"), null));
  }
}
