package io.genport.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GenerationRequestTest {

  private static GenerationRequest.Builder valid() {
    return GenerationRequest.builder("a red fox in the snow");
  }

  // ---------------------------------------------------------------- invalid values

  /**
   * Each case: what builds the invalid value, the field the error must name, and fragments the
   * message must contain (the allowed range and the offending value).
   */
  static Stream<Arguments> invalidValues() {
    return Stream.of(
        invalid("empty prompt", () -> valid().prompt("").build(), "prompt", "must not be blank"),
        invalid(
            "blank prompt", () -> valid().prompt(" \t\n").build(), "prompt", "must not be blank"),
        invalid("null prompt", () -> valid().prompt(null).build(), "prompt", "must not be blank"),
        invalid(
            "prompt too long",
            () -> valid().prompt("x".repeat(GenerationRequest.MAX_PROMPT_LENGTH + 1)).build(),
            "prompt",
            "at most 32000 characters",
            "was 32001"),
        invalid("count 0", () -> valid().count(0).build(), "count", "between 1 and 100", "was 0"),
        invalid(
            "count 101", () -> valid().count(101).build(), "count", "between 1 and 100", "was 101"),
        invalid(
            "count -1", () -> valid().count(-1).build(), "count", "between 1 and 100", "was -1"),
        invalid(
            "quality 0",
            () -> valid().format(ImageFormat.JPEG, 0).build(),
            "quality",
            "between 1 and 100",
            "was 0"),
        invalid(
            "quality 101",
            () -> valid().format(ImageFormat.JPEG, 101).build(),
            "quality",
            "between 1 and 100",
            "was 101"),
        invalid("steps 0", () -> valid().steps(0).build(), "steps", "between 1 and 500", "was 0"),
        invalid(
            "steps 501", () -> valid().steps(501).build(), "steps", "between 1 and 500", "was 501"),
        invalid(
            "guidance -1",
            () -> valid().guidance(-1.0).build(),
            "guidance",
            "between 0 and 100",
            "was -1.0"),
        invalid(
            "guidance 100.5",
            () -> valid().guidance(100.5).build(),
            "guidance",
            "between 0 and 100",
            "was 100.5"),
        invalid(
            "guidance NaN",
            () -> valid().guidance(Double.NaN).build(),
            "guidance",
            "between 0 and 100",
            "was NaN"),
        invalid(
            "megapixels 0.001",
            () -> Size.aspect(16, 9, 0.001),
            "megapixels",
            "between 0.01 and 64",
            "was 0.001"),
        invalid(
            "megapixels 65",
            () -> Size.aspect(16, 9, 65),
            "megapixels",
            "between 0.01 and 64",
            "was 65.0"),
        invalid(
            "megapixels NaN",
            () -> Size.aspect(1, 1, Double.NaN),
            "megapixels",
            "between 0.01 and 64",
            "was NaN"),
        invalid("exact width 0", () -> Size.exact(0, 768), "size", "must be positive", "0x768"),
        invalid(
            "exact height -5", () -> Size.exact(1024, -5), "size", "must be positive", "1024x-5"),
        invalid("aspect term 0", () -> Size.aspect(0, 9), "size", "must be positive", "0:9"),
        invalid(
            "reference strength 1.5",
            () -> new ReferenceImage(URI.create("https://x.test/a.png"), null, null, 1.5),
            "referenceImages",
            "between 0 and 1",
            "was 1.5"),
        invalid(
            "reference with url and bytes",
            () ->
                new ReferenceImage(URI.create("https://x.test/a.png"), new byte[] {1}, null, null),
            "referenceImages",
            "exactly one of a URL or inline bytes"),
        invalid(
            "blank extension provider",
            () -> valid().extension(" ", "x", 1).build(),
            "extensions",
            "provider name must not be blank"),
        invalid(
            "blank extension name",
            () -> valid().extension("fal", "", 1).build(),
            "extensions",
            "'fal' must not be blank"),
        invalid(
            "null extension value",
            () -> valid().extension("fal", "sync_mode", null).build(),
            "extensions",
            "'fal.sync_mode' has no value"),
        invalid(
            "null extension map",
            () -> {
              Map<String, Map<String, Object>> ext = new LinkedHashMap<>();
              ext.put("fal", null);
              return new GenerationRequest(
                  "p",
                  null,
                  Size.unspecified(),
                  1,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  ext);
            },
            "extensions",
            "'fal' has no parameter map"),
        invalid(
            "unknown safety level",
            () -> SafetyLevel.parse("medium"),
            "safety",
            "'medium'",
            "STRICT, STANDARD, RELAXED, OFF"),
        invalid(
            "unknown format",
            () -> ImageFormat.parse("gif"),
            "format",
            "'gif'",
            "PNG, JPEG, WEBP"));
  }

  private static Arguments invalid(
      String name, Supplier<Object> action, String field, String... fragments) {
    return Arguments.of(name, action, field, List.of(fragments));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidValues")
  void invalidValueNamesFieldAndAllowedRange(
      String name, Supplier<Object> action, String field, List<String> fragments) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, action::get);
    assertEquals(field, e.field());
    assertTrue(
        e.getMessage().startsWith(field + ": "),
        () -> "message should start with the field: " + e.getMessage());
    for (String fragment : fragments) {
      assertTrue(
          e.getMessage().contains(fragment),
          () -> "message '" + e.getMessage() + "' should contain '" + fragment + "'");
    }
    assertEquals(FailureClass.INVALID_REQUEST, e.failureClass());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1024",
        "1024x",
        "x768",
        "1024 by 768",
        "1024x768x3",
        "-1024x768",
        "1024.5x768",
        "1234567x8",
        "axb",
        "16:9:1",
        "16:9",
        "16,9"
      })
  void badPixelSizeStringsAreRejected(String text) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> PixelSize.parse(text));
    assertEquals("size", e.field());
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("WIDTHxHEIGHT such as 1024x768"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1024x0", "0x768", "0*0"})
  void zeroSidesAreRejected(String text) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> PixelSize.parse(text));
    assertEquals("size", e.field());
    assertTrue(e.getMessage().contains("must be positive"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "16", "16:", ":9", "16x9", "16-9", "16:9:1", "a:b", "1.5:1", "0:9"})
  void badAspectStringsAreRejected(String text) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> AspectRatio.parse(text));
    assertEquals("size", e.field());
    assertTrue(
        e.getMessage().contains("expected W:H such as 16:9")
            || e.getMessage().contains("must be positive"),
        e.getMessage());
    if (!text.equals("0:9")) {
      assertTrue(!AspectRatio.isAspectRatio(text), text);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"colour", "", "size ", "negative-prompt", "seeds"})
  void unknownStrictFieldNamesAreRejected(String text) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> RequestField.parse(text));
    assertEquals("strict", e.field());
    assertTrue(e.getMessage().contains("unknown field '" + text + "'"), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "allowed: prompt, negativePrompt, size, count, seed, safety, format, quality,"
                    + " steps, guidance, referenceImages, mask, extensions"),
        e.getMessage());
  }

  // ---------------------------------------------------------------- accepted values

  @ParameterizedTest
  @CsvSource({
    "1024x768, 1024, 768",
    "1024X768, 1024, 768",
    "1152*896, 1152, 896",
    "1024×768, 1024, 768",
    "' 512 x 512 ', 512, 512",
    "1x1, 1, 1",
    "999999x999999, 999999, 999999"
  })
  void pixelSizeParsesEverySeparator(String text, int width, int height) {
    PixelSize px = PixelSize.parse(text);
    assertEquals(new PixelSize(width, height), px);
    assertEquals(width + "x" + height, px.toString());
    assertEquals((long) width * height, px.pixels());
  }

  @ParameterizedTest
  @CsvSource({"16:9, 16, 9", "16/9, 16, 9", "' 21 : 9 ', 21, 9", "1:1, 1, 1"})
  void aspectRatioParses(String text, int width, int height) {
    assertTrue(AspectRatio.isAspectRatio(text));
    AspectRatio r = AspectRatio.parse(text);
    assertEquals(new AspectRatio(width, height), r);
    assertEquals(width + ":" + height, r.toString());
  }

  @ParameterizedTest
  @CsvSource({
    "prompt, PROMPT",
    "negativePrompt, NEGATIVE_PROMPT",
    "NEGATIVE_PROMPT, NEGATIVE_PROMPT",
    "referenceimages, REFERENCE_IMAGES",
    "SIZE, SIZE",
    "Seed, SEED"
  })
  void requestFieldParsesWireAndEnumNames(String text, RequestField expected) {
    assertEquals(expected, RequestField.parse(text));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.01, 0.25, 1, 64})
  void megapixelBoundsAreInclusive(double mp) {
    Size.Aspect a = (Size.Aspect) Size.aspect(3, 2, mp);
    assertEquals(mp, a.megapixels());
  }

  @Test
  void boundaryValuesAreAccepted() {
    GenerationRequest r =
        valid()
            .prompt("x".repeat(GenerationRequest.MAX_PROMPT_LENGTH))
            .count(GenerationRequest.MAX_COUNT)
            .steps(GenerationRequest.MAX_STEPS)
            .guidance(0.0)
            .format(ImageFormat.WEBP, 100)
            .seed(0L)
            .build();
    assertEquals(100, r.count());
    assertEquals(500, r.steps());
    assertEquals(0.0, r.guidance());
    assertEquals(100, r.format().quality());
    assertEquals(0L, r.seed());

    GenerationRequest low =
        valid().count(1).steps(1).guidance(100.0).format(ImageFormat.JPEG, 1).build();
    assertEquals(1, low.steps());
    assertEquals(100.0, low.guidance());
    assertEquals(1, low.format().quality());
  }

  // ---------------------------------------------------------------- defaults

  @Test
  void defaults() {
    GenerationRequest r = GenerationRequest.builder("a cat").build();
    assertEquals("a cat", r.prompt());
    assertNull(r.negativePrompt());
    assertEquals(Size.unspecified(), r.size());
    assertEquals(1, r.count());
    assertNull(r.seed());
    assertEquals(SafetyLevel.STANDARD, r.safety());
    assertNull(r.format());
    assertNull(r.steps());
    assertNull(r.guidance());
    assertEquals(List.of(), r.referenceImages());
    assertNull(r.mask());
    assertEquals(Map.of(), r.strictness());
    assertEquals(Map.of(), r.extensions());
    assertEquals(Map.of(), r.extensionsFor("fal"));
  }

  @Test
  void defaultStrictnessIsRequiredForPromptAndCountOnly() {
    GenerationRequest r = valid().build();
    for (RequestField f : RequestField.values()) {
      Strictness expected =
          f == RequestField.PROMPT || f == RequestField.COUNT
              ? Strictness.REQUIRED
              : Strictness.BEST_EFFORT;
      assertEquals(expected, r.strictness(f), f.name());
      assertEquals(expected == Strictness.REQUIRED, r.isRequired(f), f.name());
    }
  }

  @Test
  void explicitStrictnessOverridesTheDefault() {
    GenerationRequest r =
        valid()
            .require(RequestField.SIZE)
            .strictness(RequestField.COUNT, Strictness.BEST_EFFORT)
            .build();
    assertEquals(Strictness.REQUIRED, r.strictness(RequestField.SIZE));
    assertEquals(Strictness.BEST_EFFORT, r.strictness(RequestField.COUNT));
    assertEquals(Strictness.REQUIRED, r.strictness(RequestField.PROMPT));
    assertEquals(Strictness.BEST_EFFORT, r.strictness(RequestField.SEED));
  }

  @Test
  void nullSafetyInTheCanonicalConstructorMeansStandard() {
    GenerationRequest r =
        new GenerationRequest(
            "p", null, Size.unspecified(), 1, null, null, null, null, null, null, null, null, null);
    assertEquals(SafetyLevel.STANDARD, r.safety());
    assertEquals(List.of(), r.referenceImages());
    assertEquals(Map.of(), r.strictness());
    assertEquals(Map.of(), r.extensions());
  }

  @Test
  void blankNegativePromptBecomesNull() {
    assertNull(valid().negativePrompt("   ").build().negativePrompt());
    assertEquals("blurry", valid().negativePrompt("blurry").build().negativePrompt());
  }

  @Test
  void seedZeroIsKept() {
    assertEquals(0L, valid().seed(0).build().seed());
    assertNull(valid().seed(5).seed((Long) null).build().seed());
  }

  @Test
  void formatShorthands() {
    assertEquals(
        OutputFormat.of(ImageFormat.PNG), valid().format(ImageFormat.PNG).build().format());
    assertNull(valid().format((ImageFormat) null).build().format());
    assertEquals(
        new OutputFormat(ImageFormat.JPEG, 80),
        valid().format(ImageFormat.JPEG, 80).build().format());
  }

  // ---------------------------------------------------------------- immutability

  @Test
  void collectionsAreCopiedAndUnmodifiable() {
    ReferenceImage a = ReferenceImage.of(URI.create("https://x.test/a.png"));
    ReferenceImage b = ReferenceImage.of(URI.create("https://x.test/b.png"));
    List<ReferenceImage> refs = new ArrayList<>(List.of(a));
    Map<RequestField, Strictness> strict = new EnumMap<>(RequestField.class);
    strict.put(RequestField.SIZE, Strictness.REQUIRED);
    Map<String, Object> falParams = new LinkedHashMap<>();
    falParams.put("sync_mode", true);
    Map<String, Map<String, Object>> ext = new LinkedHashMap<>();
    ext.put("fal", falParams);

    GenerationRequest r =
        new GenerationRequest(
            "p",
            null,
            Size.unspecified(),
            1,
            null,
            null,
            null,
            null,
            null,
            refs,
            null,
            strict,
            ext);

    refs.add(b);
    strict.put(RequestField.SEED, Strictness.REQUIRED);
    falParams.put("extra", 1);
    ext.put("replicate", Map.of("go_fast", true));

    assertEquals(List.of(a), r.referenceImages());
    assertEquals(Map.of(RequestField.SIZE, Strictness.REQUIRED), r.strictness());
    assertEquals(Map.of("sync_mode", true), r.extensionsFor("fal"));
    assertEquals(Map.of(), r.extensionsFor("replicate"));

    assertThrows(UnsupportedOperationException.class, () -> r.referenceImages().add(b));
    assertThrows(
        UnsupportedOperationException.class,
        () -> r.strictness().put(RequestField.SEED, Strictness.REQUIRED));
    assertThrows(UnsupportedOperationException.class, () -> r.extensions().put("x", Map.of()));
    assertThrows(UnsupportedOperationException.class, () -> r.extensionsFor("fal").put("y", 2));
  }

  @Test
  void builderChangesAfterBuildDoNotLeakIntoTheRequest() {
    GenerationRequest.Builder b =
        valid()
            .referenceImage(ReferenceImage.of(URI.create("https://x.test/a.png")))
            .extension("fal", "sync_mode", true)
            .require(RequestField.SIZE);
    GenerationRequest first = b.build();
    b.referenceImage(ReferenceImage.of(URI.create("https://x.test/b.png")))
        .extension("fal", "enable_safety_checker", false)
        .require(RequestField.SEED);
    assertEquals(1, first.referenceImages().size());
    assertEquals(Map.of("sync_mode", true), first.extensionsFor("fal"));
    assertEquals(Strictness.BEST_EFFORT, first.strictness(RequestField.SEED));
    GenerationRequest second = b.build();
    assertEquals(2, second.referenceImages().size());
    assertEquals(2, second.extensionsFor("fal").size());
    assertEquals(Strictness.REQUIRED, second.strictness(RequestField.SEED));
  }

  @Test
  void referenceImageBytesAreCopied() {
    byte[] bytes = {1, 2, 3};
    ReferenceImage img = new ReferenceImage(null, bytes, "image/png", 0.5);
    bytes[0] = 9;
    assertEquals(1, img.bytes()[0]);
    img.bytes()[1] = 9;
    assertEquals(2, img.bytes()[1]);
    assertEquals(new ReferenceImage(null, new byte[] {1, 2, 3}, "image/png", 0.5), img);
  }

  // ---------------------------------------------------------------- toBuilder

  @Test
  void toBuilderRoundTripsEveryField() {
    GenerationRequest r =
        valid()
            .negativePrompt("blurry")
            .size(Size.aspect(16, 9, 2.0))
            .count(4)
            .seed(42L)
            .safety(SafetyLevel.STRICT)
            .format(ImageFormat.WEBP, 90)
            .steps(30)
            .guidance(3.5)
            .referenceImage(new ReferenceImage(URI.create("https://x.test/a.png"), null, null, 0.7))
            .mask(ReferenceImage.of(URI.create("https://x.test/m.png")))
            .require(RequestField.SIZE)
            .strictness(RequestField.COUNT, Strictness.BEST_EFFORT)
            .extension("fal", "sync_mode", true)
            .extension("replicate", "go_fast", false)
            .build();

    GenerationRequest copy = r.toBuilder().build();
    assertEquals(r, copy);
    assertNotSame(r, copy);
    assertEquals(r.hashCode(), copy.hashCode());

    GenerationRequest changed = r.toBuilder().prompt("a dog").count(2).build();
    assertEquals("a dog", changed.prompt());
    assertEquals(2, changed.count());
    assertEquals(r.size(), changed.size());
    assertEquals(r.extensions(), changed.extensions());
    assertEquals("a red fox in the snow", r.prompt());
  }

  @Test
  void toBuilderDoesNotShareMutableStateWithTheOriginal() {
    GenerationRequest r = valid().extension("fal", "sync_mode", true).build();
    GenerationRequest other = r.toBuilder().extension("fal", "num_inference_steps", 4).build();
    assertEquals(Map.of("sync_mode", true), r.extensionsFor("fal"));
    assertEquals(Map.of("sync_mode", true, "num_inference_steps", 4), other.extensionsFor("fal"));
  }

  // ---------------------------------------------------------------- size values

  @Test
  void sizeFactoriesAndToString() {
    assertEquals("1024x768", Size.exact(1024, 768).toString());
    assertEquals("16:9", Size.aspect(16, 9).toString());
    assertEquals("16:9 @ 0.25 MP", Size.aspect(16, 9, 0.25).toString());
    assertEquals("unspecified", Size.unspecified().toString());
    assertEquals(new Size.Exact(new PixelSize(1024, 768)), Size.exact(1024, 768));
    assertNull(((Size.Aspect) Size.aspect(16, 9)).megapixels());
    assertEquals(16.0 / 9.0, new AspectRatio(16, 9).value(), 1e-12);
    assertEquals(1.5, new PixelSize(1536, 1024).ratio(), 1e-12);
  }

  @Test
  void adaptationToStringUsesTheWireName() {
    Adaptation a =
        new Adaptation(
            RequestField.NEGATIVE_PROMPT, "\"blurry\"", "not sent", "the model takes none");
    assertEquals("negativePrompt \"blurry\" -> not sent: the model takes none", a.toString());
  }

  @Test
  void unsupportedCapabilityMessageIsPrefixedWithTheField() {
    UnsupportedCapabilityException e =
        new UnsupportedCapabilityException(RequestField.SIZE, "nope");
    assertEquals("size: nope", e.getMessage());
    assertEquals(RequestField.SIZE, e.field());
    assertEquals(FailureClass.UNSUPPORTED, e.failureClass());
    assertEquals("cancel", new UnsupportedCapabilityException(null, "cancel").getMessage());
  }
}
