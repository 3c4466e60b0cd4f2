package io.genport.spi.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.spi.ProviderConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfiguredModelsTest {
  private static String catalog(String id, String endpoint) {
    return "{\"models\":[{\"id\":\""
        + id
        + "\",\"endpoint\":\""
        + endpoint
        + "\","
        + "\"params\":[{\"name\":\"prompt\",\"type\":\"string\",\"required\":true},"
        + "{\"name\":\"width\",\"type\":\"integer\"},{\"name\":\"height\",\"type\":\"integer\"}],"
        + "\"prompt\":\"prompt\","
        + "\"size\":{\"kind\":\"dimensions\",\"width\":\"width\",\"height\":\"height\","
        + "\"min\":64,\"max\":2048,\"multiple\":64}}]}";
  }

  private final ModelCatalog builtIn =
      ModelCatalog.parse(
          "{\"models\":["
              + entry("a", "vendor/a")
              + ",{\"id\":\"b\",\"params\":[{\"name\":\"prompt\",\"type\":\"string\"}],"
              + "\"prompt\":\"prompt\"}]}",
          "built-in");

  private static String entry(String id, String endpoint) {
    String c = catalog(id, endpoint);
    return c.substring("{\"models\":[".length(), c.length() - "]}".length());
  }

  @Test
  void withoutTheKeyTheCatalogIsUnchanged() {
    assertSame(builtIn, builtIn.withConfiguredModels(ProviderConfig.empty()));
  }

  @Test
  void configuredModelsAreAddedAndReplaceBuiltInOnesWithTheSameId() {
    ModelCatalog merged =
        builtIn.withConfiguredModels(
            new ProviderConfig(
                Map.of(
                    ModelCatalog.CONFIG_KEY,
                    catalog("mine", "acme/mine").replace("]}]}", "]},").replace("]},", "]}]}"))));
    assertEquals(List.of("a", "b", "mine"), List.copyOf(merged.models().keySet()));
    ModelCatalog replaced =
        builtIn.withConfiguredModels(
            new ProviderConfig(Map.of(ModelCatalog.CONFIG_KEY, catalog("a", "acme/other-a"))));
    assertEquals("acme/other-a", replaced.require("a").endpoint());
  }

  @Test
  void malformedConfiguredModelsNameTheEntryAndField() {
    CatalogFormatException e =
        assertThrows(
            CatalogFormatException.class,
            () ->
                builtIn.withConfiguredModels(
                    new ProviderConfig(
                        Map.of(
                            ModelCatalog.CONFIG_KEY,
                            catalog("x", "y").replace("\"min\":64", "\"min\":\"low\"")))));
    assertEquals("x", e.model());
    assertTrue(e.getMessage().contains("configuration key 'models'"), e.getMessage());
  }
}
