package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void listsEveryCatalogModelWithSizesCountSeedAndFields() throws Exception {
    CliRun r = CliRun.run("models", "--json");
    assertEquals(0, r.status(), r.err());
    JsonNode p = JSON.readTree(r.out()).path("providers").get(0);
    assertEquals("test", p.path("provider").asText());
    assertEquals(List.of("tiny", "dims"), p.path("models").findValuesAsText("id"));
    JsonNode tiny = p.path("models").get(0);
    assertEquals("presets", tiny.path("size").path("kind").asText());
    assertTrue(tiny.path("size").path("options").asText().startsWith("presets square_hd"));
    assertTrue(tiny.path("maxImagesPerCall").asInt() >= 1);
    assertEquals("integer", tiny.path("seed").path("type").asText());
    assertTrue(tiny.path("fields").toString().contains("seed"));
    JsonNode dims = p.path("models").get(1);
    assertEquals("dimensions", dims.path("size").path("kind").asText());
  }

  @Test
  void textNamesEachModelAndAnUnknownProviderIsAnInputError() {
    CliRun r = CliRun.run("models");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("  tiny\n    size:   presets"), r.out());
    assertTrue(r.out().contains("    fields: prompt"), r.out());
    CliRun bad = CliRun.run("models", "--provider", "nope");
    assertEquals(2, bad.status());
    assertTrue(bad.err().startsWith("genport: provider: unknown provider 'nope'"), bad.err());
  }
}
