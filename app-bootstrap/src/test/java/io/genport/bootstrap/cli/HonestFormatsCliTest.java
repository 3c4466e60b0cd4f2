package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.ImageFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The format and size cases of "What was seen" in issue 12, against the embedded simulators: fal
 * listed and accepted WEBP and then failed with the vendor's 422; Oxen with {@code --strict format}
 * wrote a PNG for WEBP without a word; flux-schnell at 21:9 planned 1568x672 and got 1536x640.
 */
class HonestFormatsCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final CountingLauncher launcher = CountingLauncher.offline();

  private CliRun generate(String... args) {
    List<String> all =
        new ArrayList<>(List.of("generate", "--json", "--out", dir.resolve("out").toString()));
    all.addAll(List.of(args));
    return launcher.run(all.toArray(String[]::new));
  }

  private static List<JsonNode> adaptations(JsonNode summary, String field) {
    List<JsonNode> out = new ArrayList<>();
    summary.path("adaptations").forEach(a -> out.add(a));
    out.removeIf(a -> !a.path("field").asText().equals(field));
    return out;
  }

  private static ImageFormat written(JsonNode image) throws Exception {
    return ImageFormat.sniff(Files.readAllBytes(Path.of(image.path("path").asText())));
  }

  @Test
  void modelsListsOnlyTheFormatsFalFlux2CanProduce() throws Exception {
    CliRun r = launcher.run("models", "--provider", "fal", "--model", "flux-2", "--json");

    assertEquals(0, r.status(), r.err());
    JsonNode model = JSON.readTree(r.out()).path("providers").get(0).path("models").get(0);
    assertTrue(r.out().contains("\"PNG\"") && r.out().contains("\"JPEG\""), r.out());
    assertFalse(model.toString().contains("WEBP"), model.toString());
  }

  @Test
  void webpOnFalFlux2IsAdaptedWhilePlanningAndNeverSent() throws Exception {
    CliRun r = generate("--target", "fal:flux-2", "--format", "WEBP", "a fox");

    assertEquals(0, r.status(), r.err());
    JsonNode s = JSON.readTree(r.out());
    List<JsonNode> format = adaptations(s, "format");
    assertEquals(1, format.size(), r.out());
    assertEquals("WEBP", format.get(0).path("requested").asText());
    assertEquals(ImageFormat.PNG, written(s.path("images").get(0)), "flux-2's own default");
    launcher.sent.forEach(
        req ->
            assertFalse(
                req.body() != null
                    && new String(req.body(), StandardCharsets.UTF_8).contains("webp"),
                "webp was sent to fal"));
  }

  @Test
  void webpRequiredOnFalIsBadInputNamingTheFieldAndTheFormats() {
    CliRun r =
        generate("--target", "fal:flux-2", "--format", "WEBP", "--strict", "format", "a fox");

    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("format"), r.err());
    assertTrue(r.err().contains("[PNG, JPEG]"), r.err());
    assertEquals(List.of(), launcher.sent, "nothing was sent");
  }

  @Test
  void webpRequiredOnOxenIsWrittenAsWebp() throws Exception {
    CliRun r =
        generate("--target", "oxen:flux-2-pro", "--format", "WEBP", "--strict", "format", "a fox");

    assertEquals(0, r.status(), r.err());
    JsonNode s = JSON.readTree(r.out());
    assertEquals(ImageFormat.WEBP, written(s.path("images").get(0)));
    assertEquals(List.of(), adaptations(s, "format"), r.out());
  }

  @Test
  void fluxSchnellAt21By9DeliversThePlannedSize() throws Exception {
    CliRun r = generate("--target", "replicate:flux-schnell", "--aspect", "21:9", "a fox");

    assertEquals(0, r.status(), r.err());
    JsonNode s = JSON.readTree(r.out());
    JsonNode image = s.path("images").get(0);
    assertEquals(1536, image.path("width").asInt(), r.out());
    assertEquals(640, image.path("height").asInt(), r.out());
    for (JsonNode a : adaptations(s, "size")) {
      assertFalse(a.path("reason").asText().contains("vendor returned"), r.out());
    }
  }
}
