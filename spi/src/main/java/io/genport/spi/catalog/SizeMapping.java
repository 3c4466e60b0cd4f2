package io.genport.spi.catalog;

import io.genport.core.domain.negotiation.DimensionRule;
import io.genport.core.domain.negotiation.SizeCapability;
import io.genport.core.domain.negotiation.SizeChoice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a model's size parameters carry a {@link SizeChoice}: which native names, which values. One
 * variant per {@link SizeCapability} kind.
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

  /** Writes {@code choice} into {@code body}. */
  void render(SizeChoice choice, NativeBody body);

  /** The native parameter names this mapping writes. */
  List<String> params();

  /** Presets in {@code param}; {@code custom} (nullable) sends {@code {width,height}} there. */
  record Presets(String param, SizeCapability.Presets capability) implements SizeMapping {
    @Override
    public void render(SizeChoice choice, NativeBody body) {
      if (choice instanceof SizeChoice.Preset p) {
        body.put(param, p.name());
      } else if (choice instanceof SizeChoice.Custom c) {
        // Written in a fixed order (width, then height) so a request body is the same on every run.
        Map<String, Integer> wh = new LinkedHashMap<>();
        wh.put("width", c.pixels().width());
        wh.put("height", c.pixels().height());
        body.putObject(param, wh);
      }
    }

    @Override
    public List<String> params() {
      return List.of(param);
    }
  }

  /**
   * Aspect-ratio labels in {@code param}; custom sizes as {@code customValue} plus width and height
   * parameters; an optional scale parameter.
   */
  record AspectRatios(
      String param,
      String customValue,
      String widthParam,
      String heightParam,
      String megapixelsParam,
      SizeCapability.AspectRatios capability)
      implements SizeMapping {
    @Override
    public void render(SizeChoice choice, NativeBody body) {
      if (choice instanceof SizeChoice.Ratio r) {
        body.put(param, r.ratio());
        if (r.megapixels() != null && megapixelsParam != null) {
          body.put(megapixelsParam, r.megapixels());
        }
      } else if (choice instanceof SizeChoice.Custom c) {
        body.put(param, customValue);
        body.put(widthParam, c.pixels().width());
        body.put(heightParam, c.pixels().height());
      }
    }

    @Override
    public List<String> params() {
      List<String> out = new java.util.ArrayList<>(List.of(param));
      if (capability.custom() != null) {
        out.add(widthParam);
        out.add(heightParam);
      }
      if (megapixelsParam != null) {
        out.add(megapixelsParam);
      }
      return out;
    }
  }

  /** An explicit list of {@code WxH} labels in {@code param}. */
  record Sizes(String param, SizeCapability.ExplicitSizes capability) implements SizeMapping {
    @Override
    public void render(SizeChoice choice, NativeBody body) {
      if (choice instanceof SizeChoice.Explicit e) {
        body.put(param, e.label());
      }
    }

    @Override
    public List<String> params() {
      return List.of(param);
    }
  }

  /** Free width and height parameters. */
  record Dimensions(String widthParam, String heightParam, SizeCapability.FreeDimensions capability)
      implements SizeMapping {
    @Override
    public void render(SizeChoice choice, NativeBody body) {
      if (choice instanceof SizeChoice.Custom c) {
        body.put(widthParam, c.pixels().width());
        body.put(heightParam, c.pixels().height());
      }
    }

    @Override
    public List<String> params() {
      return List.of(widthParam, heightParam);
    }

    /** The rule, for convenience. */
    public DimensionRule rule() {
      return capability.rule();
    }
  }

  /** A resolution class in {@code param} plus a ratio in {@code ratioParam}. */
  record Resolution(String param, String ratioParam, SizeCapability.ResolutionClasses capability)
      implements SizeMapping {
    @Override
    public void render(SizeChoice choice, NativeBody body) {
      if (choice instanceof SizeChoice.Resolution r) {
        body.put(param, r.resolution());
        body.put(ratioParam, r.ratio());
      }
    }

    @Override
    public List<String> params() {
      return List.of(param, ratioParam);
    }
  }

  /** No size parameter. */
  record None(SizeCapability.NoSize capability) implements SizeMapping {
    @Override
    public void render(SizeChoice choice, NativeBody body) {}

    @Override
    public List<String> params() {
      return List.of();
    }
  }
}
