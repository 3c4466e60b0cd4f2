package io.genport.core.domain.negotiation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.Size;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Per-call maximums that depend on the size, and how the negotiator splits a count by them. */
class CountLimitTest {
  private static final RandomGenerator NO_DRAW =
      () -> {
        throw new AssertionError("no seed should be drawn");
      };

  /** Leonardo's rule: 32..1536 in multiples of 8; 1..8 images, at most 4 above 768 a side. */
  private static ModelCapabilities leonardoLike(SizeCapability size) {
    return new ModelCapabilities(
        size,
        8,
        SeedSpec.integer(0, 9_999_999_998L),
        Set.of(),
        Set.of(),
        null,
        true,
        null,
        null,
        0,
        false,
        List.of(CountLimit.aboveSide(768, 4)));
  }

  private static final ModelCapabilities LEONARDO =
      leonardoLike(
          new SizeCapability.FreeDimensions(
              DimensionRule.of(32, 1536, 8), new PixelSize(1024, 768)));

  private static NegotiatedRequest negotiate(GenerationRequest r, ModelCapabilities m) {
    return RequestNegotiator.negotiate(r, m, NO_DRAW);
  }

  private static List<Adaptation> countAdaptations(NegotiatedRequest n) {
    return n.adaptations().stream().filter(a -> a.field() == RequestField.COUNT).toList();
  }

  @Test
  void eightLargeImagesAreSplitIntoFourAndFourWithDistinctSeeds() {
    NegotiatedRequest n =
        negotiate(
            GenerationRequest.builder("a castle")
                .size(Size.exact(1024, 1024))
                .count(8)
                .seed(100L)
                .build(),
            LEONARDO);

    assertEquals(List.of(new CallPart(0, 4, 100L, 0), new CallPart(1, 4, 104L, 4)), n.parts());
    Adaptation a = countAdaptations(n).get(0);
    assertEquals("8", a.requested());
    assertEquals("2 calls (4+4)", a.applied());
    assertEquals(
        "the model returns at most 4 images per call when a side exceeds 768 px (1024x1024), 8"
            + " otherwise; each call gets its own seed",
        a.reason());
  }

  @Test
  void eightSmallImagesAreOneCall() {
    NegotiatedRequest n =
        negotiate(
            GenerationRequest.builder("a castle")
                .size(Size.exact(768, 768))
                .count(8)
                .seed(1L)
                .build(),
            LEONARDO);

    assertEquals(List.of(new CallPart(0, 8, 1L, 0)), n.parts());
    assertEquals(List.of(), countAdaptations(n));
  }

  @Test
  void oneLongSideIsEnoughForTheLimit() {
    NegotiatedRequest n =
        negotiate(
            GenerationRequest.builder("a castle")
                .size(Size.exact(512, 776))
                .count(5)
                .seed(1L)
                .build(),
            LEONARDO);

    assertEquals(List.of(4, 1), n.parts().stream().map(CallPart::count).toList());
  }

  @Test
  void aCountWithinTheLimitIsOneCallAtAnySize() {
    NegotiatedRequest n =
        negotiate(
            GenerationRequest.builder("a castle")
                .size(Size.exact(1536, 1536))
                .count(3)
                .seed(1L)
                .build(),
            LEONARDO);

    assertEquals(List.of(new CallPart(0, 3, 1L, 0)), n.parts());
  }

  @Test
  void theLimitFollowsTheNegotiatedSizeNotTheRequestedOne() {
    // 2000x1000 is fitted within 1536: still above 768 a side.
    NegotiatedRequest big =
        negotiate(
            GenerationRequest.builder("a castle")
                .size(Size.exact(2000, 1000))
                .count(6)
                .seed(1L)
                .build(),
            LEONARDO);
    PixelSize planned = big.size().choice().pixels();
    assertTrue(planned.width() <= 1536 && planned.width() % 8 == 0, planned.toString());
    assertEquals(List.of(4, 2), big.parts().stream().map(CallPart::count).toList());

    // The model default (1024x768) is above 768 too.
    NegotiatedRequest byDefault =
        negotiate(GenerationRequest.builder("a castle").count(6).seed(1L).build(), LEONARDO);
    assertEquals(new PixelSize(1024, 768), byDefault.size().choice().pixels());
    assertEquals(List.of(4, 2), byDefault.parts().stream().map(CallPart::count).toList());
  }

  @Test
  void anUnknownSizeTakesTheStrictestLimit() {
    ModelCapabilities unknownSize = leonardoLike(new SizeCapability.NoSize(null));
    NegotiatedRequest n =
        negotiate(GenerationRequest.builder("a castle").count(8).seed(1L).build(), unknownSize);

    assertEquals(List.of(4, 4), n.parts().stream().map(CallPart::count).toList());
    assertTrue(
        countAdaptations(n).get(0).reason().contains("the size is not known before the call"),
        countAdaptations(n).get(0).reason());
    assertEquals(4, unknownSize.maxImagesPerCall(null));
  }

  @Test
  void aPixelCountLimitAppliesStrictlyAboveItsThreshold() {
    CountLimit l = CountLimit.abovePixels(1024L * 1024L, 2);
    assertFalse(l.appliesTo(new PixelSize(1024, 1024)));
    assertTrue(l.appliesTo(new PixelSize(1032, 1024)));
    assertEquals("above 1,048,576 pixels", l.condition());

    CountLimit side = CountLimit.aboveSide(768, 4);
    assertFalse(side.appliesTo(new PixelSize(768, 768)));
    assertTrue(side.appliesTo(new PixelSize(776, 8)));
  }

  @Test
  void theSmallestApplicableLimitWins() {
    ModelCapabilities tiers =
        new ModelCapabilities(
            new SizeCapability.NoSize(null),
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
            List.of(CountLimit.aboveSide(768, 4), CountLimit.aboveSide(1024, 2)));

    assertEquals(8, tiers.maxImagesPerCall(new PixelSize(768, 512)));
    assertEquals(4, tiers.maxImagesPerCall(new PixelSize(1024, 512)));
    assertEquals(2, tiers.maxImagesPerCall(new PixelSize(1032, 512)));
  }

  @Test
  void capabilitiesWithoutLimitsKeepOneMaximum() {
    ModelCapabilities plain =
        new ModelCapabilities(
            new SizeCapability.NoSize(null),
            4,
            SeedSpec.none(),
            Set.of(),
            Set.of(),
            null,
            false,
            null,
            null,
            0,
            false);

    assertEquals(List.of(), plain.countLimits());
    assertEquals(4, plain.maxImagesPerCall(new PixelSize(4096, 4096)));
    assertEquals(4, plain.maxImagesPerCall(null));
  }

  @Test
  void invalidLimitsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> CountLimit.aboveSide(0, 4));
    assertThrows(IllegalArgumentException.class, () -> CountLimit.aboveSide(768, 0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ModelCapabilities(
                new SizeCapability.NoSize(null),
                4,
                SeedSpec.none(),
                Set.of(),
                Set.of(),
                null,
                false,
                null,
                null,
                0,
                false,
                List.of(CountLimit.aboveSide(768, 4))),
        "a limit must be below the model's maximum");
  }
}
