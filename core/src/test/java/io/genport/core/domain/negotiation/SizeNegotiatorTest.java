package io.genport.core.domain.negotiation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.AspectRatio;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.Size;
import io.genport.core.domain.Strictness;
import io.genport.core.domain.UnsupportedCapabilityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven tests of {@link SizeNegotiator}. Every expected value was computed by hand from the
 * documented algorithm: smallest |log(r_native / r_requested)|, then the closest pixel count in log
 * space, then declaration order; free dimensions are fitted (ratio clamped, pixel cap, side range,
 * sides rounded to multiples). The comment on a case shows the arithmetic that decides it.
 */
class SizeNegotiatorTest {

  // ---------------------------------------------------------------- capabilities

  /** fal's six standard presets, as fal's catalog declares them. */
  static final Map<String, PixelSize> FAL_PRESETS = falPresets();

  /** fal flux: the six presets, landscape_4_3 by default. */
  static final SizeCapability FAL = new SizeCapability.Presets(FAL_PRESETS, null, "landscape_4_3");

  static final SizeCapability FAL_NO_DEFAULT = new SizeCapability.Presets(FAL_PRESETS, null, null);

  /** fal presets plus a free {width, height} object: 64..2048, multiples of 16. */
  static final SizeCapability FAL_CUSTOM =
      new SizeCapability.Presets(FAL_PRESETS, DimensionRule.of(64, 2048, 16), "landscape_4_3");

  static final List<String> SCHNELL_RATIOS =
      List.of("1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21");

  /** Replicate flux-schnell: eleven ratios at 1 or 0.25 MP, sides predicted in multiples of 16. */
  static final SizeCapability SCHNELL =
      aspectRatios(SCHNELL_RATIOS, null, megapixels("1", 1.0, "0.25", 0.25), 1.0, 16, "1:1");

  /** Ratios plus "custom" width/height 256..1440 in multiples of 32 (SD3/Ideogram style). */
  static final SizeCapability RATIOS_CUSTOM =
      aspectRatios(
          List.of("1:1", "16:9", "9:16", "4:3", "3:4"),
          DimensionRule.of(256, 1440, 32),
          Map.of(),
          1.0,
          16,
          "1:1");

  /** OpenAI GPT image. */
  static final SizeCapability GPT =
      SizeCapability.ExplicitSizes.of(List.of("1024x1024", "1536x1024", "1024x1536"), "1024x1024");

  /** Fooocus' 26 SDXL sizes, written with '*'. */
  static final SizeCapability FOOOCUS =
      SizeCapability.ExplicitSizes.of(
          List.of(
              "704*1408",
              "704*1344",
              "768*1344",
              "768*1280",
              "832*1216",
              "832*1152",
              "896*1152",
              "896*1088",
              "960*1088",
              "960*1024",
              "1024*1024",
              "1024*960",
              "1088*960",
              "1088*896",
              "1152*896",
              "1152*832",
              "1216*832",
              "1280*768",
              "1344*768",
              "1344*704",
              "1408*704",
              "1472*704",
              "1536*640",
              "1600*640",
              "1664*576",
              "1728*576"),
          "1152*896");

  /** Leonardo: 32..1536 in steps of 8, default 1024x768. */
  static final SizeCapability LEONARDO =
      new SizeCapability.FreeDimensions(DimensionRule.of(32, 1536, 8), new PixelSize(1024, 768));

  /** Nova Canvas: 320..4096 in steps of 16, ratio 1:4..4:1, at most 4,194,304 pixels. */
  static final SizeCapability NOVA =
      new SizeCapability.FreeDimensions(
          DimensionRule.of(320, 4096, 16).withPixels(0, 4_194_304L).withRatios(0.25, 4.0),
          new PixelSize(1024, 1024));

  /** Kandinsky 2.2: width and height each one of thirteen listed values, default 512x512. */
  static final SizeCapability KANDINSKY =
      new SizeCapability.FreeDimensions(
          DimensionRule.listed(
              List.of(384, 512, 576, 640, 704, 768, 960, 1024, 1152, 1280, 1536, 1792, 2048)),
          new PixelSize(512, 512));

  /** Wan 2.5: 768x768..1440x1440 pixels, ratio 1:4..4:1, multiples of 16, default 1 MP. */
  static final SizeCapability WAN =
      new SizeCapability.FreeDimensions(
          DimensionRule.of(384, 2880, 16).withPixels(589_824L, 2_073_600L).withRatios(0.25, 4.0),
          new PixelSize(1024, 1024));

  /** Resolution classes with ratios, sides predicted in multiples of 16. */
  static final SizeCapability RES =
      resolutionClasses(
          megapixels("0.5 MP", 0.5, "1 MP", 1.0, "2 MP", 2.0),
          List.of("1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21"),
          16,
          "1 MP",
          "1:1");

  static final SizeCapability NONE = new SizeCapability.NoSize(new PixelSize(1024, 1024));
  static final SizeCapability NONE_UNKNOWN = new SizeCapability.NoSize(null);

