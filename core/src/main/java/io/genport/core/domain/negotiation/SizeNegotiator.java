package io.genport.core.domain.negotiation;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.AspectRatio;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.Size;
import io.genport.core.domain.Strictness;
import io.genport.core.domain.UnsupportedCapabilityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fits a requested {@link Size} to a model's {@link SizeCapability}. Stateless and thread-safe.
 *
 * <p>Among the native options the model offers, it picks the one with the smallest aspect-ratio
 * error, measured as {@code |log(r_native / r_requested)|}; among equal ratio errors, the one with
 * the closest pixel count (again in log space); among full ties, the option declared first. Free
 * width/height options are fitted to the request first: scaled into the pixel cap and the side
 * range, the ratio clamped to the allowed range, and each side rounded to the nearest multiple.
 *
 * <p>An aspect-ratio request counts as honoured when the chosen ratio is within {@value
 * #RATIO_TOLERANCE_PERCENT}% of the requested one (rounding to multiples makes exact ratios
 * impossible at most scales) and, if megapixels were requested, the pixel count is within {@value
 * #PIXEL_TOLERANCE_PERCENT}%. An exact request counts as honoured only when the pixel size is
 * identical.
 */
public final class SizeNegotiator {
  /** Ratio deviation below which an aspect-ratio request counts as honoured. */
  public static final double RATIO_TOLERANCE_PERCENT = 1.0;

  /** Pixel-count deviation below which a megapixel target counts as honoured. */
  public static final double PIXEL_TOLERANCE_PERCENT = 10.0;

  private static final double EPSILON = 1e-9;

  private SizeNegotiator() {}

  /**
   * Negotiates {@code requested} against {@code capability}.
   *
   * @return the native choice, with an adaptation when it differs from the request
   * @throws UnsupportedCapabilityException when {@code strictness} is {@link Strictness#REQUIRED}
   *     and the request cannot be honoured exactly; the message names the nearest option
   */
  public static SizeDecision negotiate(
      Size requested, SizeCapability capability, Strictness strictness) {
    if (requested instanceof Size.Unspecified) {
      return new SizeDecision(new SizeChoice.ModelDefault(capability.defaultSize()), null);
    }
    Target target = Target.of(requested, capability);
    List<Candidate> candidates = candidates(target, capability);
    Candidate best = null;
    for (Candidate c : candidates) {
      if (best == null || c.betterThan(best, target)) {
        best = c;
      }
    }
    String deviation = target.deviation(best);
    if (deviation == null) {
      return new SizeDecision(best.choice, null);
    }
    String reason = deviation + "; " + best.why;
    if (strictness == Strictness.REQUIRED) {
      throw new UnsupportedCapabilityException(
          RequestField.SIZE,
          "size "
              + requested
              + " is required but cannot be honoured: nearest is "
              + best.choice
              + " ("
              + reason
              + ")");
    }
    return new SizeDecision(
        best.choice,
        new Adaptation(RequestField.SIZE, requested.toString(), best.choice.toString(), reason));
  }

  /** The size a vendor renders {@code ratio} at about {@code pixels} pixels, sides rounded. */
  static PixelSize sizeAt(double ratio, double pixels, int multiple) {
    double w = Math.sqrt(pixels * ratio);
    double h = Math.sqrt(pixels / ratio);
    return new PixelSize(roundTo(w, multiple), roundTo(h, multiple));
  }

  private static int roundTo(double value, int multiple) {
    long r = Math.round(value / multiple) * multiple;
    return (int) Math.max(multiple, r);
  }

  private static List<Candidate> candidates(Target t, SizeCapability capability) {
    List<Candidate> out = new ArrayList<>();
    if (capability instanceof SizeCapability.Presets p) {
      String names = String.join(", ", p.presets().keySet());
      p.presets()
          .forEach(
              (name, px) ->
                  out.add(
                      Candidate.of(
                          new SizeChoice.Preset(name, px),
                          px.ratio(),
                          px,
                          "nearest of the model's presets (" + names + ")")));
      if (p.custom() != null) {
        out.add(fitted(t, p.custom()));
      }
    } else if (capability instanceof SizeCapability.AspectRatios a) {
      String ratios = String.join(", ", a.ratios());
      boolean chooseScale = !a.megapixels().isEmpty() && t.scaleRequested;
      for (String ratio : a.ratios()) {
        double r = AspectRatio.parse(ratio).value();
        if (chooseScale) {
          for (Map.Entry<String, Double> mp : a.megapixels().entrySet()) {
            out.add(
                Candidate.of(
                    new SizeChoice.Ratio(ratio, mp.getKey(), a.pixelsFor(ratio, mp.getValue())),
                    r,
                    a.pixelsFor(ratio, mp.getValue()),
                    "the model takes aspect ratios ("
                        + ratios
                        + ") at "
                        + String.join(" or ", a.megapixels().keySet())
                        + " MP"));
          }
        } else {
          PixelSize px = a.pixelsFor(ratio, a.nominalMegapixels());
          out.add(
              Candidate.of(
                  new SizeChoice.Ratio(ratio, null, px),
                  r,
                  px,
                  a.custom() == null
                      ? "the model takes only the aspect ratios " + ratios
                      : "nearest listed aspect ratio (" + ratios + ")"));
        }
      }
      if (a.custom() != null) {
        out.add(fitted(t, a.custom()));
      }
    } else if (capability instanceof SizeCapability.ExplicitSizes e) {
      String labels = String.join(", ", e.labels());
      for (String label : e.labels()) {
        PixelSize px = PixelSize.parse(label);
        out.add(
            Candidate.of(
                new SizeChoice.Explicit(label, px),
                px.ratio(),
                px,
                "the model takes only the sizes " + labels));
      }
    } else if (capability instanceof SizeCapability.FreeDimensions f) {
      out.add(fitted(t, f.rule()));
    } else if (capability instanceof SizeCapability.ResolutionClasses rc) {
      String desc =
          "the model takes resolutions "
              + String.join(", ", rc.classes().keySet())
              + " with aspect ratios "
              + String.join(", ", rc.ratios());
      for (String ratio : rc.ratios()) {
        for (String cls : rc.classes().keySet()) {
          PixelSize px = rc.pixelsFor(cls, ratio);
          out.add(
              Candidate.of(
                  new SizeChoice.Resolution(cls, ratio, px),
                  AspectRatio.parse(ratio).value(),
                  px,
                  desc));
        }
      }
    } else if (capability instanceof SizeCapability.NoSize n) {
      out.add(
          new Candidate(
              new SizeChoice.ModelDefault(n.defaultSize()),
              Double.MAX_VALUE,
              Double.MAX_VALUE,
              "the model takes no size parameter; its default is used",
              0));
    }
    for (int i = 0; i < out.size(); i++) {
      out.set(i, out.get(i).withOrder(i));
    }
    return out;
  }

  /** Fits the target into a dimension rule, recording which constraints changed it. */
  private static Candidate fitted(Target t, DimensionRule rule) {
    List<String> why = new ArrayList<>();
    double ratio = t.ratio;
    if (rule.minRatio() > 0 && ratio < rule.minRatio() - EPSILON) {
      ratio = rule.minRatio();
      why.add("width/height must be at least " + fmt(rule.minRatio()));
    } else if (rule.maxRatio() > 0 && ratio > rule.maxRatio() + EPSILON) {
      ratio = rule.maxRatio();
      why.add("width/height must be at most " + fmt(rule.maxRatio()));
    }
    double w;
    double h;
    if (t.exact != null && ratio == t.ratio) {
      w = t.exact.width();
      h = t.exact.height();
    } else {
      w = Math.sqrt(t.pixels * ratio);
      h = Math.sqrt(t.pixels / ratio);
    }
    if (rule.maxPixels() > 0 && w * h > rule.maxPixels()) {
      double s = Math.sqrt(rule.maxPixels() / (w * h));
      w *= s;
      h *= s;
      why.add("at most " + rule.maxPixels() + " pixels");
    }
    int lo = rule.lowestSide();
    int hi = rule.highestSide();
    double down = Math.min(1.0, Math.min(hi / w, hi / h));
    if (down < 1.0) {
      w *= down;
      h *= down;
    }
    double up = Math.max(1.0, Math.max(lo / w, lo / h));
    if (up > 1.0) {
      w *= up;
      h *= up;
    }
    if (down < 1.0 || up > 1.0 || w > hi || h > hi) {
      why.add("width and height must be between " + rule.min() + " and " + rule.max());
    }
    int m = rule.multiple();
    int iw = clamp(roundTo(w, m), lo, hi);
    int ih = clamp(roundTo(h, m), lo, hi);
    // Rounding up may break the pixel cap or the ratio range again; step down one multiple at a
    // time, shrinking the side that is furthest over.
    for (int guard = 0; guard < 10_000; guard++) {
      boolean overPixels = rule.maxPixels() > 0 && (long) iw * ih > rule.maxPixels();
      boolean overRatio = rule.maxRatio() > 0 && (double) iw / ih > rule.maxRatio() + EPSILON;
      boolean underRatio = rule.minRatio() > 0 && (double) iw / ih < rule.minRatio() - EPSILON;
      if (!overPixels && !overRatio && !underRatio) {
        break;
      }
      if (overRatio && iw - m >= lo) {
        iw -= m;
      } else if (underRatio && ih - m >= lo) {
        ih -= m;
      } else if (overPixels && iw >= ih && iw - m >= lo) {
        iw -= m;
      } else if (overPixels && ih - m >= lo) {
        ih -= m;
      } else {
        break;
      }
    }
    PixelSize px = new PixelSize(iw, ih);
    if (t.exact == null) {
      px = closestRatio(px, t.ratio, w * h, rule);
    }
    if (m > 1 && (t.exact == null || t.exact.width() % m != 0 || t.exact.height() % m != 0)) {
      why.add("width and height must be multiples of " + m);
    }
    String reason = why.isEmpty() ? "fitted to the model's size rules" : String.join(", ", why);
    return Candidate.of(new SizeChoice.Custom(px), px.ratio(), px, reason);
  }

  /** How far from the rounded size the ratio search looks, in multiples, on either side. */
  private static final int RATIO_SEARCH_STEPS = 2;

  /**
   * For an aspect-ratio request, the allowed size near {@code rounded} whose ratio is closest to
   * {@code ratio} (then whose pixel count is closest to {@code pixels}). Rounding each side to its
   * own nearest multiple can miss the ratio by more than a neighbouring size does: 21:9 at 0.79 MP
   * rounds to 1360x576 (2.361, 1.2% off) although 1344x576 is exactly 21:9. Only sizes within
   * {@value #RATIO_SEARCH_STEPS} multiples of the rounded sides are considered, so the scale stays
   * close to the requested one. Returns {@code rounded} when nothing nearby is better (an allowed
   * size is always better than a rounded one the rule does not allow).
   */
  private static PixelSize closestRatio(
      PixelSize rounded, double ratio, double pixels, DimensionRule rule) {
    int m = rule.multiple();
    PixelSize best = rounded;
    boolean bestAllowed = rule.allows(rounded);
    for (int k = -RATIO_SEARCH_STEPS; k <= RATIO_SEARCH_STEPS; k++) {
      int h = rounded.height() + k * m;
      int w = rounded.width() + k * m;
      PixelSize[] options = {
        h >= 1 ? sized(roundTo(h * ratio, m), h) : null,
        w >= 1 ? sized(w, roundTo(w / ratio, m)) : null
      };
      for (PixelSize c : options) {
        if (c != null && rule.allows(c) && (!bestAllowed || closer(c, best, ratio, pixels))) {
          best = c;
          bestAllowed = true;
        }
      }
    }
    return best;
  }

  private static PixelSize sized(int w, int h) {
    return w >= 1 && h >= 1 ? new PixelSize(w, h) : null;
  }

  /** Whether {@code a} is strictly closer than {@code b}: ratio first, then pixel count. */
  private static boolean closer(PixelSize a, PixelSize b, double ratio, double pixels) {
    double ra = Math.abs(Math.log(a.ratio() / ratio));
    double rb = Math.abs(Math.log(b.ratio() / ratio));
    if (Math.abs(ra - rb) > EPSILON) {
      return ra < rb;
    }
    double pa = Math.abs(Math.log(a.pixels() / pixels));
    double pb = Math.abs(Math.log(b.pixels() / pixels));
    return pa < pb - EPSILON;
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** What the request asks for, in comparable terms. */
  private record Target(
      Size requested, double ratio, double pixels, PixelSize exact, boolean scaleRequested) {
    static Target of(Size requested, SizeCapability capability) {
      if (requested instanceof Size.Exact e) {
        return new Target(requested, e.pixels().ratio(), e.pixels().pixels(), e.pixels(), true);
      }
      if (requested instanceof Size.Aspect a) {
        double pixels;
        if (a.megapixels() != null) {
          pixels = a.megapixels() * SizeCapability.MEGAPIXEL;
        } else {
          PixelSize d = capability.defaultSize();
          pixels = d != null ? d.pixels() : SizeCapability.MEGAPIXEL;
          if (capability instanceof SizeCapability.AspectRatios ar) {
            pixels = ar.nominalMegapixels() * SizeCapability.MEGAPIXEL;
          }
        }
        return new Target(requested, a.ratio().value(), pixels, null, a.megapixels() != null);
      }
      throw new IllegalStateException("unspecified has no target");
    }

    /** Why {@code c} differs from the request, or {@code null} when it honours it. */
    String deviation(Candidate c) {
      if (c.choice instanceof SizeChoice.ModelDefault) {
        return "size not sent";
      }
      PixelSize px = c.choice.pixels();
      if (exact != null) {
        return exact.equals(px) ? null : "size changed";
      }
      double ratioOff = Math.abs(c.ratio / ratio - 1) * 100;
      if (ratioOff > RATIO_TOLERANCE_PERCENT) {
        return "aspect ratio changed";
      }
      if (scaleRequested && px != null) {
        double pxOff = Math.abs(px.pixels() / pixels - 1) * 100;
        if (pxOff > PIXEL_TOLERANCE_PERCENT) {
          return "pixel count changed";
        }
      }
      return null;
    }
  }

  private record Candidate(
      SizeChoice choice, double ratio, double pixelsForCompare, String why, int order) {
    static Candidate of(SizeChoice choice, double ratio, PixelSize px, String why) {
      return new Candidate(choice, ratio, px.pixels(), why, 0);
    }

    Candidate withOrder(int order) {
      return new Candidate(choice, ratio, pixelsForCompare, why, order);
    }

    boolean betterThan(Candidate other, Target t) {
      double ra = ratioError(t);
      double rb = other.ratioError(t);
      if (Math.abs(ra - rb) > EPSILON) {
        return ra < rb;
      }
      double pa = pixelError(t);
      double pb = other.pixelError(t);
      if (Math.abs(pa - pb) > EPSILON) {
        return pa < pb;
      }
      return order < other.order;
    }

    double ratioError(Target t) {
      return ratio == Double.MAX_VALUE ? Double.MAX_VALUE : Math.abs(Math.log(ratio / t.ratio));
    }

    double pixelError(Target t) {
      return pixelsForCompare == Double.MAX_VALUE
          ? Double.MAX_VALUE
          : Math.abs(Math.log(pixelsForCompare / t.pixels));
    }
  }
}
