package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.bootstrap.BootstrapSettings;
import io.genport.spi.Credentials;
import io.genport.spi.download.ImageProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code genport generate} with the real fal provider against the embedded fal simulator. */
class GenerateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REAL_KEY = "fal-real-key-must-never-leave-9d8c7b";

  @TempDir Path dir;

  private CliRun generate(Credentials credentials, String... args) {
    BootstrapSettings settings =
        new BootstrapSettings(Map.of(), credentials, GenerateCommandTest.class.getClassLoader());
    return CliRun.generate(settings, dir.resolve("out"), args);
  }

  @Test
  void withoutCredentialsItRunsOnTheSimulatorsAndWritesEveryImage() throws Exception {
    CliRun r =
        generate(
            Credentials.none(),
            "--target",
            "fal:flux-2",
            "--size",
            "1000x700",
            "--count",
            "5",
            "--seed",
            "7",
            "--json",
            "a red fox in the snow");

    assertEquals(0, r.status(), r.err());
    assertTrue(r.err().contains("running against the embedded simulators"), r.err());
    JsonNode s = JSON.readTree(r.out());
    assertTrue(s.path("simulated").asBoolean());
    assertEquals("fal:flux-2", s.path("target").asText());
    assertEquals(5, s.path("images").size());
    for (JsonNode img : s.path("images")) {
      Path file = Path.of(img.path("path").asText());
      byte[] bytes = Files.readAllBytes(file);
      assertEquals(img.path("mediaType").asText(), ImageProbe.mediaType(bytes));
      assertEquals(1008, ImageProbe.size(bytes).width(), "planned size is the real size");
      assertEquals(704, ImageProbe.size(bytes).height());
    }
    assertEquals(
        List.of(7L, 7L, 7L, 7L, 11L),
        JSON.convertValue(
            s.path("images").findValues("seed"),
            new com.fasterxml.jackson.core.type.TypeReference<List<Long>>() {}));
    assertEquals(List.of("size", "count"), s.path("adaptations").findValuesAsText("field"));
    assertEquals(2, s.path("attempts").size());
    try (Stream<Path> files = Files.list(dir.resolve("out"))) {
      // The images were received into the folder and renamed: no partial nor unclaimed file.
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(
          s.path("images").findValuesAsText("path").stream()
              .map(p -> Path.of(p).getFileName().toString())
              .sorted()
              .toList(),
          names);
    }
  }

  @Test
  void theMessageNamesWhatEachRequestedFactoryDeclaresAndAKeylessVendorIsSimulatedToo()
      throws Exception {
    CliRun r =
        generate(
            Credentials.none(),
            "--target",
            "cog:generic",
            "--target",
            "fal:flux-2",
            "--size",
            "512x512",
            "--json",
            "a fox");

    assertEquals(0, r.status(), r.err());
    assertTrue(
        r.err()
            .contains(
                "genport: not configured for real use: cog (set GENPORT_COG_BASE_URL), fal (set"
                    + " FAL_KEY); running against the embedded simulators"),
        r.err());
    assertFalse(r.err().contains("()") || r.err().contains(", ,"), "no empty name: " + r.err());
    JsonNode s = JSON.readTree(r.out());
    assertTrue(s.path("simulated").asBoolean());
    assertEquals("cog:generic", s.path("target").asText(), "the Cog simulator served it");
    assertEquals(1, s.path("images").size());
  }

  @Test
  void simulateNeverUsesTheRealCredential() {
    CliRun r =
        generate(
            Credentials.fromMap(Map.of("FAL_KEY", REAL_KEY)),
            "--simulate",
            "--target",
            "fal:fal-ai/flux/dev",
            "a lighthouse");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.err().contains("--simulate given"), r.err());
    assertFalse((r.out() + r.err()).contains(REAL_KEY));
  }

  @Test
  void aTargetThatCannotHonourAStrictFieldIsSkippedAndTheNextServes() throws Exception {
    CliRun r =
        generate(
            Credentials.none(),
            "--target",
            "fal:xai-grok-imagine-text-to-image",
            "--target",
            "fal:flux-2",
            "--seed",
            "5",
            "--strict",
            "seed",
            "--json",
            "a fox");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.err().contains("fal:xai-grok-imagine-text-to-image call 1: skipped"), r.err());
    assertEquals("fal:flux-2", JSON.readTree(r.out()).path("target").asText());
  }

  @Test
  void anUnknownModelOnAnyTargetIsBadInputReportedOnceAndNothingIsSent() {
    CountingLauncher launcher = CountingLauncher.offline();
    CliRun r =
        launcher.run(
            "generate",
            "--out",
            dir.resolve("out").toString(),
            "--target",
            "fal:flux-2",
            "--target",
            "fal:flux-99",
            "a fox");
    assertEquals(2, r.status(), r.err());
    assertEquals(
        List.of(
            "genport: fal:flux-99: model: 'flux-99' is neither in the fal catalog nor a fal"
                + " endpoint id (owner/app[/path]); closest: flux-2; `genport models --provider"
                + " fal` lists all 32"),
        r.err().lines().toList(),
        "once, with the closest name and how to list the rest, not the 32 ids");
    assertEquals("", r.out());
    assertEquals(List.of(), launcher.sent, "nothing was sent");
  }

  @Test
  void contentRejectionEndsTheCallWithoutTryingTheNextTarget() throws Exception {
    CliRun r =
        generate(
            Credentials.none(),
            "--target",
            "fal:flux-2",
            "--target",
            "fal:fal-ai/flux/dev",
            "--json",
            "[reject] a fox");
    assertEquals(1, r.status(), r.err());
    JsonNode s = JSON.readTree(r.out());
    assertEquals(1, s.path("failures").size(), "the second target is not tried");
    assertEquals("CONTENT_REJECTED", s.path("failures").get(0).path("type").asText());
  }

  @Test
  void aRequestEveryTargetRefusesAsGivenExitsTwo() {
    CliRun r = generate(Credentials.none(), "--target", "eachlabs:not-a-model", "a fox");
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("'not-a-model' is not in the Each Labs catalog"), r.err());

    CliRun strict =
        generate(
            Credentials.none(),
            "--target",
            "fal:flux-2",
            "--size",
            "1000x700",
            "--strict",
            "size",
            "a fox");
    assertEquals(2, strict.status(), strict.err());
    assertTrue(strict.err().contains("size"), strict.err());
  }

  @Test
  void badInputExitsTwoNamingTheFieldBeforeAnythingStarts() {
    CliRun r = generate(Credentials.none(), "--target", "fal:flux-2", "--count", "0", "a fox");
    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("genport: count:"), r.err());
    assertFalse(r.err().contains("simulators"), "nothing was started");
  }

  @Test
  void aModelDefinedOnlyInGenportYamlIsUsableAsATarget() throws Exception {
    Path config =
        yaml(
            String.join(
                "\n",
                "models:",
                "  fal:",
                "    - id: my-flux",
                "      endpoint: acme/my-flux",
                "      params:",
                "        - {name: prompt, type: string, required: true}",
                "        - {name: image_size, type: string}",
                "        - {name: seed, type: integer}",
                "      prompt: prompt",
                "      size: {kind: presets, param: image_size, presets: fal,"
                    + " custom: {min: 64, max: 1024, multiple: 64}}",
                "      seed: {param: seed}",
                ""));
    CliRun r =
        generate(
            Credentials.none(),
            "--config",
            config.toString(),
            "--target",
            "fal:my-flux",
            "--size",
            "600x400",
            "--json",
            "a fox");
    assertEquals(0, r.status(), r.err());
    JsonNode s = JSON.readTree(r.out());
    assertEquals("fal:my-flux", s.path("target").asText());
    assertEquals(1, s.path("images").size());
    assertEquals("size", s.path("adaptations").get(0).path("field").asText());
    assertEquals(576, s.path("images").get(0).path("width").asInt(), "the YAML model's rule");
    assertEquals(384, s.path("images").get(0).path("height").asInt());
  }

  private Path yaml(String text) throws Exception {
    Path file = dir.resolve("genport.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void aRouteOfTheConfigurationFileFailsOverFromAnUnservableTargetToTheNext() throws Exception {
    Path config =
        yaml(
            "routes:\n"
                + "  main:\n"
                + "    targets:\n"
                + "      - target: fal:xai-grok-imagine-text-to-image\n"
                + "      - target: fal:flux-2\n"
                + "    deadline: 2m\n"
                + "    retry:\n"
                + "      maxAttempts: 2\n"
                + "      initialBackoff: 10ms\n"
                + "    circuitBreaker:\n"
                + "      consecutiveFailures: 3\n"
                + "providers:\n"
                + "  fal:\n"
                + "    mode: queue\n");
    CliRun r =
        generate(
            Credentials.none(),
            "--config",
            config.toString(),
            "--route",
            "main",
            "--seed",
            "5",
            "--strict",
            "seed",
            "--json",
            "a fox");
    assertEquals(0, r.status(), r.err());
    JsonNode s = JSON.readTree(r.out());
    assertEquals("fal:flux-2", s.path("target").asText());
    assertEquals(1, s.path("images").size());
    assertEquals(0, s.path("failures").size());
    JsonNode attempts = s.path("attempts");
    assertEquals(
        "fal:xai-grok-imagine-text-to-image",
        attempts.get(0).path("target").asText(),
        attempts.toString());
    assertEquals("SKIPPED", attempts.get(0).path("outcome").asText());
    assertEquals("SUCCEEDED", attempts.get(attempts.size() - 1).path("outcome").asText());
  }

  @Test
  void anUnknownRouteExitsTwoNamingIt() throws Exception {
    Path config = yaml("routes:\n  main:\n    - target: fal:flux-2\n");
    CliRun r =
        generate(Credentials.none(), "--config", config.toString(), "--route", "nope", "a fox");
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("no route 'nope'"), r.err());
    assertTrue(r.err().contains("routes: main"), r.err());
    assertFalse(r.err().contains("simulators"), "nothing was started");
  }

  @Test
  void anInvalidConfigurationFileExitsTwoNamingTheYamlPath() throws Exception {
    Path config =
        yaml(
            "routes:\n"
                + "  main:\n"
                + "    - target: fal:flux-2\n"
                + "      weight: 2\n"
                + "    - target: fal:fal-ai/flux/dev\n"
                + "      weight: heavy\n");
    CliRun r = generate(Credentials.none(), "--config", config.toString(), "--route", "main", "x");
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("routes.main[1].weight: must be a whole number"), r.err());
  }

  @Test
  void aSecretLookingProviderOptionIsRefused() throws Exception {
    Path config = yaml("providers:\n  fal:\n    api-key: " + REAL_KEY + "\n");
    CliRun r =
        generate(Credentials.none(), "--config", config.toString(), "--target", "fal:flux-2", "x");
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("providers.fal.api-key: looks like a secret"), r.err());
    assertFalse(r.err().contains(REAL_KEY), "the value is never shown");
  }

  @Test
  void routeAndTargetTogetherAreRefused() throws Exception {
    Path config = yaml("routes:\n  main:\n    - fal:flux-2\n");
    CliRun r =
        generate(
            Credentials.none(),
            "--config",
            config.toString(),
            "--route",
            "main",
            "--target",
            "fal:flux-2",
            "x");
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().startsWith("genport: route:"), r.err());
  }
}