  // Capabilities whose options tie on ratio error and pixel count: declaration order decides.
  static final SizeCapability TIE_SIZES =
      SizeCapability.ExplicitSizes.of(List.of("1536x1024", "1024x1536"), null);
  static final SizeCapability TIE_SIZES_REVERSED =
      SizeCapability.ExplicitSizes.of(List.of("1024x1536", "1536x1024"), null);
  static final SizeCapability TIE_RATIOS =
      aspectRatios(List.of("4:3", "3:4"), null, Map.of(), 1.0, 16, null);
  static final SizeCapability TIE_RATIOS_REVERSED =
      aspectRatios(List.of("3:4", "4:3"), null, Map.of(), 1.0, 16, null);

  static final String HONOURED = null;
  static final String RATIO_CHANGED = "aspect ratio changed";
  static final String PIXELS_CHANGED = "pixel count changed";
  static final String SIZE_CHANGED = "size changed";
  static final String NOT_SENT = "size not sent";

  // ---------------------------------------------------------------- the table

  static Stream<Arguments> cases() {
    return Stream.of(
        // ---- fal presets (default landscape_4_3, 786432 px)
        row("fal 1024x1024 exact", FAL, Size.exact(1024, 1024), preset("square_hd", 1024, 1024)),
        row("fal 512x512 exact", FAL, Size.exact(512, 512), preset("square", 512, 512)),
        row("fal 1024x768 exact", FAL, Size.exact(1024, 768), preset("landscape_4_3", 1024, 768)),
        row("fal 576x1024 exact", FAL, Size.exact(576, 1024), preset("portrait_16_9", 576, 1024)),
        row("fal 16:9", FAL, Size.aspect(16, 9), preset("landscape_16_9", 1024, 576)),
        row("fal 9:16", FAL, Size.aspect(9, 16), preset("portrait_16_9", 576, 1024)),
        row("fal 3:4", FAL, Size.aspect(3, 4), preset("portrait_4_3", 768, 1024)),
        // 21:9 = 2.333: landscape_16_9 |log(1.778/2.333)| = 0.272 < landscape_4_3 0.560
        row(
            "fal 21:9",
            FAL,
            Size.aspect(21, 9),
            preset("landscape_16_9", 1024, 576),
            RATIO_CHANGED),
        // 4:1: landscape_16_9 0.811 < landscape_4_3 1.099
        row("fal 4:1", FAL, Size.aspect(4, 1), preset("landscape_16_9", 1024, 576), RATIO_CHANGED),
        // 1:4: portrait_16_9 |log(0.5625/0.25)| = 0.811 < portrait_4_3 1.099
        row("fal 1:4", FAL, Size.aspect(1, 4), preset("portrait_16_9", 576, 1024), RATIO_CHANGED),
        // 640000 px: square_hd |log(1048576/640000)| = 0.494 < square 0.893
        row(
            "fal 800x800",
            FAL,
            Size.exact(800, 800),
            preset("square_hd", 1024, 1024),
            SIZE_CHANGED),
        // 490000 px: square 0.626 < square_hd 0.761
        row("fal 700x700", FAL, Size.exact(700, 700), preset("square", 512, 512), SIZE_CHANGED),
        // the log midpoint of 512 and 1024 is 724.08: 724 goes down, 725 goes up
        row("fal 724x724", FAL, Size.exact(724, 724), preset("square", 512, 512), SIZE_CHANGED),
        row(
            "fal 725x725",
            FAL,
            Size.exact(725, 725),
            preset("square_hd", 1024, 1024),
            SIZE_CHANGED),
        // 0.5 MP is exactly between square (log 0.5) and square_hd (log 2): declared first wins
        row(
            "fal 1:1 @ 0.5 MP tie",
            FAL,
            Size.aspect(1, 1, 0.5),
            preset("square_hd", 1024, 1024),
            PIXELS_CHANGED),
        row("fal 1:1 @ 0.25 MP", FAL, Size.aspect(1, 1, 0.25), preset("square", 512, 512)),
        // 786432 vs 1048576 px is 25% off
        row(
            "fal 4:3 @ 1 MP",
            FAL,
            Size.aspect(4, 3, 1.0),
            preset("landscape_4_3", 1024, 768),
            PIXELS_CHANGED),
        row("fal 1:1 no scale", FAL, Size.aspect(1, 1), preset("square_hd", 1024, 1024)),
        row("fal unspecified", FAL, Size.unspecified(), modelDefault(1024, 768)),
        row("fal no default unspecified", FAL_NO_DEFAULT, Size.unspecified(), modelDefault()),
        row(
            "fal no default 1:1",
            FAL_NO_DEFAULT,
            Size.aspect(1, 1),
            preset("square_hd", 1024, 1024)),

        // ---- fal presets plus custom width/height (64..2048, multiples of 16)
        // the custom object gives 1024x768 too; the preset is declared first
        row(
            "fal+custom 1024x768 prefers the preset",
            FAL_CUSTOM,
            Size.exact(1024, 768),
            preset("landscape_4_3", 1024, 768)),
        // 1000/16 = 62.5 -> 63 -> 1008; 700/16 = 43.75 -> 44 -> 704
        row(
            "fal+custom 1000x700 rounds to 16",
            FAL_CUSTOM,
            Size.exact(1000, 700),
            custom(1008, 704),
            SIZE_CHANGED),
        row("fal+custom 1200x800", FAL_CUSTOM, Size.exact(1200, 800), custom(1200, 800)),
        // 1366x768 -> custom 1360x768 (ratio 0.44% off, 1044480 px) beats landscape_16_9
        // (ratio 0.05% off, 589824 px): both ratios count as honoured, so pixels decide
        row(
            "fal+custom 1366x768",
            FAL_CUSTOM,
            Size.exact(1366, 768),
            custom(1360, 768),
            SIZE_CHANGED),
        // no scale asked: the exact-ratio preset beats the custom size
        row("fal+custom 16:9", FAL_CUSTOM, Size.aspect(16, 9), preset("landscape_16_9", 1024, 576)),
        // 16:9 @ 1 MP: sqrt(1048576 * 16/9) = 1365.3 -> 1360, 768; the preset has 0.56 MP
        row("fal+custom 16:9 @ 1 MP", FAL_CUSTOM, Size.aspect(16, 9, 1.0), custom(1360, 768)),
        // 21:9 at the default 786432 px: 1354.6 x 580.5; h 576 -> w 576*7/3 = 1344 exactly
        row("fal+custom 21:9", FAL_CUSTOM, Size.aspect(21, 9), custom(1344, 576)),
        // 4:1 at 786432 px: 1773.6 x 443.4; h 432 -> 1728x432, h 448 -> 1792x448 (closer pixels)
        row("fal+custom 4:1", FAL_CUSTOM, Size.aspect(4, 1), custom(1792, 448)),
        row(
            "fal+custom 3000x3000 clamps to 2048",
            FAL_CUSTOM,
            Size.exact(3000, 3000),
            custom(2048, 2048),
            SIZE_CHANGED),

        // ---- Replicate flux-schnell: ratios at 1 or 0.25 MP
        // 16:9 @ 1 MP: 1365.3 -> 1360, 768 -> 768
        row("schnell 16:9", SCHNELL, Size.aspect(16, 9), ratio("16:9", null, 1360, 768)),
        // 16:9 @ 0.25 MP: 682.7 -> 688, 384 -> 384; 264192 px is 0.8% off
        row(
            "schnell 16:9 @ 0.25 MP",
            SCHNELL,
            Size.aspect(16, 9, 0.25),
            ratio("16:9", "0.25", 688, 384)),
        // 0.5 MP is exactly between 1 and 0.25 MP in log space: "1" is declared first
        row(
            "schnell 1:1 @ 0.5 MP tie",
            SCHNELL,
            Size.aspect(1, 1, 0.5),
            ratio("1:1", "1", 1024, 1024),
            PIXELS_CHANGED),
        row("schnell 1024x1024", SCHNELL, Size.exact(1024, 1024), ratio("1:1", "1", 1024, 1024)),
        row("schnell 512x512", SCHNELL, Size.exact(512, 512), ratio("1:1", "0.25", 512, 512)),
        row(
            "schnell 1000x1000",
            SCHNELL,
            Size.exact(1000, 1000),
            ratio("1:1", "1", 1024, 1024),
            SIZE_CHANGED),
        // 1:4: 9:21 |log(0.4286/0.25)| = 0.539 < 9:16 0.811; 670.4 -> 672, 1564.2 -> 1568
        row(
            "schnell 1:4",
            SCHNELL,
            Size.aspect(1, 4),
            ratio("9:21", null, 672, 1568),
            RATIO_CHANGED),
        row(
            "schnell 4:1",
            SCHNELL,
            Size.aspect(4, 1),
            ratio("21:9", null, 1568, 672),
            RATIO_CHANGED),
        row("schnell 21:9", SCHNELL, Size.aspect(21, 9), ratio("21:9", null, 1568, 672)),
        row("schnell 7:3 is 21:9", SCHNELL, Size.aspect(7, 3), ratio("21:9", null, 1568, 672)),
        // 5:3 = 1.667: 16:9 0.065 < 3:2 0.105
        row(
            "schnell 5:3",
            SCHNELL,
            Size.aspect(5, 3),
            ratio("16:9", null, 1360, 768),
            RATIO_CHANGED),
        // 2:1: 16:9 0.118 < 21:9 0.154
        row(
            "schnell 2:1",
            SCHNELL,
            Size.aspect(2, 1),
            ratio("16:9", null, 1360, 768),
            RATIO_CHANGED),
        // 21:9 @ 0.25 MP: 782.1 -> 784, 335.2 -> 336
        row(
            "schnell 21:9 @ 0.25 MP",
            SCHNELL,
            Size.aspect(21, 9, 0.25),
            ratio("21:9", "0.25", 784, 336)),
        row("schnell unspecified", SCHNELL, Size.unspecified(), modelDefault(1024, 1024)),

        // ---- ratios plus custom (256..1440, multiples of 32)
        row(
            "ratios+custom 16:9 prefers the label",
            RATIOS_CUSTOM,
            Size.aspect(16, 9),
            ratio("16:9", null, 1360, 768)),
        // 5:3 at 1 MP: 1322.0 x 793.2; h 768 -> w 1280: exactly 5:3
        row("ratios+custom 5:3", RATIOS_CUSTOM, Size.aspect(5, 3), custom(1280, 768)),
        // 21:9 at 1 MP is 1564.2 wide: scaled to 1440 x 617.1; h 608 -> w 1418.7 -> 1408
        // (ratio 2.316, 0.8% off: honoured)
        row("ratios+custom 21:9", RATIOS_CUSTOM, Size.aspect(21, 9), custom(1408, 608)),
        // 4:1 at 1 MP: 2048 x 512, scaled to 1440 x 360; h 352 -> 1408x352, exactly 4:1
        row("ratios+custom 4:1", RATIOS_CUSTOM, Size.aspect(4, 1), custom(1408, 352)),
        // 1000/32 = 31.25 -> 992; 700/32 = 21.875 -> 704
        row(
            "ratios+custom 1000x700",
            RATIOS_CUSTOM,
            Size.exact(1000, 700),
            custom(992, 704),
            SIZE_CHANGED),

        // ---- GPT image explicit sizes
        row("gpt 1024x1024", GPT, Size.exact(1024, 1024), explicit("1024x1024")),
        row("gpt 1536x1024", GPT, Size.exact(1536, 1024), explicit("1536x1024")),
        row("gpt 3:2", GPT, Size.aspect(3, 2), explicit("1536x1024")),
        // 16:9: 1536x1024 0.170 < 1024x1024 0.575
        row("gpt 16:9", GPT, Size.aspect(16, 9), explicit("1536x1024"), RATIO_CHANGED),
        // 4:3: 1536x1024 0.118 < 1024x1024 0.288
        row("gpt 4:3", GPT, Size.aspect(4, 3), explicit("1536x1024"), RATIO_CHANGED),
        row("gpt 1:4", GPT, Size.aspect(1, 4), explicit("1024x1536"), RATIO_CHANGED),
        row("gpt 4:1", GPT, Size.aspect(4, 1), explicit("1536x1024"), RATIO_CHANGED),
        row("gpt 1792x1024", GPT, Size.exact(1792, 1024), explicit("1536x1024"), SIZE_CHANGED),
        row("gpt 1:1 @ 4 MP", GPT, Size.aspect(1, 1, 4.0), explicit("1024x1024"), PIXELS_CHANGED),
        row("gpt unspecified", GPT, Size.unspecified(), modelDefault(1024, 1024)),

        // ---- Fooocus labels with '*'
        row("fooocus 1152x896", FOOOCUS, Size.exact(1152, 896), explicit("1152*896")),
        row("fooocus 9:7 is 1152*896", FOOOCUS, Size.aspect(9, 7), explicit("1152*896")),
        row("fooocus 1:1", FOOOCUS, Size.aspect(1, 1), explicit("1024*1024")),
        // 16:9: 1344*768 (1.75) 0.016 < 1280*768 0.065; 1.6% off, so not honoured
        row("fooocus 16:9", FOOOCUS, Size.aspect(16, 9), explicit("1344*768"), RATIO_CHANGED),
        // 21:9: 1536*640 (2.4) 0.028 < 1472*704 (2.09) 0.110
        row("fooocus 21:9", FOOOCUS, Size.aspect(21, 9), explicit("1536*640"), RATIO_CHANGED),
        row("fooocus 4:1", FOOOCUS, Size.aspect(4, 1), explicit("1728*576"), RATIO_CHANGED),
        row("fooocus 1:4", FOOOCUS, Size.aspect(1, 4), explicit("704*1408"), RATIO_CHANGED),
        row(
            "fooocus 1920x1080",
            FOOOCUS,
            Size.exact(1920, 1080),
            explicit("1344*768"),
            SIZE_CHANGED),

        // ---- Leonardo free dimensions 32..1536 step 8 (default 1024x768 = 786432 px)
        row("leonardo 1024x768", LEONARDO, Size.exact(1024, 768), custom(1024, 768)),
        // only the height is off-grid: 700/8 = 87.5 -> 88
        row("leonardo 1000x700", LEONARDO, Size.exact(1000, 700), custom(1000, 704), SIZE_CHANGED),
        row(
            "leonardo 2048x2048 clamps",
            LEONARDO,
            Size.exact(2048, 2048),
            custom(1536, 1536),
            SIZE_CHANGED),
        row("leonardo 16x16 raises", LEONARDO, Size.exact(16, 16), custom(32, 32), SIZE_CHANGED),
        // scaled to 1536 x 51.2; h 48 -> w 1440 keeps 30:1 exactly
        row("leonardo 3000x100", LEONARDO, Size.exact(3000, 100), custom(1440, 48), SIZE_CHANGED),
        // 16:9 at 786432 px: 1182.4 x 665.1; h 672 -> w 1194.7 -> 1192 (0.2% off) is the closest
        row("leonardo 16:9", LEONARDO, Size.aspect(16, 9), custom(1192, 672)),
        row("leonardo 21:9", LEONARDO, Size.aspect(21, 9), custom(1344, 576)),
        // 1:4 at 786432 px: 443.4 x 1773.6, scaled into 1536: 384 x 1536
        row("leonardo 1:4", LEONARDO, Size.aspect(1, 4), custom(384, 1536)),
        row("leonardo 4:1", LEONARDO, Size.aspect(4, 1), custom(1536, 384)),
        row("leonardo 1:1 @ 0.25 MP", LEONARDO, Size.aspect(1, 1, 0.25), custom(512, 512)),
        row("leonardo unspecified", LEONARDO, Size.unspecified(), modelDefault(1024, 768)),

        // ---- Nova Canvas 320..4096 step 16, ratio 1:4..4:1, at most 4194304 px
        row("nova 1024x1024", NOVA, Size.exact(1024, 1024), custom(1024, 1024)),
        row("nova 1000x700", NOVA, Size.exact(1000, 700), custom(1008, 704), SIZE_CHANGED),
        // 16.8 MP scaled by 0.5 into the cap
        row("nova 4096x4096 cap", NOVA, Size.exact(4096, 4096), custom(2048, 2048), SIZE_CHANGED),
        // 8:1 clamped to 4:1 at 2097152 px: 2896.3 x 724.1; h 720 -> 2880x720 exactly 4:1
        row("nova 4096x512 ratio", NOVA, Size.exact(4096, 512), custom(2880, 720), SIZE_CHANGED),
        // 4.5 MP scaled into the cap: 2896.3 x 1448.2; h 1440 -> 2880x1440 exactly 2:1
        row("nova 3000x1500 cap", NOVA, Size.exact(3000, 1500), custom(2880, 1440), SIZE_CHANGED),
        row("nova 100x100 raises", NOVA, Size.exact(100, 100), custom(320, 320), SIZE_CHANGED),
        row("nova 1:4", NOVA, Size.aspect(1, 4), custom(512, 2048)),
        row("nova 4:1", NOVA, Size.aspect(4, 1), custom(2048, 512)),
        row("nova 8:1 clamps", NOVA, Size.aspect(8, 1), custom(2048, 512), RATIO_CHANGED),
        // 21:9 at 1 MP: 1564.2 x 670.3; h 672 -> w 1568 exactly
        row("nova 21:9", NOVA, Size.aspect(21, 9), custom(1568, 672)),
        // 8 MP capped to 4194304: 2730.7 x 1536; 2736x1536 is over the cap, 2720x1536 fits
        row(
            "nova 16:9 @ 8 MP cap",
            NOVA,
            Size.aspect(16, 9, 8.0),
            custom(2720, 1536),
            PIXELS_CHANGED),

        // ---- resolution classes
        row("res 1024x1024", RES, Size.exact(1024, 1024), res("1 MP", "1:1", 1024, 1024)),
        // no scale asked: the default (1 MP 1:1) sets the pixel target
        row("res 16:9", RES, Size.aspect(16, 9), res("1 MP", "16:9", 1360, 768)),
        // 16:9 @ 2 MP: 1930.9 -> 1936, 1086.1 -> 1088
        row("res 16:9 @ 2 MP", RES, Size.aspect(16, 9, 2.0), res("2 MP", "16:9", 1936, 1088)),
        // 1:1 @ 2 MP: 1448.2 -> 1456
        row(
            "res 1:1 @ 4 MP",
            RES,
            Size.aspect(1, 1, 4.0),
            res("2 MP", "1:1", 1456, 1456),
            PIXELS_CHANGED),
        row("res 1456x1456", RES, Size.exact(1456, 1456), res("2 MP", "1:1", 1456, 1456)),
        row("res 2:1", RES, Size.aspect(2, 1), res("1 MP", "16:9", 1360, 768), RATIO_CHANGED),
        // 21:9 @ 0.5 MP: 1106.0 -> 1104, 474.0 -> 480
        row("res 21:9 @ 0.5 MP", RES, Size.aspect(21, 9, 0.5), res("0.5 MP", "21:9", 1104, 480)),
        row("res 1:4", RES, Size.aspect(1, 4), res("1 MP", "9:21", 672, 1568), RATIO_CHANGED),
        row("res unspecified", RES, Size.unspecified(), modelDefault(1024, 1024)),

        // ---- no size parameter
        row(
            "none 1024x1024 is the default",
            NONE,
            Size.exact(1024, 1024),
            modelDefault(1024, 1024)),
        row("none 1:1", NONE, Size.aspect(1, 1), modelDefault(1024, 1024)),
        row("none 16:9", NONE, Size.aspect(16, 9), modelDefault(1024, 1024), RATIO_CHANGED),
        row(
            "none 1:1 @ 4 MP",
            NONE,
            Size.aspect(1, 1, 4.0),
            modelDefault(1024, 1024),
            PIXELS_CHANGED),
        row("none 512x512", NONE, Size.exact(512, 512), modelDefault(1024, 1024), SIZE_CHANGED),
        row("none unspecified", NONE, Size.unspecified(), modelDefault(1024, 1024)),
        row("none unknown default", NONE_UNKNOWN, Size.exact(1024, 1024), modelDefault(), NOT_SENT),

        // ---- ties broken by declaration order
        row("tie 1:1 sizes", TIE_SIZES, Size.aspect(1, 1), explicit("1536x1024"), RATIO_CHANGED),
        row(
            "tie 1:1 sizes reversed",
            TIE_SIZES_REVERSED,
            Size.aspect(1, 1),
            explicit("1024x1536"),
            RATIO_CHANGED),
        row(
            "tie 1024x1024 sizes",
            TIE_SIZES,
            Size.exact(1024, 1024),
            explicit("1536x1024"),
            SIZE_CHANGED),
        // 4:3 at 1 MP: 1182.4 -> 1184, 886.8 -> 880
        row(
            "tie 1:1 ratios",
            TIE_RATIOS,
            Size.aspect(1, 1),
            ratio("4:3", null, 1184, 880),
            RATIO_CHANGED),
        row(
            "tie 1:1 ratios reversed",
            TIE_RATIOS_REVERSED,
            Size.aspect(1, 1),
            ratio("3:4", null, 880, 1184),
            RATIO_CHANGED),
        // listed sides: every listed pair is an option, ranked like presets
        row("kandinsky listed pair", KANDINSKY, Size.exact(640, 960), custom(640, 960)),
        row("kandinsky 21:9 is a listed pair", KANDINSKY, Size.aspect(21, 9), custom(1792, 768)),
        row(
            "kandinsky off the list",
            KANDINSKY,
            Size.exact(1000, 700),
            custom(1024, 704),
            SIZE_CHANGED),
        row("kandinsky 1:1 at its default", KANDINSKY, Size.aspect(1, 1), custom(512, 512)),
        // a pixel budget without side limits of its own
        row("wan 1:4 at the floor", WAN, Size.exact(400, 1600), custom(400, 1600)),
        row("wan 4:1 at 1 MP", WAN, Size.aspect(4, 1), custom(2048, 512)),
        row("wan below the floor", WAN, Size.exact(640, 640), custom(768, 768), SIZE_CHANGED),
        row("wan far below the floor", WAN, Size.exact(100, 50), custom(1088, 544), SIZE_CHANGED),
        row("wan above the cap", WAN, Size.exact(5000, 5000), custom(1440, 1440), SIZE_CHANGED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void picksTheNearestNativeOption(
      String name, SizeCapability capability, Size size, SizeChoice expected, String deviation) {
    SizeDecision decision = SizeNegotiator.negotiate(size, capability, Strictness.BEST_EFFORT);

    assertEquals(expected, decision.choice());
    Adaptation a = decision.adaptation();
    if (deviation == null) {
      assertNull(a, () -> "expected no adaptation, got " + a);
      return;
    }
    assertNotNull(a, "expected an adaptation");
    assertEquals(RequestField.SIZE, a.field());
    assertEquals(size.toString(), a.requested());
    assertEquals(expected.toString(), a.applied());
    assertTrue(
        a.reason().startsWith(deviation + "; "),
        () -> "reason '" + a.reason() + "' should start with '" + deviation + "'");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void requiredThrowsExactlyWhenTheRequestIsNotHonoured(
      String name, SizeCapability capability, Size size, SizeChoice expected, String deviation) {
    if (deviation == null) {
      SizeDecision decision = SizeNegotiator.negotiate(size, capability, Strictness.REQUIRED);
      assertEquals(expected, decision.choice());
      assertNull(decision.adaptation());
      return;
    }
    UnsupportedCapabilityException e =
        assertThrows(
            UnsupportedCapabilityException.class,
            () -> SizeNegotiator.negotiate(size, capability, Strictness.REQUIRED));
    assertEquals(RequestField.SIZE, e.field());
    assertTrue(e.getMessage().startsWith("size: "), e.getMessage());
    assertTrue(e.getMessage().contains(size.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("nearest is " + expected), e.getMessage());
    assertTrue(e.getMessage().contains(deviation), e.getMessage());
  }

  // ---------------------------------------------------------------- full adaptation texts

  static Stream<Arguments> adaptationTexts() {
    return Stream.of(
        Arguments.of(
            NOVA,
            Size.exact(1000, 700),
            "size 1000x700 -> 1008x704: size changed; width and height must be multiples of 16"),
        Arguments.of(
            FAL_CUSTOM,
            Size.exact(1000, 700),
            "size 1000x700 -> 1008x704: size changed; width and height must be multiples of 16"),
        Arguments.of(
            LEONARDO,
            Size.exact(2048, 2048),
            "size 2048x2048 -> 1536x1536: size changed; width and height must be between 32 and"
                + " 1536"),
        Arguments.of(
            NOVA,
            Size.exact(4096, 4096),
            "size 4096x4096 -> 2048x2048: size changed; at most 4194304 pixels"),
        Arguments.of(
            NOVA,
            Size.aspect(8, 1),
            "size 8:1 -> 2048x512: aspect ratio changed; width/height must be at most 4, width"
                + " and height must be multiples of 16"),
        Arguments.of(
            FAL,
            Size.aspect(21, 9),
            "size 21:9 -> landscape_16_9 (1024x576): aspect ratio changed; nearest of the"
                + " model's presets (square_hd, square, portrait_4_3, portrait_16_9,"
                + " landscape_4_3, landscape_16_9)"),
        Arguments.of(
            SCHNELL,
            Size.aspect(1, 4),
            "size 1:4 -> 9:21 (672x1568): aspect ratio changed; the model takes only the aspect"
                + " ratios 1:1, 16:9, 21:9, 3:2, 2:3, 4:5, 5:4, 3:4, 4:3, 9:16, 9:21"),
        Arguments.of(
            SCHNELL,
            Size.aspect(1, 1, 0.5),
            "size 1:1 @ 0.5 MP -> 1:1 @ 1 MP (1024x1024): pixel count changed; the model takes"
                + " aspect ratios (1:1, 16:9, 21:9, 3:2, 2:3, 4:5, 5:4, 3:4, 4:3, 9:16, 9:21) at 1"
                + " or 0.25 MP"),
        Arguments.of(
            GPT,
            Size.aspect(16, 9),
            "size 16:9 -> 1536x1024: aspect ratio changed; the model takes only the sizes"
                + " 1024x1024, 1536x1024, 1024x1536"),
        Arguments.of(
            RES,
            Size.aspect(1, 1, 4.0),
            "size 1:1 @ 4.0 MP -> 2 MP 1:1 (1456x1456): pixel count changed; the model takes"
                + " resolutions 0.5 MP, 1 MP, 2 MP with aspect ratios 1:1, 16:9, 9:16, 4:3, 3:4,"
                + " 21:9, 9:21"),
        Arguments.of(
            NONE,
            Size.aspect(16, 9),
            "size 16:9 -> model default (1024x1024): aspect ratio changed; the model takes no"
                + " size parameter; it always produces 1024x1024"),
        Arguments.of(
            NONE_UNKNOWN,
            Size.exact(1024, 1024),
            "size 1024x1024 -> model default: size not sent; the model takes no size parameter;"
                + " its default is used"));
  }

  @ParameterizedTest
  @MethodSource("adaptationTexts")
  void adaptationSaysWhatChangedAndWhy(SizeCapability capability, Size size, String expected) {
    Adaptation a = SizeNegotiator.negotiate(size, capability, Strictness.BEST_EFFORT).adaptation();
    assertNotNull(a);
    assertEquals(expected, a.toString());
  }

  @Test
  void requiredMessageNamesTheFieldTheRequestAndTheNearestOption() {
    UnsupportedCapabilityException e =
        assertThrows(
            UnsupportedCapabilityException.class,
            () -> SizeNegotiator.negotiate(Size.exact(1000, 700), NOVA, Strictness.REQUIRED));
    assertEquals(
        "size: 1000x700 is required but cannot be honoured: nearest is 1008x704 (size changed;"
            + " width and height must be multiples of 16)",
        e.getMessage());
  }

  @Test
  void unspecifiedNeverAdaptsOrThrows() {
    for (SizeCapability c :
        List.of(FAL, FAL_NO_DEFAULT, SCHNELL, GPT, FOOOCUS, LEONARDO, NOVA, RES, NONE)) {
      SizeDecision d = SizeNegotiator.negotiate(Size.unspecified(), c, Strictness.REQUIRED);
      assertEquals(new SizeChoice.ModelDefault(c.defaultSize()), d.choice());
      assertNull(d.adaptation());
    }
    assertEquals(new PixelSize(1152, 896), FOOOCUS.defaultSize());
  }

  @Test
  void fittedSizesAlwaysSatisfyTheRule() {
    DimensionRule nova = ((SizeCapability.FreeDimensions) NOVA).rule();
    DimensionRule leonardo = ((SizeCapability.FreeDimensions) LEONARDO).rule();
    DimensionRule wan = ((SizeCapability.FreeDimensions) WAN).rule();
    DimensionRule kandinsky = ((SizeCapability.FreeDimensions) KANDINSKY).rule();
    int[] sides = {
      1,
      17,
      100,
      320,
      333,
      512,
      700,
      1000,
      1024,
      1366,
      2000,
      3000,
      4096,
      9999,
      999_999,
      Integer.MAX_VALUE
    };
    for (int w : sides) {
      for (int h : sides) {
        PixelSize nv =
            SizeNegotiator.negotiate(Size.exact(w, h), NOVA, Strictness.BEST_EFFORT)
                .choice()
                .pixels();
        assertTrue(nova.allows(nv), () -> w + "x" + h + " -> " + nv + " breaks the Nova rule");
        PixelSize lv =
            SizeNegotiator.negotiate(Size.exact(w, h), LEONARDO, Strictness.BEST_EFFORT)
                .choice()
                .pixels();
        assertTrue(
            leonardo.allows(lv), () -> w + "x" + h + " -> " + lv + " breaks the Leonardo rule");
        PixelSize wv =
            SizeNegotiator.negotiate(Size.exact(w, h), WAN, Strictness.BEST_EFFORT)
                .choice()
                .pixels();
        assertTrue(wan.allows(wv), () -> w + "x" + h + " -> " + wv + " breaks the Wan rule");
        PixelSize kv =
            SizeNegotiator.negotiate(Size.exact(w, h), KANDINSKY, Strictness.BEST_EFFORT)
                .choice()
                .pixels();
        assertTrue(
            kandinsky.allows(kv), () -> w + "x" + h + " -> " + kv + " breaks the Kandinsky rule");
      }
    }
  }

  @Test
  void aRuleThatNoSizeCanMeetCannotBeBuilt() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new DimensionRule(512, 1024, 16, List.of(512, 1024), 0, 0, 0, 0),
        "listed sides take no multiple");
    assertThrows(
        IllegalArgumentException.class,
        () -> DimensionRule.of(64, 512, 16).withPixels(1_000_000L, 0),
        "a pixel floor above the largest size");
    assertThrows(
        IllegalArgumentException.class,
        () -> DimensionRule.of(64, 2048, 16).withPixels(2_000_000L, 1_000_000L),
        "a floor above the cap");
    assertThrows(
        IllegalArgumentException.class,
        () -> DimensionRule.listed(List.of(512, 1024)).withRatios(3, 4),
        "no listed pair has a ratio of 3..4");
    assertEquals(
        "sides 384, 512, at least 200000 pixels",
        DimensionRule.listed(List.of(512, 384)).withPixels(200_000L, 0).describe());
  }

  @Test
  void listedSidesStepToTheirNeighbours() {
    DimensionRule r = DimensionRule.listed(List.of(384, 512, 768));
    assertEquals(512, r.nearestSide(600));
    assertEquals(768, r.nearestSide(640), "halfway goes up");
    assertEquals(384, r.nearestSide(10));
    assertEquals(List.of(512, 768), r.sidesAround(700));
    assertEquals(List.of(512), r.sidesAround(512));
    assertEquals(384, r.sideBelow(512));
    assertEquals(0, r.sideBelow(384));
    assertEquals(768, r.sideAbove(512));
    assertEquals(0, r.sideAbove(768));
  }

  // ---------------------------------------------------------------- helpers

  private static Arguments row(String name, SizeCapability cap, Size size, SizeChoice expected) {
    return Arguments.of(name, cap, size, expected, HONOURED);
  }

  private static Arguments row(
      String name, SizeCapability cap, Size size, SizeChoice expected, String deviation) {
    return Arguments.of(name, cap, size, expected, deviation);
  }

  private static SizeChoice preset(String name, int w, int h) {
    return new SizeChoice.Preset(name, new PixelSize(w, h));
  }

  private static SizeChoice ratio(String label, String mp, int w, int h) {
    return new SizeChoice.Ratio(AspectRatio.parse(label), mp, new PixelSize(w, h));
  }

  private static SizeChoice explicit(String label) {
    return new SizeChoice.Explicit(label, PixelSize.parse(label));
  }

  private static SizeChoice custom(int w, int h) {
    return new SizeChoice.Custom(new PixelSize(w, h));
  }

  private static SizeChoice res(String cls, String ratio, int w, int h) {
    return new SizeChoice.Resolution(cls, AspectRatio.parse(ratio), new PixelSize(w, h));
  }

  private static SizeChoice modelDefault(int w, int h) {
    return new SizeChoice.ModelDefault(new PixelSize(w, h));
  }

  private static SizeChoice modelDefault() {
    return new SizeChoice.ModelDefault(null);
  }

  private static Map<String, Double> megapixels(Object... labelsAndValues) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < labelsAndValues.length; i += 2) {
      m.put((String) labelsAndValues[i], (Double) labelsAndValues[i + 1]);
    }
    return m;
  }

  private static Map<String, PixelSize> falPresets() {
    Map<String, PixelSize> m = new LinkedHashMap<>();
    m.put("square_hd", new PixelSize(1024, 1024));
    m.put("square", new PixelSize(512, 512));
    m.put("portrait_4_3", new PixelSize(768, 1024));
    m.put("portrait_16_9", new PixelSize(576, 1024));
    m.put("landscape_4_3", new PixelSize(1024, 768));
    m.put("landscape_16_9", new PixelSize(1024, 576));
    return m;
  }

  private static List<AspectRatio> parsed(List<String> ratios) {
    return ratios.stream().map(AspectRatio::parse).toList();
  }

  private static SizeCapability aspectRatios(
      List<String> ratios,
      DimensionRule custom,
      Map<String, Double> megapixels,
      double nominal,
      int multiple,
      String defaultRatio) {
    return new SizeCapability.AspectRatios(
        parsed(ratios),
        custom,
        megapixels,
        nominal,
        multiple,
        defaultRatio == null ? null : AspectRatio.parse(defaultRatio));
  }

  private static SizeCapability resolutionClasses(
      Map<String, Double> classes,
      List<String> ratios,
      int multiple,
      String defaultClass,
      String defaultRatio) {
    return new SizeCapability.ResolutionClasses(
        classes,
        parsed(ratios),
        multiple,
        defaultClass,
        defaultRatio == null ? null : AspectRatio.parse(defaultRatio));
  }
}
