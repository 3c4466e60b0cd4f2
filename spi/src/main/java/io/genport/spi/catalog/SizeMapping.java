package io.genport.spi.catalog;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.negotiation.SizeCapability;
import io.genport.core.domain.negotiation.SizeChoice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a model's size parameters carry a {@link SizeChoice}: which native names, which values. One
 * variant per {@link SizeCapability} kind, holding that kind's capability, so a mapping and the
 * options it renders cannot disagree: each variant checks when built that it has a parameter for
 * every option its capability offers, and fails loudly when asked to render a choice its kind never
 * produces, rather than writing nothing.
 *
 * @since 1
 */
public sealed interface SizeMapping
    permits SizeMapping.Presets,
        SizeMapping.AspectRatios,
        SizeMapping.Sizes,
        SizeMapping.Dimensions,
        SizeMapping.Resolution,
        SizeMapping.None {

  /** The capability the negotiator works with. */
  SizeCapability capability();

  /**
   * Writes {@code choice} into {@code body}; a {@link SizeChoice.ModelDefault} writes nothing.
   *
   * @throws IllegalArgumentException when {@code choice} is of a kind this mapping's capability
   *     never offers
   */
  void render(SizeChoice choice, NativeBody body);

  /** The native parameter names this mapping writes. */
  List<String> params();

  private static IllegalArgumentException cannotCarry(SizeMapping mapping, SizeChoice choice) {
    return new IllegalArgumentException(
        "a '"
            + mapping.capability().kind()
            + "' size mapping cannot carry "
            + choice.getClass().getSimpleName()
            + " "
            + choice);
  }

  /** Presets in {@code param}; a custom size is sent as {@code {width, height}} there. */
  record Presets(String param, SizeCapability.Presets capability) implements SizeMapping {
    public Presets {
      requireNonNull(param, "param is null");
      requireNonNull(capability, "capability is null");
    }

    @Override
    public void render(SizeChoice choice, NativeBody body) {
      if (choice instanceof SizeChoice.Preset p) {
        body.put(param, p.name());
      } else if (choice instanceof SizeChoice.Custom c && capability.custom() != null) {
        // Written in a fixed order (width, then height) so a request body is the same on every run.
        Map<String, Integer> wh = new LinkedHashMap<>();
        wh.put("width", c.pixels().width());
        wh.put("height", c.pixels().height());
        body.putObject(param, wh);
      } else if (!(choice instanceof SizeChoice.ModelDefault)) {
        throw cannotCarry(this, choice);
      }
    }

    @Override
    public List<String> params() {
      return List.of(param);
    }
  }

  /**
   * The parameters of a custom size next to an aspect-ratio enumeration.
   *
   * @param value the enumeration value that selects a custom size (usually {@code custom})
   * @param widthParam the width parameter
   * @param heightParam the height parameter
   */
  record CustomSize(String value, String widthParam, String heightParam) {
    public CustomSize {
      requireNonNull(value, "value is null");
      requireNonNull(widthParam, "widthParam is null");
      requireNonNull(heightParam, "heightParam is null");
    }
  }

  /**
   * Aspect ratios in {@code param}; custom sizes as {@code custom}'s value plus width and height;
   * the scale label in {@code megapixelsParam} when the model offers a choice of scales.
   *
   * @param param the aspect-ratio parameter
   * @param custom the custom-size parameters; present exactly when the capability has a custom rule
   * @param megapixelsParam the scale parameter; present exactly when the capability has scales
   * @param capability the ratios and rules
   */
  record AspectRatios(
      String param,
      CustomSize custom,
      String megapixelsParam,
      SizeCapability.AspectRatios capability)
      implements SizeMapping {
    public AspectRatios {
      requireNonNull(param, "param is null");
      requireNonNull(capability, "capability is null");
      if ((custom == null) != (capability.custom() == null)) {
        throw new IllegalArgumentException(
            "custom size parameters are needed exactly when the model takes custom sizes");
      }
      if ((megapixelsParam == null) != capability.megapixels().isEmpty()) {
        throw new IllegalArgumentException(
            "a megapixels parameter is needed exactly when the model offers scales");
      }
    }

    @Override
    public void render(SizeChoice choice, NativeBody body) {
      if (choice instanceof SizeChoice.Ratio r) {
        body.put(param, r.ratio().toString());
        if (r.megapixels() != null) {
          body.put(megapixelsParam, r.megapixels());
        }
      } else if (choice instanceof SizeChoice.Custom c && custom != null) {
        body.put(param, custom.value());
        body.put(custom.widthParam(), c.pixels().width());
        body.put(custom.heightParam(), c.pixels().height());
      } else if (!(choice instanceof SizeChoice.ModelDefault)) {
        throw cannotCarry(this, choice);
      }
    }

    @Override
    public List<String> params() {
      List<String> out = new ArrayList<>(List.of(param));
      if (custom != null) {
        out.add(custom.widthParam());
        out.add(custom.heightParam());
      }
      if (megapixelsParam != null) {
        out.add(megapixelsParam);
      }
      return out;
    }
  }

  /**
   * An explicit list of sizes: sent as the {@code WxH} label in {@code param}, or, when {@code
   * param} is {@code null}, as the label's width and height in {@code widthParam} and {@code
   * heightParam} (Titan Image Generator takes only listed pairs, as two integers).
   */
  record Sizes(
      String param, String widthParam, String heightParam, SizeCapability.ExplicitSizes capability)
      implements SizeMapping {
    public Sizes {
      if ((param == null) == (widthParam == null || heightParam == null)) {
        throw new IllegalArgumentException("either a label parameter or width and height");
      }
      if (param != null && (widthParam != null || heightParam != null)) {
        throw new IllegalArgumentException("a label parameter, or width and height, not both");
      }
      requireNonNull(capability, "capability is null");
    }

    /** Sizes sent as labels in {@code param}. */
    public Sizes(String param, SizeCapability.ExplicitSizes capability) {
      this(requireNonNull(param, "param is null"), null, null, capability);
    }

    @Override
    public void render(SizeChoice choice, NativeBody body) {
      if (choice instanceof SizeChoice.Explicit e) {
        if (param != null) {
          body.put(param, e.label());
        } else {
          body.put(widthParam, e.pixels().width());
          body.put(heightParam, e.pixels().height());
        }
      } else if (!(choice instanceof SizeChoice.ModelDefault)) {
        throw cannotCarry(this, choice);
      }
    }

    @Override
    public List<String> params() {
      return param != null ? List.of(param) : List.of(widthParam, heightParam);
    }
  }

  /** Free width and height parameters. */
  record Dimensions(String widthParam, String heightParam, SizeCapability.FreeDimensions capability)
      implements SizeMapping {
    public Dimensions {
      requireNonNull(widthParam, "widthParam is null");
      requireNonNull(heightParam, "heightParam is null");
      requireNonNull(capability, "capability is null");
    }

    @Override
    public void render(SizeChoice choice, NativeBody body) {
      if (choice instanceof SizeChoice.Custom c) {
        body.put(widthParam, c.pixels().width());
        body.put(heightParam, c.pixels().height());
      } else if (!(choice instanceof SizeChoice.ModelDefault)) {
        throw cannotCarry(this, choice);
      }
    }

    @Override
    public List<String> params() {
      return List.of(widthParam, heightParam);
    }
  }

  /** A resolution class in {@code param} plus an aspect ratio in {@code ratioParam}. */
  record Resolution(String param, String ratioParam, SizeCapability.ResolutionClasses capability)
      implements SizeMapping {
    public Resolution {
      requireNonNull(param, "param is null");
      requireNonNull(ratioParam, "ratioParam is null");
      requireNonNull(capability, "capability is null");
    }

    @Override
    public void render(SizeChoice choice, NativeBody body) {
      if (choice instanceof SizeChoice.Resolution r) {
        body.put(param, r.resolution());
        body.put(ratioParam, r.ratio().toString());
      } else if (!(choice instanceof SizeChoice.ModelDefault)) {
        throw cannotCarry(this, choice);
      }
    }

    @Override
    public List<String> params() {
      return List.of(param, ratioParam);
    }
  }

  /** No size parameter. */
  record None(SizeCapability.NoSize capability) implements SizeMapping {
    public None {
      requireNonNull(capability, "capability is null");
    }

    @Override
    public void render(SizeChoice choice, NativeBody body) {
      if (!(choice instanceof SizeChoice.ModelDefault)) {
        throw cannotCarry(this, choice);
      }
    }

    @Override
    public List<String> params() {
      return List.of();
    }
  }
}
