package io.genport.toolkit;

import io.genport.spi.catalog.ModelCatalog;

/** A tiny catalog for the toolkit's tests: two listed models and a generic entry between them. */
final class TestCatalog {
  /**
   * {@code tiny}: free dimensions (256..1024, multiples of 64, 512x512 by default) and a seed;
   * {@code generic}: any model the vendor takes; {@code plain}: a prompt and nothing else.
   */
  static final String JSON =
      """
      {"provider": "acme",
       "models": [
         {"id": "tiny", "name": "Tiny", "endpoint": "acme/tiny",
          "params": [
            {"name": "prompt", "type": "string", "required": true},
            {"name": "width", "type": "integer", "default": 512},
            {"name": "height", "type": "integer", "default": 512},
            {"name": "seed", "type": "integer"}],
          "prompt": "prompt",
          "size": {"kind": "dimensions", "width": "width", "height": "height",
                   "min": 256, "max": 1024, "multiple": 64, "default": "512x512"},
          "seed": {"param": "seed"}},
         {"id": "generic", "name": "Any Acme model",
          "params": [{"name": "prompt", "type": "string", "required": true}],
          "prompt": "prompt"},
         {"id": "plain",
          "params": [{"name": "prompt", "type": "string", "required": true}],
          "prompt": "prompt"}
       ]}
      """;

  private TestCatalog() {}

  static ModelCatalog catalog() {
    return ModelCatalog.parse(JSON, "test");
  }
}
