package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.bootstrap.BootstrapSettings;
import io.genport.spi.Credentials;
import io.genport.spi.download.ImageProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genport generate} with a {@code leonardo:} target and no {@code LEONARDO_API_KEY}: the
 * shipped Leonardo provider runs against its simulator, and the JSON summary carries the credit
 * cost and each image's flag.
 */
class LeonardoOfflineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private CliRun generate(String... args) {
    BootstrapSettings settings =
        new BootstrapSettings(
            Map.of(), Credentials.none(), LeonardoOfflineTest.class.getClassLoader());
    return CliRun.generateJson(settings, dir.resolve("out"), args);
  }

  @Test
  void aCastleAtOneThousandBySevenHundredComesBackFlaggedWithItsCreditCost() throws Exception {
    CliRun r =
        generate(
            "--target",
            "leonardo:phoenix-1.0",
            "--size",
            "1000x700",
            "--count",
            "3",
            "a castle [nsfw]");

    assertEquals(0, r.status(), r.err());
    assertTrue(
        r.err().contains("not configured for real use: leonardo (set LEONARDO_API_KEY)"), r.err());
    JsonNode s = JSON.readTree(r.out());
    assertTrue(s.path("simulated").asBoolean());
    assertEquals("leonardo:phoenix-1.0", s.path("target").asText());
    assertEquals(3, s.path("images").size());
    for (JsonNode img : s.path("images")) {
      assertTrue(img.path("flagged").asBoolean(), img.toString());
      assertEquals(1000, img.path("width").asInt());
      assertEquals(704, img.path("height").asInt());
      byte[] bytes = Files.readAllBytes(Path.of(img.path("path").asText()));
      assertEquals("image/jpeg", ImageProbe.mediaType(bytes));
    }
    assertEquals("credits", s.path("cost").path("currency").asText());
    assertEquals(12, s.path("cost").path("amount").asInt(), "4 simulated credits per image");
    assertEquals("size", s.path("adaptations").get(0).path("field").asText());
    assertEquals("1000x704", s.path("adaptations").get(0).path("applied").asText());
  }

  @Test
  void eightImagesAt1024AreTwoCallsOfFourWithTheirOwnSeeds() throws Exception {
    CliRun r =
        generate(
            "--target", "leonardo:phoenix-1.0", "--size", "1024x1024", "--count", "8", "a castle");

    assertEquals(0, r.status(), r.err());
    JsonNode s = JSON.readTree(r.out());
    assertEquals(8, s.path("images").size());
    Set<Long> seeds = new HashSet<>();
    s.path("images").forEach(img -> seeds.add(img.path("seed").asLong()));
    assertEquals(2, seeds.size(), "one seed per call");
    assertEquals("2 calls (4+4)", s.path("adaptations").get(0).path("applied").asText());
    assertEquals(32, s.path("cost").path("amount").asInt(), "both calls' credits");
  }
}
