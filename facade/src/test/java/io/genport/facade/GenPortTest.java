package io.genport.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.application.RetryPolicy;
import io.genport.core.application.RouterMetrics;
import io.genport.core.application.RouterSettings;
import io.genport.core.domain.Attempt;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.Target;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facade against the fal and Replicate simulators: wiring, failover and configuration errors.
 */
class GenPortTest {
  private static Simulated sims;

  @BeforeAll
  static void startSimulators() {
    sims = new Simulated("fal", "replicate");
  }

  @AfterAll
  static void stopSimulators() {
    sims.close();
  }

  private static GenerationRequest fox() {
    return GenerationRequest.builder("a red fox in the snow").build();
  }

  /** A loopback port nothing listens on: connections are refused at once. */
  private static String deadUrl() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    return "http://127.0.0.1:" + port;
  }

  @Test
  void aRouteFromCodeGeneratesImagesThroughTheFirstTarget() {
    try (GenPort genport =
        GenPort.builder()
            .environment(sims.environment)
            .route("fal:flux-2", "replicate:black-forest-labs/flux-schnell")
            .build()) {
      GenerationResult r = genport.generate(fox());

      assertEquals(1, r.images().size());
      assertTrue(r.images().get(0).source().readAllBytes().length > 0);
      assertEquals(new Target("fal", "flux-2"), r.attempts().get(r.attempts().size() - 1).target());
      assertTrue(genport.providers().containsAll(List.of("fal", "replicate", "bedrock")));
    }
  }

  @Test
  void whenTheFirstVendorIsDownTheCallFailsOverAndMetricsSeeIt() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    RouterMetrics metrics =
        new RouterMetrics() {
          @Override
          public void attemptEnded(Attempt attempt) {
            seen.add(attempt.target() + " " + attempt.outcome());
          }

          @Override
          public void failedOver(Target from, Target to) {
            seen.add("failover " + from + " -> " + to);
          }
        };
    String dead = deadUrl();
    try (GenPort genport =
        GenPort.builder()
            .environment(sims.environment)
            .option("fal", "base-url", dead)
            .option("fal", "queue-url", dead)
            .settings(RouterSettings.builder().retry(RetryPolicy.none()).build())
            .metrics(metrics)
            .route("fal:flux-2", "replicate:black-forest-labs/flux-schnell")
            .build()) {
      GenerationResult r = genport.generate(fox());

      assertEquals(1, r.images().size());
      assertEquals(
          List.of(
              "fal:flux-2 FAILED",
              "failover fal:flux-2 -> replicate:black-forest-labs/flux-schnell",
              "replicate:black-forest-labs/flux-schnell SUCCEEDED"),
          seen);
    }
  }

  @Test
  void theRouteCanComeFromTheEnvironment() {
    Map<String, String> env = new HashMap<>(sims.environment);
    env.put("GENPORT_ROUTE", "replicate:black-forest-labs/flux-schnell, fal:flux-2");
    try (GenPort genport = GenPort.builder().environment(env).build()) {
      assertEquals(
          List.of(
              new Target("replicate", "black-forest-labs/flux-schnell"),
              new Target("fal", "flux-2")),
          genport.router().route().targets().stream().map(t -> t.target()).toList());
      assertEquals(1, genport.generate(fox()).images().size());
    }
  }

  @Test
  void aNamedRouteAndProviderOptionsComeFromGenportYaml(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("genport.yaml");
    Files.writeString(
        yaml,
        """
        routes:
          main:
            targets: [replicate:black-forest-labs/flux-schnell]
            deadline: 45s
        providers:
          replicate:
            poll-interval-ms: 150
        """);
    Map<String, String> env = new HashMap<>(sims.environment);
    env.put("GENPORT_CONFIG", yaml.toString());
    env.put("GENPORT_ROUTE", "main");
    try (GenPort genport = GenPort.builder().environment(env).build()) {
      assertEquals(java.time.Duration.ofSeconds(45), genport.router().settings().deadline());
      assertEquals(1, genport.generate(fox()).images().size());
    }
  }

  @Test
  void withoutARouteTheErrorSaysWhatToSet() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> GenPort.builder().environment(sims.environment).build());
    assertEquals("route", e.field());
    assertTrue(e.getMessage().contains("GENPORT_ROUTE"), e.getMessage());
  }

  @Test
  void aMissingConfigFileNamesTheVariable() {
    Map<String, String> env = new HashMap<>(sims.environment);
    env.put("GENPORT_CONFIG", "/no/such/genport.yaml");
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> GenPort.builder().environment(env).route("fal:flux-2").build());
    assertEquals("GENPORT_CONFIG", e.field());
  }

  @Test
  void aBadProviderOptionFailsTheBuildNamingTheKeyAndItsVariable() {
    Map<String, String> env = new HashMap<>(sims.environment);
    env.put("GENPORT_FAL_BASE_URL", "not a url");
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> GenPort.builder().environment(env).route("fal:flux-2").build());
    assertEquals("base-url", e.field());
    assertTrue(
        e.getMessage().contains("set GENPORT_FAL_BASE_URL, or providers.fal.base-url"),
        e.getMessage());
  }

  @Test
  void aRequiredOptionThatIsMissingIsNamedWithItsVariable() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () ->
                GenPort.builder()
                    .environment(Map.of())
                    .route("cog:black-forest-labs/flux-schnell")
                    .build());
    assertTrue(e.getMessage().contains("GENPORT_COG_BASE_URL"), e.getMessage());
  }

  @Test
  void aRefusedDownloadNamesTheDownloadAllowKeyAndItsVariable() {
    Map<String, String> env = new HashMap<>(sims.environment);
    env.remove("GENPORT_FAL_DOWNLOAD_ALLOW");
    try (GenPort genport =
        GenPort.builder()
            .environment(env)
            .settings(RouterSettings.builder().retry(RetryPolicy.none()).build())
            .route("fal:flux-2")
            .build()) {
      NonRetryableProviderException e =
          assertThrows(NonRetryableProviderException.class, () -> genport.generate(fox()));
      assertTrue(
          e.getMessage().contains("download-allow (GENPORT_FAL_DOWNLOAD_ALLOW)"), e.getMessage());
    }
  }

  @Test
  void anUnknownProviderIsNamedWithTheInstalledOnes() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> GenPort.builder().environment(Map.of()).route("acme:m").build());
    assertEquals("target", e.field());
    assertTrue(e.getMessage().contains("'acme'"), e.getMessage());
  }

  @Test
  void anOptionThatLooksLikeASecretIsRefused() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class, () -> GenPort.builder().option("fal", "api-key", "x"));
    assertEquals("api-key", e.field());
    assertFalse(e.getMessage().contains("x\""), e.getMessage());
  }
}
