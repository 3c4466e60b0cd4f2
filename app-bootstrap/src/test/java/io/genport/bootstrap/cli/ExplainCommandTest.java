package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExplainCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void textShowsTheCallTheHeadersTheBodyAndTheAdaptations() {
    CliRun r =
        CliRun.run(
            "explain", "--target", "test:tiny", "--seed", "42", "--size", "1000x700", "a fox");

    assertEquals(0, r.status(), r.err());
    assertEquals("", r.err(), "nothing on stderr without --verbose");
    String out = r.out();
    assertTrue(out.startsWith("target test:tiny\n"), out);
    assertTrue(out.contains("  call 1 of 1: 1 image, seed 42, expected 1024x768\n"), out);
    assertTrue(out.contains("    POST https://api.test.invalid/v1/tiny-model\n"), out);
    assertTrue(out.contains("    Content-Type: application/json\n"), out);
    assertTrue(out.contains("    Authorization: <redacted>\n"), out);
    assertTrue(out.contains("\"prompt\" : \"a fox\""), out);
    assertTrue(out.contains("\"image_size\" : \"landscape_4_3\""), out);
    assertTrue(out.contains("\"seed\" : 42"), out);
    assertTrue(out.contains("  adaptations:\n    size 1000x700 -> "), out);
  }

  @Test
  void verboseNamesTheDiscoveredProvidersOnStderr() {
    CliRun r = CliRun.run("explain", "--verbose", "--target", "test:tiny", "a fox");
    assertEquals(0, r.status(), r.err());
    assertEquals("genport: providers: test", r.err().lines().findFirst().orElseThrow());
  }

  @Test
  void textSaysWhenNothingWasAdapted() {
    CliRun r = CliRun.run("explain", "--target", "test:tiny", "--seed", "1", "a fox");

    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("  adaptations: none\n"), r.out());
  }

  @Test
  void aCountAboveTheModelsMaximumIsSplitIntoSeveralCalls() {
    CliRun r = CliRun.run("explain", "--target", "test:tiny", "--seed", "42", "--count", "6", "x");

    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("  call 1 of 2: 4 images (#1-4), seed 42"), r.out());
    assertTrue(r.out().contains("  call 2 of 2: 2 images (#5-6), seed 46"), r.out());
  }

  @Test
  void jsonHasExactlyTheDocumentedStructure() throws Exception {
    CliRun r =
        CliRun.run(
            "explain",
            "--json",
            "--target",
            "test:tiny",
            "--seed",
            "42",
            "--size",
            "1000x700",
            "--format",
            "jpeg",
            "--quality",
            "80",
            "--negative",
            "blur",
            "a fox");

    assertEquals(0, r.status(), r.err());
    JsonNode root = JSON.readTree(r.out());
    assertEquals(List.of("targets"), names(root));
    assertEquals(1, root.get("targets").size());
    JsonNode t = root.get("targets").get(0);
    assertEquals(List.of("target", "calls", "adaptations", "error"), names(t));
    assertEquals("test:tiny", t.get("target").asText());
    assertTrue(t.get("error").isNull());

    JsonNode call = t.get("calls").get(0);
    assertEquals(List.of("method", "url", "headers", "body"), names(call));
    assertEquals("POST", call.get("method").asText());
    assertEquals("https://api.test.invalid/v1/tiny-model", call.get("url").asText());
    assertEquals(
        JSON.readTree("{\"Content-Type\":\"application/json\",\"Authorization\":\"<redacted>\"}"),
        call.get("headers"));
    JsonNode body = call.get("body");
    assertTrue(body.isObject(), "body is a JSON object, not a string");
    assertEquals(
        JSON.readTree(
            "{\"sync_mode\":false,\"prompt\":\"a fox\",\"negative_prompt\":\"blur\","
                + "\"image_size\":\"landscape_4_3\",\"num_images\":1,\"seed\":42,"
                + "\"enable_safety_checker\":true,\"output_format\":\"jpeg\","
                + "\"output_quality\":80}"),
        body);

    JsonNode adaptation = t.get("adaptations").get(0);
    assertEquals(List.of("field", "requested", "applied", "reason"), names(adaptation));
    assertEquals("size", adaptation.get("field").asText());
    assertEquals("1000x700", adaptation.get("requested").asText());
    assertFalse(adaptation.get("applied").asText().isBlank());
    assertFalse(adaptation.get("reason").asText().isBlank());
  }

  @Test
  void unknownProviderIsAPerTargetErrorAndTheOtherTargetsAreStillExplained() throws Exception {
    CliRun r =
        CliRun.run("explain", "--json", "--target", "nope:x", "--target", "test:tiny", "a fox");

    assertEquals(2, r.status(), "bad input, as generate exits");
    JsonNode targets = JSON.readTree(r.out()).get("targets");
    JsonNode failed = targets.get(0);
    assertEquals("nope:x", failed.get("target").asText());
    assertEquals(0, failed.get("calls").size());
    assertEquals(0, failed.get("adaptations").size());
    assertEquals(List.of("type", "message"), names(failed.get("error")));
    assertEquals("INVALID_REQUEST", failed.get("error").get("type").asText());
    assertEquals(
        "target: unknown provider 'nope'; installed providers: test",
        failed.get("error").get("message").asText());
    assertTrue(targets.get(1).get("error").isNull());
    assertEquals(1, targets.get(1).get("calls").size());
  }

  @Test
  void unknownProviderInText() {
    CliRun r = CliRun.run("explain", "--target", "nope:x", "a fox");

    assertEquals(2, r.status(), "bad input, as generate exits");
    assertEquals(
        "target nope:x\n"
            + "  error INVALID_REQUEST: target: unknown provider 'nope'; installed providers:"
            + " test\n",
        r.out());
  }

  @Test
  void unknownModelIsAPerTargetError() throws Exception {
    CliRun r = CliRun.run("explain", "--json", "--target", "test:nope", "a fox");

    assertEquals(2, r.status(), "bad input, as generate exits");
    JsonNode error = JSON.readTree(r.out()).get("targets").get(0).get("error");
    assertEquals("INVALID_REQUEST", error.get("type").asText());
    assertTrue(error.get("message").asText().startsWith("model: unknown model 'nope'"), r.out());
    assertTrue(error.get("message").asText().contains("known: tiny, dims"), r.out());
  }

  @Test
  void requiredFieldThatTheModelCannotHonourIsUnsupported() throws Exception {
    CliRun r =
        CliRun.run(
            "explain",
            "--json",
            "--target",
            "test:tiny",
            "--format",
            "webp",
            "--strict",
            "format",
            "a fox");

    assertEquals(2, r.status(), "bad input, as generate exits");
    JsonNode error = JSON.readTree(r.out()).get("targets").get(0).get("error");
    assertEquals("UNSUPPORTED", error.get("type").asText());
    assertTrue(error.get("message").asText().startsWith("format: "), r.out());
  }

  @Test
  void withoutStrictTheSameRequestIsAdapted() throws Exception {
    CliRun r =
        CliRun.run("explain", "--json", "--target", "test:tiny", "--format", "webp", "a fox");

    assertEquals(0, r.status(), r.out());
    JsonNode adaptation = JSON.readTree(r.out()).get("targets").get(0).get("adaptations").get(0);
    assertEquals("format", adaptation.get("field").asText());
    assertEquals("WEBP", adaptation.get("requested").asText());
  }

  @Test
  void paramsReachTheBodyTypedAndPerProvider() throws Exception {
    CliRun r =
        CliRun.run(
            "explain",
            "--json",
            "--target",
            "test:tiny",
            "--param",
            "lora_scale=0.75",
            "--param",
            "test:num_inference_steps=12",
            "--param",
            "sync_mode=true",
            "--param",
            "other:lora_scale=3",
            "a fox");

    assertEquals(0, r.status(), r.out());
    JsonNode body = JSON.readTree(r.out()).get("targets").get(0).get("calls").get(0).get("body");
    assertEquals(0.75, body.get("lora_scale").doubleValue());
    assertTrue(body.get("num_inference_steps").isIntegralNumber());
    assertEquals(12, body.get("num_inference_steps").intValue());
    assertTrue(body.get("sync_mode").isBoolean());
    assertTrue(body.get("sync_mode").booleanValue());
  }

  @Test
  void providerSpecificParamWinsOverTheOneForEveryProvider() throws Exception {
    CliRun r =
        CliRun.run(
            "explain",
            "--json",
            "--target",
            "test:tiny",
            "--param",
            "test:lora_scale=2",
            "--param",
            "lora_scale=1",
            "a fox");

    JsonNode body = JSON.readTree(r.out()).get("targets").get(0).get("calls").get(0).get("body");
    assertEquals(2, body.get("lora_scale").intValue());
  }

  @Test
  void aParamTheModelDoesNotKnowIsAPerTargetErrorNamingIt() throws Exception {
    CliRun r =
        CliRun.run(
            "explain", "--json", "--target", "test:dims", "--param", "lora_scale=1", "a fox");

    assertEquals(2, r.status(), "bad input, as generate exits");
    JsonNode error = JSON.readTree(r.out()).get("targets").get(0).get("error");
    assertEquals("INVALID_REQUEST", error.get("type").asText());
    assertTrue(error.get("message").asText().startsWith("lora_scale: "), r.out());
  }

  @Test
  void baseUrlComesFromTheEnvironment() throws Exception {
    CliRun r =
        CliRun.run(
            Map.of("GENPORT_TEST_BASE_URL", "https://gateway.test.invalid/proxy/"),
            "explain",
            "--json",
            "--target",
            "test:dims",
            "a fox");

    assertEquals(0, r.status(), r.out());
    JsonNode call = JSON.readTree(r.out()).get("targets").get(0).get("calls").get(0);
    assertEquals("https://gateway.test.invalid/proxy/dims-model", call.get("url").asText());
  }

  @Test
  void aBrokenProviderConfigurationFailsOnlyItsTargets() throws Exception {
    CliRun r =
        CliRun.run(
            Map.of("GENPORT_TEST_BASE_URL", "ftp://nowhere"),
            "explain",
            "--json",
            "--target",
            "test:tiny",
            "a fox");

    assertEquals(2, r.status(), "bad input, as generate exits");
    JsonNode error = JSON.readTree(r.out()).get("targets").get(0).get("error");
    assertEquals("INVALID_REQUEST", error.get("type").asText());
    assertTrue(error.get("message").asText().startsWith("base-url: "), r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "header", "body"})
  void noCredentialValueIsEverPrinted(String leak) {
    Map<String, String> env = Map.of("GENPORT_TEST_LEAK_CREDENTIAL", leak);
    List<CliRun> runs = new ArrayList<>();
    for (String format : List.of("--json", "--count=1")) {
      runs.add(CliRun.run(env, "explain", format, "--target", "test:tiny", "a fox"));
      runs.add(CliRun.run(env, "explain", format, "--target", "test:nope", "a fox"));
      runs.add(CliRun.run(env, "explain", format, "--target", "nope:x", "a fox"));
    }
    runs.add(CliRun.run(env, "providers"));
    runs.add(CliRun.run(env, "explain", "--count", "0", "--target", "test:tiny", "a fox"));
    for (CliRun r : runs) {
      assertFalse(r.out().contains(CliRun.SECRET), r.out());
      assertFalse(r.err().contains(CliRun.SECRET), r.err());
      assertFalse(r.out().contains(CliRun.SECRET.substring(0, 12)), r.out());
    }
    assertTrue(runs.get(0).out().contains("\"Authorization\" : \"<redacted>\""), runs.get(0).out());
    if (!leak.equals("none")) {
      assertTrue(runs.get(0).out().contains("<redacted>"), runs.get(0).out());
    }
  }

  @Test
  void aCredentialCopiedIntoAHeaderIsRedactedByName() throws Exception {
    CliRun r =
        CliRun.run(
            Map.of("GENPORT_TEST_LEAK_CREDENTIAL", "header"),
            "explain",
            "--json",
            "--target",
            "test:tiny",
            "a fox");

    JsonNode headers =
        JSON.readTree(r.out()).get("targets").get(0).get("calls").get(0).get("headers");
    assertEquals("<redacted>", headers.get("X-Api-Key").asText());
  }

  @Test
  void aCredentialCopiedIntoTheBodyIsScrubbed() throws Exception {
    CliRun r =
        CliRun.run(
            Map.of("GENPORT_TEST_LEAK_CREDENTIAL", "body"),
            "explain",
            "--json",
            "--target",
            "test:tiny",
            "a fox");

    JsonNode body = JSON.readTree(r.out()).get("targets").get(0).get("calls").get(0).get("body");
    assertEquals("<redacted>", body.get("debug_credential").asText());
  }

  private static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void onlyAFailureThatIsNotTheInputsExitsOne() {
    TargetExplanation ok = new TargetExplanation("test:tiny", List.of(), List.of(), null);
    TargetExplanation bug =
        TargetExplanation.failed(
            "test:tiny", new TargetExplanation.Failure("INTERNAL_ERROR", "NullPointerException"));
    TargetExplanation typo =
        TargetExplanation.failed(
            "test:nope", new TargetExplanation.Failure("INVALID_REQUEST", "unknown model"));
    TargetExplanation strict =
        TargetExplanation.failed(
            "test:tiny", new TargetExplanation.Failure("UNSUPPORTED", "format: WEBP"));

    assertEquals(0, ExplainCommand.status(List.of(ok)));
    assertEquals(1, ExplainCommand.status(List.of(ok, bug)));
    assertEquals(2, ExplainCommand.status(List.of(bug, typo)));
    assertEquals(2, ExplainCommand.status(List.of(ok, strict)));
  }
}
