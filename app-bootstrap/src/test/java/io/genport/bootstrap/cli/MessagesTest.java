package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit statuses and messages as a new user meets them, with every shipped provider: bad input is
 * status 2, printed once, with at most a few close names and the command that lists the rest, and
 * nothing is sent.
 */
class MessagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final CountingLauncher launcher = CountingLauncher.offline();

  private CliRun generate(String... args) {
    List<String> all = new ArrayList<>(List.of("generate", "--out", dir.resolve("out").toString()));
    all.addAll(List.of(args));
    return launcher.run(all.toArray(String[]::new));
  }

  private void assertNothingSent() {
    assertEquals(List.of(), launcher.sent, "nothing was sent");
  }

  @Test
  void anUnknownNativeParameterIsBadInputWithTheClosestNamesNotTheWholeList() {
    CliRun r = generate("--target", "fal:flux-2", "--param", "guidance=3", "a fox");

    assertEquals(2, r.status(), r.err());
    assertEquals(
        List.of(
            "genport: fal:flux-2: guidance: model 'flux-2' has no parameter 'guidance'; closest:"
                + " guidance_scale; `genport models --provider fal --model flux-2` lists all 11"),
        r.err().lines().toList());
    assertNothingSent();
  }

  @Test
  void aParameterWithNothingCloseSaysSoAndHowToListThem() {
    CliRun r = generate("--target", "fal:flux-2", "--param", "bogus_knob=3", "a fox");

    assertEquals(2, r.status(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("no close match"), r.err());
    assertFalse(r.err().contains("num_inference_steps"), "not the parameter list: " + r.err());
    assertNothingSent();
  }

  @Test
  void theModelsCommandListsTheParametersTheMessageRefersTo() throws Exception {
    CliRun r = launcher.run("models", "--provider", "fal", "--model", "flux-2", "--json");

    assertEquals(0, r.status(), r.err());
    JsonNode model = JSON.readTree(r.out()).path("providers").get(0).path("models").get(0);
    assertEquals("flux-2", model.path("id").asText());
    assertEquals(11, model.path("parameters").size());
    assertTrue(model.path("parameters").toString().contains("guidance_scale"));
  }

  @Test
  void anUnknownProviderNamesTheClosest() {
    CliRun r = generate("--target", "fall:flux-2", "a fox");

    assertEquals(2, r.status(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(
        r.err()
            .startsWith(
                "genport: target: unknown provider 'fall'; closest: fal; `genport providers`"
                    + " lists all "),
        r.err());
    assertNothingSent();
  }

  @Test
  void modelsWithoutOptionsListsEveryProviderAndMarksTheOneThatNeedsConfiguration()
      throws Exception {
    CliRun text = launcher.run("models");
    assertEquals(0, text.status(), text.err());
    assertTrue(
        text.out().contains("cog  (needs configuration: set GENPORT_COG_BASE_URL)\n"), text.out());
    assertTrue(text.out().contains("\nfal\n  "), text.out());

    CliRun json = launcher.run("models", "--json");
    assertEquals(0, json.status(), json.err());
    List<String> providers = new ArrayList<>();
    JsonNode all = JSON.readTree(json.out()).path("providers");
    all.forEach(p -> providers.add(p.path("provider").asText()));
    // The shipped providers (the test class path has a test provider too).
    assertTrue(
        providers.containsAll(
            List.of("bedrock", "cog", "eachlabs", "fal", "leonardo", "oxen", "replicate")),
        providers.toString());
    JsonNode cog = all.get(providers.indexOf("cog"));
    assertEquals("GENPORT_COG_BASE_URL", cog.path("needsConfiguration").get(0).asText());
    all.forEach(
        p -> {
          if (!p.path("provider").asText().equals("cog")) {
            assertTrue(p.path("models").size() > 0, p.path("provider").asText());
          }
        });
  }

  @Test
  void aNegativeSeedIsRefusedForAModelThatTakesUnsignedSeeds() {
    CliRun r = generate("--target", "fal:flux-2", "--seed", "-5", "a fox");

    assertEquals(2, r.status(), r.err());
    assertEquals(
        List.of(
            "genport: fal:flux-2: seed: -5 is negative, and the model takes seeds"
                + " 0..4294967295"),
        r.err().lines().toList());
    assertNothingSent();
  }

  @Test
  void aNegativeSeedGoesToAModelThatTakesNegativeSeeds() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("genport.yaml"),
            String.join(
                "\n",
                "models:",
                "  fal:",
                "    - id: signed-flux",
                "      endpoint: acme/signed-flux",
                "      params:",
                "        - {name: prompt, type: string, required: true}",
                "        - {name: seed, type: integer}",
                "      prompt: prompt",
                "      seed: {param: seed, min: -1000, max: 1000}",
                ""));
    CliRun r =
        generate(
            "--config",
            config.toString(),
            "--target",
            "fal:signed-flux",
            "--seed",
            "-5",
            "--json",
            "a fox");

    assertEquals(0, r.status(), r.err());
    JsonNode s = JSON.readTree(r.out());
    assertEquals(-5, s.path("images").get(0).path("seed").asLong());
    assertEquals(0, s.path("adaptations").size(), s.toString());
  }

  @Test
  void aSeedOutsideTheRangeIsAdaptedNamingTheRangeOrWithStrictSeedRefused() throws Exception {
    CliRun adapted = generate("--target", "fal:flux-2", "--seed", "99999999999", "a fox");
    assertEquals(0, adapted.status(), adapted.err());
    assertTrue(
        adapted
            .out()
            .contains("seed 99999999999 -> 1215752191: the model accepts seeds" + " 0..4294967295"),
        adapted.out());

    launcher.sent.clear();
    CliRun strict =
        generate("--target", "fal:flux-2", "--seed", "99999999999", "--strict", "seed", "a fox");
    assertEquals(2, strict.status(), strict.err());
    assertEquals(
        List.of(
            "genport: fal:flux-2: seed: 99999999999 is required but cannot be honoured: the model"
                + " accepts seeds 0..4294967295",
            "genport: no target of the route can honour the request as asked, so nothing was"
                + " sent; drop --strict or add a target that can"),
        strict.err().lines().toList());
    assertEquals("", strict.out());
    assertNothingSent();
  }

  @Test
  void anUnknownOptionIsReportedAloneNotThePrompt() {
    CliRun r = generate("--colour", "red", "--target", "fal:flux-2", "a fox");

    assertEquals(2, r.status(), r.err());
    assertEquals(
        List.of(
            "genport: unknown option '--colour'; no close match; `genport generate --help` lists"
                + " the options"),
        r.err().lines().toList());
    assertNothingSent();
  }

  @Test
  void aMistypedOptionOrCommandNamesTheClosest() {
    CliRun option = generate("--targte", "fal:flux-2", "a fox");
    assertEquals(2, option.status(), option.err());
    assertTrue(option.err().contains("unknown option '--targte'; closest: --target"), option.err());

    CliRun command = launcher.run("generat", "--target", "fal:flux-2", "a fox");
    assertEquals(2, command.status(), command.err());
    assertTrue(
        command.err().startsWith("genport: unknown command 'generat'; closest: generate"),
        command.err());
  }

  @Test
  void anUnquotedPromptIsExplained() {
    CliRun r = generate("--target", "fal:flux-2", "a", "fox");
    assertEquals(2, r.status(), r.err());
    assertTrue(
        r.err().contains("unexpected argument 'fox'; a prompt with spaces must be quoted"),
        r.err());
  }

  @Test
  void aDeadlineTakesFractionsOfASecondAndUnits() {
    CliRun r = generate("--target", "fal:flux-2", "--deadline", "0.5", "a fox");

    // The simulated job needs a few one-second polls: half a second is not enough.
    assertEquals(1, r.status(), r.err());
    assertTrue(r.out().contains("deadline of PT0.5S passed"), r.out());
    assertTrue(
        r.out().contains("(a simulated job: it ended with this process)"),
        "its handle is not offered for a wait that cannot work: " + r.out());

    CliRun bad = generate("--target", "fal:flux-2", "--deadline", "soon", "a fox");
    assertEquals(2, bad.status(), bad.err());
    assertEquals(
        List.of(
            "genport: Invalid value for option '--deadline': 'soon' is not a duration; use e.g."
                + " 500ms, 30s, 2m, 1h, 0.5 (seconds) or PT30S"),
        bad.err().lines().toList());
  }

  @Test
  void durationsAreReadLikeTheConfigurationFile() {
    DurationConverter c = new DurationConverter();
    assertEquals(java.time.Duration.ofMillis(500), c.convert("0.5"));
    assertEquals(java.time.Duration.ofSeconds(30), c.convert("30s"));
    assertEquals(java.time.Duration.ofMinutes(2), c.convert("2m"));
    assertEquals(java.time.Duration.ofSeconds(45), c.convert("45"));
    assertEquals(java.time.Duration.ofSeconds(90), c.convert("PT90S"));
  }

  @Test
  void aKeylessSelfHostedProviderIsNotSaidToLackACredential() {
    CliRun r = generate("--target", "cog:generic", "--size", "512x512", "a fox");

    assertEquals(0, r.status(), r.err());
    assertTrue(
        r.err()
            .startsWith(
                "genport: not configured for real use: cog (set GENPORT_COG_BASE_URL); running"
                    + " against the embedded simulators"),
        r.err());
    assertFalse(r.err().contains("credential"), r.err());
    assertFalse(r.err().contains(" ;"), r.err());
  }

  @Test
  void aLongSplitIsSummarised() {
    CliRun r = launcher.run("explain", "--target", "oxen:flux-2-pro", "--count", "20", "a fox");

    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("count 20 -> 20 calls of 1: "), r.out());
    assertFalse(r.out().contains("1+1"), r.out());
  }

  @Test
  void theProvidersAreNamedOnlyWithVerbose() {
    CliRun quiet = generate("--target", "fal:flux-99", "a fox");
    assertFalse(quiet.err().contains("genport: providers:"), quiet.err());

    CliRun verbose = generate("--verbose", "--target", "fal:flux-99", "a fox");
    assertTrue(
        verbose
            .err()
            .contains("genport: providers: bedrock, cog, eachlabs, fal, leonardo, oxen, replicate"),
        verbose.err());
  }
}
