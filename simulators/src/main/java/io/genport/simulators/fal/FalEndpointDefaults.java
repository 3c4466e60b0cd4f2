package io.genport.simulators.fal;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The table of documented per-endpoint defaults, {@code fal-endpoints.json}, read once. */
final class FalEndpointDefaults {
  static final String RESOURCE = "io/genport/simulators/fal/fal-endpoints.json";

  private static final JsonNode TABLE = load();

  private FalEndpointDefaults() {}

  /** One object per endpoint: {@code endpoint}, and {@code output_format}/{@code image_size}. */
  static JsonNode table() {
    return TABLE;
  }

  private static JsonNode load() {
    try (InputStream in =
        FalEndpointDefaults.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return Json.mapper().readTree(in).path("endpoints");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
