package io.genport.core.domain.negotiation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.ReferenceImage;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.SafetyLevel;
import io.genport.core.domain.Size;
import io.genport.core.domain.UnsupportedCapabilityException;
import java.net.URI;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RequestNegotiatorTest {

  private static final long INT_MAX = Integer.MAX_VALUE;

  /** A generator that fails the test if the negotiator draws from it. */
  private static final RandomGenerator NO_DRAW =
      () -> {
        throw new AssertionError("no seed should be drawn");
      };

  // ---------------------------------------------------------------- model fixtures

  /** A model that can do everything; tests take away what they need. */
  private static final class Model {
    SizeCapability size =
        new SizeCapability.FreeDimensions(
            DimensionRule.of(320, 4096, 16).withPixels(0, 4_194_304L).withRatios(0.25, 4.0),
            new PixelSize(1024, 1024));
    int perCall = 4;
    SeedSpec seed = SeedSpec.integer(0, SeedSpec.UINT32_MAX);
    Set<SafetyLevel> safety = EnumSet.allOf(SafetyLevel.class);
    Set<ImageFormat> formats = EnumSet.allOf(ImageFormat.class);
    ModelCapabilities.Range quality = ModelCapabilities.Range.wholeNumbers(0, 100);
    boolean negative = true;
    ModelCapabilities.Range steps = new ModelCapabilities.Range(1, 50);
    ModelCapabilities.Range guidance = new ModelCapabilities.Range(0, 20);
    int refs = 1;
    boolean mask = true;

    ModelCapabilities build() {
      return ModelCapabilities.builder(size)
          .maxImagesPerCall(perCall)
          .seed(seed)
          .safetyLevels(safety)
          .formats(formats)
          .quality(quality)
          .negativePrompt(negative)
          .steps(steps)
          .guidance(guidance)
          .maxReferenceImages(refs)
          .mask(mask)
          .build();
    }
  }

  private static ModelCapabilities model(UnaryOperator<Model> change) {
    return change.apply(new Model()).build();
  }

  private static final ModelCapabilities FULL = new Model().build();

  private static GenerationRequest.Builder request() {
    return GenerationRequest.builder("a lighthouse at dusk");
  }

  private static NegotiatedRequest negotiate(GenerationRequest r, ModelCapabilities m) {
    return RequestNegotiator.negotiate(r, m, NO_DRAW);
  }

  private static List<Adaptation> adaptations(NegotiatedRequest n, RequestField field) {
    return n.adaptations().stream().filter(a -> a.field() == field).toList();
  }

  private static Adaptation only(NegotiatedRequest n, RequestField field) {
    List<Adaptation> list = adaptations(n, field);
    assertEquals(1, list.size(), () -> "adaptations on " + field + ": " + n.adaptations());
    return list.get(0);
  }

  private static void assertAdaptation(
      Adaptation a, RequestField field, String requested, String applied, String reason) {
    assertEquals(new Adaptation(field, requested, applied, reason), a);
  }

  // ---------------------------------------------------------------- everything honoured

  @Test
  void aRequestTheModelCanDoIsPassedThroughUnchanged() {
    GenerationRequest r =
        request()
            .negativePrompt("fog")
            .size(Size.exact(1024, 768))
            .count(3)
            .seed(7L)
            .safety(SafetyLevel.STRICT)
            .format(ImageFormat.JPEG, 85)
            .steps(28)
            .guidance(3.5)
            .referenceImage(ReferenceImage.of(URI.create("https://x.test/r.png")))
            .mask(ReferenceImage.of(URI.create("https://x.test/m.png")))
            .build();
    NegotiatedRequest n = negotiate(r, FULL);

    assertEquals(List.of(), n.adaptations());
    assertEquals(r, n.request());
    assertEquals(new SizeChoice.Custom(new PixelSize(1024, 768)), n.size().choice());
    assertEquals(List.of(new CallPart(0, 3, 7L, 0)), n.parts());
    assertEquals(SafetyLevel.STRICT, n.safety());
    assertEquals(ImageFormat.JPEG, n.format());
    assertEquals(85, n.quality());
    assertEquals("fog", n.negativePrompt());
    assertEquals(28, n.steps());
    assertEquals(3.5, n.guidance());
  }

  @Test
  void unsetOptionalFieldsStayUnset() {
    NegotiatedRequest n = negotiate(request().seed(1L).build(), FULL);
    assertEquals(List.of(), n.adaptations());
    assertNull(n.format());
    assertNull(n.quality());
    assertNull(n.negativePrompt());
    assertNull(n.steps());
    assertNull(n.guidance());
    assertEquals(SafetyLevel.STANDARD, n.safety());
    assertEquals(new SizeChoice.ModelDefault(new PixelSize(1024, 1024)), n.size().choice());
  }

  // ---------------------------------------------------------------- seeds

  @Test
  void seedZeroIsSentAsZero() {
    NegotiatedRequest n = negotiate(request().seed(0L).build(), FULL);
    assertEquals(0L, n.parts().get(0).seed());
    assertEquals(List.of(), n.adaptations());
  }

  @Test
  void missingSeedIsDrawnFromTheInjectedGenerator() {
    GenerationRequest r = request().build();
    long a = RequestNegotiator.negotiate(r, FULL, new SplittableRandom(42)).parts().get(0).seed();
    long b = RequestNegotiator.negotiate(r, FULL, new SplittableRandom(42)).parts().get(0).seed();
    assertEquals(a, b, "the same generator state must give the same seed");
    assertEquals(new SplittableRandom(42).nextLong(0, INT_MAX + 1), a);
    long c = RequestNegotiator.negotiate(r, FULL, new SplittableRandom(43)).parts().get(0).seed();
    assertNotEquals(a, c);
    assertEquals(
        List.of(),
        RequestNegotiator.negotiate(r, FULL, new SplittableRandom(42)).adaptations(),
        "a drawn seed is not an adaptation");
  }

  @Test
  void drawnSeedsAreInZeroToTwoPow31MinusOneEvenWhenTheModelTakesMore() {
    Random random = new Random(2024);
    GenerationRequest r = request().build();
    ModelCapabilities wide = model(m -> seed(m, SeedSpec.integer(Long.MIN_VALUE, Long.MAX_VALUE)));
    for (int i = 0; i < 2_000; i++) {
      long s = RequestNegotiator.negotiate(r, FULL, random).parts().get(0).seed();
      assertTrue(s >= 0 && s <= INT_MAX, "drawn seed out of range: " + s);
      long w = RequestNegotiator.negotiate(r, wide, random).parts().get(0).seed();
      assertTrue(w >= 0 && w <= INT_MAX, "drawn seed out of range: " + w);
    }
  }

  @Test
  void drawnSeedsRespectANarrowerModelRange() {
    Random random = new Random(7);
    ModelCapabilities narrow = model(m -> seed(m, SeedSpec.integer(100, 200)));
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      long s = RequestNegotiator.negotiate(request().build(), narrow, random).parts().get(0).seed();
      assertTrue(s >= 100 && s <= 200, "drawn seed out of range: " + s);
      seen.add(s);
    }
    assertTrue(seen.contains(100L) && seen.contains(200L), "both ends should be reachable");
    ModelCapabilities single = model(m -> seed(m, SeedSpec.integer(5, 5)));
    assertEquals(5L, negotiate(request().build(), single).parts().get(0).seed());
  }

  @Test
  void outOfRangeSeedIsWrappedAndReported() {
    ModelCapabilities int31 = model(m -> seed(m, SeedSpec.integer(0, INT_MAX)));
    NegotiatedRequest n = negotiate(request().seed(INT_MAX + 1).build(), int31);
    assertEquals(0L, n.parts().get(0).seed());
    assertAdaptation(
        only(n, RequestField.SEED),
        RequestField.SEED,
        "2147483648",
        "0",
        "the model accepts seeds 0..2147483647");

    NegotiatedRequest neg = negotiate(request().seed(-1L).build(), FULL);
    assertEquals(SeedSpec.UINT32_MAX, neg.parts().get(0).seed());
    assertAdaptation(
        only(neg, RequestField.SEED),
        RequestField.SEED,
        "-1",
        "4294967295",
        "the model accepts seeds 0..4294967295");
  }

  @Test
  void outOfRangeSeedUnderRequiredThrows() {
    ModelCapabilities int31 = model(m -> seed(m, SeedSpec.integer(0, INT_MAX)));
    UnsupportedCapabilityException e =
        assertThrows(
            UnsupportedCapabilityException.class,
            () -> negotiate(request().seed(INT_MAX + 1).require(RequestField.SEED).build(), int31));
    assertEquals(RequestField.SEED, e.field());
    assertEquals(
        "seed: 2147483648 is required but cannot be honoured: the model accepts seeds"
            + " 0..2147483647",
        e.getMessage());
    // in range, REQUIRED is fine
    assertEquals(
        5L,
        negotiate(request().seed(5L).require(RequestField.SEED).build(), int31)
            .parts()
            .get(0)
            .seed());
  }

  /** Fooocus reads image_seed -1 as "random"; its real seeds are 0 and up. */
  private static final SeedSpec FOOOCUS_SEED =
      new SeedSpec(SeedSpec.Type.INTEGER, 0, SeedSpec.UINT32_MAX, -1L);

  /** Stability reads seed 0 as "random", inside its range 0..4294967294. */
  private static final SeedSpec STABILITY_SEED =
      new SeedSpec(SeedSpec.Type.INTEGER, 0, 4_294_967_294L, 0L);

  @Test
  void randomSentinelIsNotSentAsIs() {
    ModelCapabilities fooocus = model(m -> seed(m, FOOOCUS_SEED));
    NegotiatedRequest n = negotiate(request().seed(-1L).build(), fooocus);
    assertEquals(0L, n.parts().get(0).seed());
    assertAdaptation(
        only(n, RequestField.SEED),
        RequestField.SEED,
        "-1",
        "0",
        "-1 means 'random' to this model");

    ModelCapabilities stability = model(m -> seed(m, STABILITY_SEED));
    NegotiatedRequest s = negotiate(request().seed(0L).build(), stability);
    assertEquals(1L, s.parts().get(0).seed());
    assertAdaptation(
        only(s, RequestField.SEED), RequestField.SEED, "0", "1", "0 means 'random' to this model");
  }

  @Test
  void randomSentinelUnderRequiredThrows() {
    ModelCapabilities fooocus = model(m -> seed(m, FOOOCUS_SEED));
    UnsupportedCapabilityException e =
        assertThrows(
            UnsupportedCapabilityException.class,
            () -> negotiate(request().seed(-1L).require(RequestField.SEED).build(), fooocus));
    assertEquals(RequestField.SEED, e.field());
    assertTrue(e.getMessage().contains("-1 means 'random' to this model"), e.getMessage());
  }

  @Test
  void aDrawnSeedIsNeverTheRandomSentinel() {
    // a generator that always yields the low end of the range would draw 0, Stability's "random"
    RandomGenerator lowest = () -> 0L;
    ModelCapabilities stability = model(m -> seed(m, STABILITY_SEED));
    NegotiatedRequest n = RequestNegotiator.negotiate(request().build(), stability, lowest);
    assertEquals(1L, n.parts().get(0).seed());
    assertEquals(List.of(), n.adaptations());
  }

  @Test
  void splitSeedsSkipTheRandomSentinelWhenTheyWrap() {
    // 4294967291 + 4 = 4294967295 is past the end; wrapping must not land on 0 ("random")
    List<CallPart> parts = RequestNegotiator.split(8, 4, 4_294_967_291L, STABILITY_SEED);
    assertEquals(4_294_967_291L, parts.get(0).seed());
    assertEquals(1L, parts.get(1).seed());
    List<CallPart> ones = RequestNegotiator.split(6, 1, 4_294_967_292L, STABILITY_SEED);
    assertEquals(
        List.of(4_294_967_292L, 4_294_967_293L, 4_294_967_294L, 1L, 2L, 3L),
        ones.stream().map(CallPart::seed).toList());
  }

  @Test
  void aModelWithoutSeedGetsNoSeedAndReportsARequestedOne() {
    ModelCapabilities noSeed = model(m -> seed(m, SeedSpec.none()));
    NegotiatedRequest n = negotiate(request().seed(42L).count(6).build(), noSeed);
    for (CallPart p : n.parts()) {
      assertNull(p.seed());
    }
    assertAdaptation(
        only(n, RequestField.SEED),
        RequestField.SEED,
        "42",
        "not sent",
        "the model takes no seed; results are not reproducible");

    NegotiatedRequest none = negotiate(request().build(), noSeed);
    assertNull(none.parts().get(0).seed());
    assertEquals(List.of(), none.adaptations());

    assertThrows(
        UnsupportedCapabilityException.class,
        () -> negotiate(request().seed(42L).require(RequestField.SEED).build(), noSeed));
  }

  // ---------------------------------------------------------------- count split

  @Test
  void countAboveThePerCallMaximumIsSplitWithDerivedSeeds() {
    NegotiatedRequest n = negotiate(request().count(10).seed(1000L).build(), FULL);
    assertEquals(
        List.of(
            new CallPart(0, 4, 1000L, 0),
            new CallPart(1, 4, 1004L, 4),
            new CallPart(2, 2, 1008L, 8)),
        n.parts());
    assertAdaptation(
        only(n, RequestField.COUNT),
        RequestField.COUNT,
        "10",
        "3 calls (4+4+2)",
        "the model returns at most 4 images per call; each call gets its own seed");
  }

  @Test
  void splittingIsNotAnErrorEvenThoughCountIsRequiredByDefault() {
    GenerationRequest r = request().count(10).seed(1L).build();
    assertTrue(r.isRequired(RequestField.COUNT));
    assertEquals(3, negotiate(r, FULL).parts().size());
  }

  @Test
  void splittingDerivesSeedsFromADrawnSeedToo() {
    NegotiatedRequest n =
        RequestNegotiator.negotiate(request().count(10).build(), FULL, new SplittableRandom(1));
    long s = n.parts().get(0).seed();
    assertEquals(new SplittableRandom(1).nextLong(0, INT_MAX + 1), s);
    assertEquals(List.of(s, s + 4, s + 8), n.parts().stream().map(CallPart::seed).toList());
  }

  @Test
  void oneImagePerCallSaysImageInTheSingular() {
    ModelCapabilities one = model(m -> perCall(m, 1));
    NegotiatedRequest n = negotiate(request().count(3).seed(5L).build(), one);
    assertEquals(
        List.of(new CallPart(0, 1, 5L, 0), new CallPart(1, 1, 6L, 1), new CallPart(2, 1, 7L, 2)),
        n.parts());
    assertEquals(
        "the model returns at most 1 image per call; each call gets its own seed",
        only(n, RequestField.COUNT).reason());
    assertEquals("3 calls (1+1+1)", only(n, RequestField.COUNT).applied());
  }

  @Test
  void aLongSplitIsSummarisedInsteadOfSpelledOut() {
    ModelCapabilities one = model(m -> perCall(m, 1));
    assertEquals(
        "20 calls of 1",
        only(negotiate(request().count(20).seed(5L).build(), one), RequestField.COUNT).applied());
    assertEquals(
        "5 calls of 4, the last of 2",
        only(negotiate(request().count(18).seed(5L).build(), FULL), RequestField.COUNT).applied());
    assertEquals(
        "4 calls (4+4+4+1)",
        only(negotiate(request().count(13).seed(5L).build(), FULL), RequestField.COUNT).applied(),
        "a short split is still spelled out");
  }

  @Test
  void countWithinThePerCallMaximumIsOneCall() {
    NegotiatedRequest n = negotiate(request().count(4).seed(9L).build(), FULL);
    assertEquals(List.of(new CallPart(0, 4, 9L, 0)), n.parts());
    assertEquals(List.of(), adaptations(n, RequestField.COUNT));
  }

  @Test
  void noTwoPartsShareASeedAndImagesAddUp() {
    List<CallPart> parts =
        RequestNegotiator.split(100, 3, 123L, SeedSpec.integer(0, SeedSpec.UINT32_MAX));
    assertEquals(34, parts.size());
    Set<Long> seeds = new HashSet<>();
    int next = 0;
    for (int i = 0; i < parts.size(); i++) {
      CallPart p = parts.get(i);
      assertEquals(i, p.index());
      assertEquals(next, p.firstImage());
      assertEquals(123L + 3L * i, p.seed());
      assertTrue(seeds.add(p.seed()), "seed repeated: " + p.seed());
      next += p.count();
    }
    assertEquals(100, next);
    assertEquals(1, parts.get(33).count());
  }

  @Test
  void derivedSeedsWrapAtTheEndOfTheRange() {
    SeedSpec int31 = SeedSpec.integer(0, INT_MAX);
    List<CallPart> parts = RequestNegotiator.split(10, 4, INT_MAX - 1, int31);
    assertEquals(List.of(INT_MAX - 1, 2L, 6L), parts.stream().map(CallPart::seed).toList());

    SeedSpec shifted = SeedSpec.integer(10, 19);
    assertEquals(
        List.of(18L, 10L, 12L, 14L),
        RequestNegotiator.split(8, 2, 18L, shifted).stream().map(CallPart::seed).toList());
  }

  @Test
  void splitWithoutSeedGivesNullSeeds() {
    List<CallPart> parts = RequestNegotiator.split(5, 2, null, SeedSpec.none());
    assertEquals(
        List.of(
            new CallPart(0, 2, null, 0), new CallPart(1, 2, null, 2), new CallPart(2, 1, null, 4)),
        parts);
  }

  @Test
  void splitRejectsNonPositiveArguments() {
    assertThrows(
        IllegalArgumentException.class, () -> RequestNegotiator.split(0, 4, 1L, SeedSpec.none()));
    assertThrows(
        IllegalArgumentException.class, () -> RequestNegotiator.split(4, 0, 1L, SeedSpec.none()));
  }

  // ---------------------------------------------------------------- safety

  static Stream<Arguments> safetyMappings() {
    Set<SafetyLevel> falChecker = EnumSet.of(SafetyLevel.STANDARD, SafetyLevel.OFF);
    Set<SafetyLevel> strictRelaxed = EnumSet.of(SafetyLevel.STRICT, SafetyLevel.RELAXED);
    Set<SafetyLevel> loose = EnumSet.of(SafetyLevel.RELAXED, SafetyLevel.OFF);
    Set<SafetyLevel> all = EnumSet.allOf(SafetyLevel.class);
    return Stream.of(
        Arguments.of(all, SafetyLevel.STRICT, SafetyLevel.STRICT, false),
        Arguments.of(all, SafetyLevel.OFF, SafetyLevel.OFF, false),
        Arguments.of(falChecker, SafetyLevel.STANDARD, SafetyLevel.STANDARD, false),
        Arguments.of(falChecker, SafetyLevel.OFF, SafetyLevel.OFF, false),
        // nothing stricter than STRICT: nearest looser
        Arguments.of(falChecker, SafetyLevel.STRICT, SafetyLevel.STANDARD, true),
        // nearest stricter first
        Arguments.of(falChecker, SafetyLevel.RELAXED, SafetyLevel.STANDARD, true),
        Arguments.of(strictRelaxed, SafetyLevel.STANDARD, SafetyLevel.STRICT, true),
        Arguments.of(strictRelaxed, SafetyLevel.OFF, SafetyLevel.RELAXED, true),
        Arguments.of(loose, SafetyLevel.STRICT, SafetyLevel.RELAXED, true),
        Arguments.of(loose, SafetyLevel.STANDARD, SafetyLevel.RELAXED, true),
        Arguments.of(EnumSet.of(SafetyLevel.OFF), SafetyLevel.STRICT, SafetyLevel.OFF, true),
        Arguments.of(EnumSet.of(SafetyLevel.STRICT), SafetyLevel.OFF, SafetyLevel.STRICT, true));
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @MethodSource("safetyMappings")
  void safetyMapsToTheNearestStricterElseLooserLevel(
      Set<SafetyLevel> levels, SafetyLevel wanted, SafetyLevel expected, boolean adapted) {
    ModelCapabilities m = model(c -> safety(c, levels));
    NegotiatedRequest n = negotiate(request().seed(1L).safety(wanted).build(), m);
    assertEquals(expected, n.safety());
    if (!adapted) {
      assertEquals(List.of(), n.adaptations());
      return;
    }
    assertAdaptation(
        only(n, RequestField.SAFETY),
        RequestField.SAFETY,
        wanted.name(),
        expected.name(),
        "the model supports only "
            + levels.stream().sorted().toList()
            + "; the nearest stricter level is used where there is one");
    UnsupportedCapabilityException e =
        assertThrows(
            UnsupportedCapabilityException.class,
            () ->
                negotiate(
                    request().seed(1L).safety(wanted).require(RequestField.SAFETY).build(), m));
    assertEquals(RequestField.SAFETY, e.field());
    assertTrue(e.getMessage().startsWith("safety: " + wanted.name() + " is required"));
  }

  @Test
  void noSafetySettingReportsOnlyNonStandardRequests() {
    ModelCapabilities noSafety = model(c -> safety(c, Set.of()));

    NegotiatedRequest standard = negotiate(request().seed(1L).build(), noSafety);
    assertNull(standard.safety());
    assertEquals(List.of(), standard.adaptations());

    for (SafetyLevel level : List.of(SafetyLevel.STRICT, SafetyLevel.RELAXED, SafetyLevel.OFF)) {
      NegotiatedRequest n = negotiate(request().seed(1L).safety(level).build(), noSafety);
      assertNull(n.safety());
      assertAdaptation(
          only(n, RequestField.SAFETY),
          RequestField.SAFETY,
          level.name(),
          "vendor default",
          "the model has no safety setting");
    }
  }

  @Test
  void noSafetySettingUnderRequired() {
    ModelCapabilities noSafety = model(c -> safety(c, Set.of()));
    assertThrows(
        UnsupportedCapabilityException.class,
        () ->
            negotiate(
                request().seed(1L).safety(SafetyLevel.STRICT).require(RequestField.SAFETY).build(),
                noSafety));
    // STANDARD is what the vendor default stands for: nothing to report, so nothing to fail
    NegotiatedRequest n =
        negotiate(request().seed(1L).require(RequestField.SAFETY).build(), noSafety);
    assertNull(n.safety());
    assertEquals(List.of(), n.adaptations());
  }

  // ---------------------------------------------------------------- format and quality

  @Test
  void supportedFormatAndQualityArePassed() {
    NegotiatedRequest n = negotiate(request().seed(1L).format(ImageFormat.WEBP, 70).build(), FULL);
    assertEquals(ImageFormat.WEBP, n.format());
    assertEquals(70, n.quality());
    assertEquals(List.of(), n.adaptations());
  }

  @ParameterizedTest
  @CsvSource({
    "100, 95, the model accepts quality 50..95",
    "10, 50, the model accepts quality 50..95",
    "70, 70, "
  })
  void qualityOutsideTheModelsRangeIsClampedOnce(int requested, int applied, String reason) {
    ModelCapabilities m = model(c -> quality(c, ModelCapabilities.Range.wholeNumbers(50, 95)));
    NegotiatedRequest n =
        negotiate(request().seed(1L).format(ImageFormat.JPEG, requested).build(), m);
    assertEquals(applied, n.quality());
    if (reason == null) {
      assertEquals(List.of(), n.adaptations());
      return;
    }
    assertEquals(
        List.of(
            new Adaptation(
                RequestField.QUALITY,
                Integer.toString(requested),
                Integer.toString(applied),
                reason)),
        n.adaptations());
    UnsupportedCapabilityException e =
        assertThrows(
            UnsupportedCapabilityException.class,
            () ->
                negotiate(
                    request()
                        .seed(1L)
                        .format(ImageFormat.JPEG, requested)
                        .require(RequestField.QUALITY)
                        .build(),
                    m));
    assertEquals(
        "quality: " + requested + " is required but cannot be honoured: " + reason, e.getMessage());
  }

  @Test
  void aWholeNumberRangeMustHoldAWholeNumber() {
    assertThrows(
        IllegalArgumentException.class, () -> ModelCapabilities.Range.wholeNumbers(1.2, 1.8));
    assertEquals(2.0, ModelCapabilities.Range.wholeNumbers(1.2, 2.8).fit(2.6));
    assertEquals(2.6, new ModelCapabilities.Range(1.2, 2.8).fit(2.6));
  }

  @Test
  void unsupportedFormatFallsBackToTheModelDefault() {
    ModelCapabilities pngJpeg =
        model(c -> formats(c, EnumSet.of(ImageFormat.JPEG, ImageFormat.PNG)));
    NegotiatedRequest n = negotiate(request().seed(1L).format(ImageFormat.WEBP).build(), pngJpeg);
    assertNull(n.format());
    assertAdaptation(
        only(n, RequestField.FORMAT),
        RequestField.FORMAT,
        "WEBP",
        "model default",
        "the model produces only [PNG, JPEG]; the image is returned as produced");

    ModelCapabilities noFormat = model(c -> formats(c, Set.of()));
    NegotiatedRequest none =
        negotiate(request().seed(1L).format(ImageFormat.PNG).build(), noFormat);
    assertNull(none.format());
    assertAdaptation(
        only(none, RequestField.FORMAT),
        RequestField.FORMAT,
        "PNG",
        "model default",
        "the model has no format setting; the image is returned as produced");
  }

  @Test
  void unsupportedFormatUnderRequiredThrows() {
    ModelCapabilities pngOnly = model(c -> formats(c, EnumSet.of(ImageFormat.PNG)));
    UnsupportedCapabilityException e =
        assertThrows(
            UnsupportedCapabilityException.class,
            () ->
                negotiate(
                    request()
                        .seed(1L)
                        .format(ImageFormat.JPEG)
                        .require(RequestField.FORMAT)
                        .build(),
                    pngOnly));
    assertEquals(RequestField.FORMAT, e.field());
    assertEquals(
        "format: JPEG is required but cannot be honoured: the model produces only [PNG]; the"
            + " image is returned as produced",
        e.getMessage());
  }

  @Test
  void qualityWithoutAQualitySettingIsDropped() {
    ModelCapabilities noQuality = model(c -> quality(c, null));
    NegotiatedRequest n =
        negotiate(request().seed(1L).format(ImageFormat.JPEG, 80).build(), noQuality);
    assertEquals(ImageFormat.JPEG, n.format());
    assertNull(n.quality());
    assertAdaptation(
        only(n, RequestField.QUALITY),
        RequestField.QUALITY,
        "80",
        "model default",
        "the model has no quality setting");
    assertThrows(
        UnsupportedCapabilityException.class,
        () ->
            negotiate(
                request()
                    .seed(1L)
                    .format(ImageFormat.JPEG, 80)
                    .require(RequestField.QUALITY)
                    .build(),
                noQuality));
  }

  // ---------------------------------------------------------------- negative prompt

  @Test
  void negativePromptIsDroppedWhenTheModelTakesNone() {
    ModelCapabilities noNegative = model(c -> negative(c, false));
    NegotiatedRequest n =
        negotiate(request().seed(1L).negativePrompt("blurry").build(), noNegative);
    assertNull(n.negativePrompt());
    assertAdaptation(
        only(n, RequestField.NEGATIVE_PROMPT),
        RequestField.NEGATIVE_PROMPT,
        "\"blurry\"",
        "not sent",
        "the model takes no negative prompt");

    String longText = "low quality, blurry, watermark, text, extra fingers, jpeg artifacts";
    NegotiatedRequest l =
        negotiate(request().seed(1L).negativePrompt(longText).build(), noNegative);
    assertEquals(
        "\"low quality, blurry, watermark, text,...\"",
        only(l, RequestField.NEGATIVE_PROMPT).requested());

    assertThrows(
        UnsupportedCapabilityException.class,
        () ->
            negotiate(
                request()
                    .seed(1L)
                    .negativePrompt("blurry")
                    .require(RequestField.NEGATIVE_PROMPT)
                    .build(),
                noNegative));
  }

  // ---------------------------------------------------------------- steps and guidance

  static Stream<Arguments> stepsCases() {
    ModelCapabilities.Range r1to50 = new ModelCapabilities.Range(1, 50);
    ModelCapabilities.Range r10to50 = new ModelCapabilities.Range(10, 50);
    return Stream.of(
        Arguments.of(r1to50, 28, 28, null),
        Arguments.of(r1to50, 50, 50, null),
        Arguments.of(r1to50, 60, 50, "the model accepts 1..50"),
        Arguments.of(r10to50, 4, 10, "the model accepts 10..50"),
        Arguments.of(null, 30, null, "the model has no steps setting"));
  }

  @ParameterizedTest
  @MethodSource("stepsCases")
  void stepsAreClampedOrDropped(
      ModelCapabilities.Range range, int requested, Integer expected, String reason) {
    ModelCapabilities m = model(c -> steps(c, range));
    NegotiatedRequest n = negotiate(request().seed(1L).steps(requested).build(), m);
    assertEquals(expected, n.steps());
    if (reason == null) {
      assertEquals(List.of(), n.adaptations());
      return;
    }
    assertAdaptation(
        only(n, RequestField.STEPS),
        RequestField.STEPS,
        Integer.toString(requested),
        expected == null ? "not sent" : expected.toString(),
        reason);
    UnsupportedCapabilityException e =
        assertThrows(
            UnsupportedCapabilityException.class,
            () ->
                negotiate(
                    request().seed(1L).steps(requested).require(RequestField.STEPS).build(), m));
    assertEquals(
        "steps: " + requested + " is required but cannot be honoured: " + reason, e.getMessage());
  }

  static Stream<Arguments> guidanceCases() {
    ModelCapabilities.Range r0to20 = new ModelCapabilities.Range(0, 20);
    ModelCapabilities.Range rHalf = new ModelCapabilities.Range(1.5, 10);
    ModelCapabilities.Range whole0to20 = ModelCapabilities.Range.wholeNumbers(0, 20);
    ModelCapabilities.Range wholeHalf = ModelCapabilities.Range.wholeNumbers(1.5, 9.5);
    return Stream.of(
        Arguments.of(r0to20, 3.5, 3.5, null, null, null),
        Arguments.of(r0to20, 0.0, 0.0, null, null, null),
        Arguments.of(r0to20, 30.0, 20.0, "30", "20", "the model accepts 0..20"),
        Arguments.of(rHalf, 0.5, 1.5, "0.5", "1.5", "the model accepts 1.5..10"),
        Arguments.of(rHalf, 12.25, 10.0, "12.25", "10", "the model accepts 1.5..10"),
        Arguments.of(null, 7.0, null, "7", "not sent", "the model has no guidance setting"),
        // integer-typed guidance: rounded half up, and every reason in one adaptation
        Arguments.of(whole0to20, 3.5, 4.0, "3.5", "4", "the model takes whole-number guidance"),
        Arguments.of(whole0to20, 3.0, 3.0, null, null, null),
        Arguments.of(whole0to20, 25.5, 20.0, "25.5", "20", "the model accepts 0..20"),
        Arguments.of(
            wholeHalf,
            12.25,
            9.0,
            "12.25",
            "9",
            "the model accepts 1.5..9.5; the model takes whole-number guidance"),
        Arguments.of(wholeHalf, 1.5, 2.0, "1.5", "2", "the model takes whole-number guidance"));
  }

  @ParameterizedTest
  @MethodSource("guidanceCases")
  void guidanceIsClampedOrDropped(
      ModelCapabilities.Range range,
      double requested,
      Double expected,
      String shownRequested,
      String shownApplied,
      String reason) {
    ModelCapabilities m = model(c -> guidance(c, range));
    NegotiatedRequest n = negotiate(request().seed(1L).guidance(requested).build(), m);
    assertEquals(expected, n.guidance());
    if (reason == null) {
      assertEquals(List.of(), n.adaptations());
      return;
    }
    assertAdaptation(
        only(n, RequestField.GUIDANCE),
        RequestField.GUIDANCE,
        shownRequested,
        shownApplied,
        reason);
    assertThrows(
        UnsupportedCapabilityException.class,
        () ->
            negotiate(
                request().seed(1L).guidance(requested).require(RequestField.GUIDANCE).build(), m));
  }

  // ---------------------------------------------------------------- references and mask

  @Test
  void tooManyReferenceImagesAndAnUnsupportedMaskAreReported() {
    ReferenceImage a = ReferenceImage.of(URI.create("https://x.test/a.png"));
    ReferenceImage b = ReferenceImage.of(URI.create("https://x.test/b.png"));
    NegotiatedRequest n =
        negotiate(request().seed(1L).referenceImage(a).referenceImage(b).build(), FULL);
    assertAdaptation(
        only(n, RequestField.REFERENCE_IMAGES),
        RequestField.REFERENCE_IMAGES,
        "2",
        "first 1",
        "the model accepts at most 1 reference images");

    ModelCapabilities textOnly = model(c -> refsAndMask(c, 0, false));
    NegotiatedRequest t = negotiate(request().seed(1L).referenceImage(a).mask(b).build(), textOnly);
    assertEquals("none sent", only(t, RequestField.REFERENCE_IMAGES).applied());
    assertAdaptation(
        only(t, RequestField.MASK),
        RequestField.MASK,
        "mask",
        "not sent",
        "the model takes no mask");

    assertThrows(
        UnsupportedCapabilityException.class,
        () -> negotiate(request().seed(1L).mask(b).require(RequestField.MASK).build(), textOnly));
    assertThrows(
        UnsupportedCapabilityException.class,
        () ->
            negotiate(
                request().seed(1L).referenceImage(a).require(RequestField.REFERENCE_IMAGES).build(),
                textOnly));
  }

  // ---------------------------------------------------------------- size and ordering

  @Test
  void sizeDecisionAndAdaptationAreCarried() {
    NegotiatedRequest n = negotiate(request().seed(1L).size(Size.exact(1000, 700)).build(), FULL);
    assertEquals(new SizeChoice.Custom(new PixelSize(1008, 704)), n.size().choice());
    assertEquals(n.size().adaptation(), only(n, RequestField.SIZE));
    assertEquals(
        "size 1000x700 -> 1008x704: size changed; width and height must be multiples of 16",
        only(n, RequestField.SIZE).toString());

    UnsupportedCapabilityException e =
        assertThrows(
            UnsupportedCapabilityException.class,
            () ->
                negotiate(
                    request()
                        .seed(1L)
                        .size(Size.exact(1000, 700))
                        .require(RequestField.SIZE)
                        .build(),
                    FULL));
    assertEquals(RequestField.SIZE, e.field());
    assertTrue(e.getMessage().contains("nearest is 1008x704"), e.getMessage());
  }

  @Test
  void adaptationsComeInFieldOrder() {
    ModelCapabilities poor =
        model(
            c -> {
              c.perCall = 1;
              c.seed = SeedSpec.integer(0, 100);
              c.safety = EnumSet.of(SafetyLevel.STANDARD);
              c.formats = EnumSet.of(ImageFormat.PNG);
              c.quality = null;
              c.negative = false;
              c.steps = null;
              c.guidance = null;
              return c;
            });
    GenerationRequest r =
        request()
            .negativePrompt("fog")
            .size(Size.exact(1000, 700))
            .count(2)
            .seed(500L)
            .safety(SafetyLevel.OFF)
            .format(ImageFormat.JPEG, 90)
            .steps(30)
            .guidance(4.0)
            .build();
    NegotiatedRequest n = negotiate(r, poor);
    assertEquals(
        List.of(
            RequestField.NEGATIVE_PROMPT,
            RequestField.SIZE,
            RequestField.COUNT,
            RequestField.SEED,
            RequestField.SAFETY,
            RequestField.FORMAT,
            RequestField.QUALITY,
            RequestField.STEPS,
            RequestField.GUIDANCE),
        n.adaptations().stream().map(Adaptation::field).toList());
    assertThrows(UnsupportedOperationException.class, () -> n.adaptations().clear());
  }

  // ---------------------------------------------------------------- fixture mutators

  private static Model seed(Model m, SeedSpec s) {
    m.seed = s;
    return m;
  }

  private static Model perCall(Model m, int n) {
    m.perCall = n;
    return m;
  }

  private static Model safety(Model m, Set<SafetyLevel> levels) {
    m.safety = levels;
    return m;
  }

  private static Model formats(Model m, Set<ImageFormat> formats) {
    m.formats = formats;
    return m;
  }

  private static Model quality(Model m, ModelCapabilities.Range quality) {
    m.quality = quality;
    return m;
  }

  private static Model negative(Model m, boolean negative) {
    m.negative = negative;
    return m;
  }

  private static Model steps(Model m, ModelCapabilities.Range r) {
    m.steps = r;
    return m;
  }

  private static Model guidance(Model m, ModelCapabilities.Range r) {
    m.guidance = r;
    return m;
  }

  private static Model refsAndMask(Model m, int refs, boolean mask) {
    m.refs = refs;
    m.mask = mask;
    return m;
  }
}
