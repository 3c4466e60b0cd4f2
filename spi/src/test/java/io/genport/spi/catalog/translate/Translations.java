package io.genport.spi.catalog.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.Adaptation;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.catalog.NativeTranslator;
import io.genport.spi.catalog.Translation;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Shared helpers for the translator tests over {@code catalog/seed-models.json}. */
final class Translations {
  /** The provider name whose extensions the tests set. */
  static final String PROVIDER = "test";

  static final String PROMPT = "a red fox in fresh snow";

  static final ModelCatalog CATALOG =
      ModelCatalog.fromResource(Translations.class, "/catalog/seed-models.json");

  private static final ObjectMapper JSON = new ObjectMapper();

  private Translations() {}

  static GenerationRequest.Builder request() {
    return GenerationRequest.builder(PROMPT);
  }

  /** Translates with a fixed random generator, so drawn seeds are reproducible. */
  static Translation translate(String model, GenerationRequest.Builder request) {
    return translate(CATALOG.require(model), request);
  }

  static Translation translate(ModelSpec spec, GenerationRequest.Builder request) {
    return NativeTranslator.translate(request.build(), spec, PROVIDER, new SplittableRandom(1));
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A body as the vendor receives it: serialised and parsed back. */
  static JsonNode wire(JsonNode body) {
    try {
      return JSON.readTree(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts the exact native bodies, one per call, compared as parsed JSON trees. */
  static void assertBodies(Translation t, String... expected) {
    List<JsonNode> want = new ArrayList<>();
    for (String e : expected) {
      want.add(json(e));
    }
    List<JsonNode> got = new ArrayList<>();
    t.bodies().forEach(b -> got.add(wire(b)));
    assertEquals(want, got);
  }

  /** Asserts the exact adaptations, as their one-line text, in order. */
  static void assertAdaptations(Translation t, String... expected) {
    assertEquals(List.of(expected), t.adaptations().stream().map(Adaptation::toString).toList());
  }

  static List<Long> seeds(Translation t) {
    return t.negotiated().parts().stream().map(CallPart::seed).toList();
  }

  static List<Integer> counts(Translation t) {
    return t.negotiated().parts().stream().map(CallPart::count).toList();
  }
}
