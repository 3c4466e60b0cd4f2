package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.negotiation.CountLimit;
import io.genport.core.domain.negotiation.DimensionRule;
import io.genport.core.domain.negotiation.ModelCapabilities;
import io.genport.core.domain.negotiation.SeedSpec;
import io.genport.core.domain.negotiation.SizeCapability;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code models} shows a per-call maximum that depends on the size. */
class CapabilityViewCountLimitTest {
  private static ModelCapabilities caps(List<CountLimit> limits) {
    return new ModelCapabilities(
        new SizeCapability.FreeDimensions(DimensionRule.of(32, 1536, 8), new PixelSize(1024, 768)),
        8,
        SeedSpec.none(),
        Set.of(),
        Set.of(),
        null,
        false,
        null,
        null,
        0,
        false,
        limits);
  }

  @Test
  void theTextAndTheJsonNameTheSmallerMaximumForLargeImages() {
    ModelCapabilities c = caps(List.of(CountLimit.aboveSide(768, 4)));
    assertEquals("8, 4 when a side exceeds 768 px", CapabilityView.count(c));
    JsonNode j = CapabilityView.json(new ObjectMapper(), "m", c);
    assertEquals(8, j.path("maxImagesPerCall").asInt());
    assertEquals(4, j.path("countLimits").get(0).path("max").asInt());
    assertEquals("when a side exceeds 768 px", j.path("countLimits").get(0).path("when").asText());
  }

  @Test
  void withoutLimitsNothingChanges() {
    ModelCapabilities c = caps(List.of());
    assertEquals("8", CapabilityView.count(c));
    assertFalse(CapabilityView.json(new ObjectMapper(), "m", c).has("countLimits"));
  }
}
