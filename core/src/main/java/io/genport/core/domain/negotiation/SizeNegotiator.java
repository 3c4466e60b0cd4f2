package io.genport.core.domain.negotiation;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.Size;
import io.genport.core.domain.Strictness;
import io.genport.core.domain.UnsupportedCapabilityException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits a requested {@link Size} to a model's {@link SizeCapability}. Stateless and thread-safe.
 *
 * <p>Among the native options the model offers, it picks the one with the smallest aspect-ratio
 * error, measured as {@code |log(r_native / r_requested)|}; among equal ratio errors, the one with
 * the closest pixel count (again in log space); among full ties, the option declared first. When
 * the request asks for a scale too (an exact size, or an aspect ratio with megapixels), all ratio
 * errors within the tolerance below count as equal, so a free size that honours both the ratio and
 * the scale beats a preset whose ratio is marginally closer but whose size is far off. Free
 * width/height options are fitted to the request first: the ratio clamped to the allowed range,
 * scaled into the pixel range and the side range, and each side rounded to a multiple. Sides the
 * caller gave (an exact size that needed no scaling) go to their nearest multiple; sides derived
 * from a ratio go to whichever neighbouring multiples keep that ratio best. A rule that lists its
 * sides instead offers every allowed pair of them as an option, ranked like presets.
 *
 * <p>An aspect-ratio request counts as honoured when the chosen ratio is within {@value
 * #RATIO_TOLERANCE_PERCENT}% of the requested one (rounding to multiples makes exact ratios
 * impossible at most scales) and, if megapixels were requested, the pixel count is within {@value
 * #PIXEL_TOLERANCE_PERCENT}%. An exact request counts as honoured only when the pixel size is
 * identical. A model that takes no size parameter honours a request when its known default size
 * does; when its default is unknown, any size request is reported as not sent.
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
          requested
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
    return (int) Math.min(Integer.MAX_VALUE, Math.max(multiple, r));
  }

  /**
   * Every option the capability lists, then its free sizes (if any), numbered in that order for
   * tie-breaking.
   */
  private static List<Candidate> candidates(Target t, SizeCapability capability) {
    List<Candidate> out = new ArrayList<>();
    for (SizeCapability.Option o : capability.options(t.scaleRequested)) {
      PixelSize px = o.choice().pixels();
      out.add(
          px == null || Double.isNaN(o.ratio())
              ? new Candidate(o.choice(), Double.MAX_VALUE, Double.MAX_VALUE, o.why(), 0)
              : new Candidate(o.choice(), o.ratio(), px.pixels(), o.why(), 0));
    }
    if (capability.customRule() != null) {
      out.addAll(custom(t, capability.customRule()));
    }
    for (int i = 0; i < out.size(); i++) {
      out.set(i, out.get(i).withOrder(i));
    }
    return out;
  }

  /**
   * The free sizes a rule offers: the target fitted into a grid of multiples, or, when the rule
   * lists its sides, every listed width and height pair the rule allows. A short list is ranked
   * like any other native option, so the pair with the closest ratio wins even when its scale is
   * further off (21:9 on Kandinsky's sides is 1792x768, not a 960x384 that is 7% wider).
   */
  private static List<Candidate> custom(Target t, DimensionRule rule) {
    if (!rule.listedSides()) {
      return List.of(fitted(t, rule));
    }
    String why =
        "width and height must each be one of "
            + String.join(", ", rule.sides().stream().map(String::valueOf).toList());
    List<Candidate> out = new ArrayList<>();
    for (int w : rule.sides()) {
      for (int h : rule.sides()) {
        PixelSize px = new PixelSize(w, h);
        if (rule.allows(px)) {
          out.add(Candidate.of(new SizeChoice.Custom(px), px.ratio(), px, why));
        }
      }
    }
    return out;
  }

  /** Fits the target into a grid of multiples, recording which constraints changed it. */
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
    // Whether the sides are the caller's own width and height, or derived from ratio and scale.
    boolean asRequested = t.exact != null && ratio == t.ratio;
    if (asRequested) {
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
      asRequested = false;
      why.add("at most " + rule.maxPixels() + " pixels");
    } else if (w * h < rule.minPixels()) {
      double s = Math.sqrt(rule.minPixels() / (w * h));
      w *= s;
      h *= s;
      asRequested = false;
      why.add("at least " + rule.minPixels() + " pixels");
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
      asRequested = false;
      why.add("width and height must be between " + rule.min() + " and " + rule.max());
    }
    int m = rule.multiple();
    PixelSize px = nearestSides(w, h, rule);
    if (!asRequested) {
      px = keepRatio(px, w, h, ratio, rule);
    }
    if (m > 1 && (t.exact == null || t.exact.width() % m != 0 || t.exact.height() % m != 0)) {
      why.add("width and height must be multiples of " + m);
    }
    String reason = why.isEmpty() ? "fitted to the model's size rules" : String.join(", ", why);
    return Candidate.of(new SizeChoice.Custom(px), px.ratio(), px, reason);
  }

  /**
   * Rounds each side to its nearest allowed value, then steps one allowed value at a time while the
   * pixel range or the ratio range is broken: down on the side that is furthest over, or up on the
   * smaller side while below the pixel floor. Used as is when the caller gave these very sides, so
   * each changes as little as it can.
   */
  private static PixelSize nearestSides(double w, double h, DimensionRule rule) {
    int iw = rule.nearestSide(w);
    int ih = rule.nearestSide(h);
    for (int guard = 0; guard < 10_000; guard++) {
      long pixels = (long) iw * ih;
      boolean overPixels = rule.maxPixels() > 0 && pixels > rule.maxPixels();
      boolean underPixels = pixels < rule.minPixels();
      boolean overRatio = rule.maxRatio() > 0 && (double) iw / ih > rule.maxRatio() + EPSILON;
      boolean underRatio = rule.minRatio() > 0 && (double) iw / ih < rule.minRatio() - EPSILON;
      if (!overPixels && !underPixels && !overRatio && !underRatio) {
        break;
      }
      int wBelow = rule.sideBelow(iw);
      int hBelow = rule.sideBelow(ih);
      if (overRatio && wBelow > 0) {
        iw = wBelow;
      } else if (underRatio && hBelow > 0) {
        ih = hBelow;
      } else if (overPixels && iw >= ih && wBelow > 0) {
        iw = wBelow;
      } else if (overPixels && hBelow > 0) {
        ih = hBelow;
      } else if (underPixels && iw <= ih && rule.sideAbove(iw) > 0) {
        iw = rule.sideAbove(iw);
      } else if (underPixels && rule.sideAbove(ih) > 0) {
        ih = rule.sideAbove(ih);
      } else {
        break;
      }
    }
    return new PixelSize(iw, ih);
  }

  /**
   * When the sides were derived from a ratio, rounding each one on its own can move the ratio by
   * more than the tolerance even though a size with the exact ratio lies one step away (21:9 at
   * 786432 px: 1354.6 x 580.5 rounds to 1360x576, 1.2% off, while 1344x576 is exact). This also
   * tries both neighbouring allowed values of each side with the other side derived from the ratio,
   * and keeps the allowed size with the smallest ratio error, then the closest pixel count; {@code
   * rounded} wins ties.
   */
  private static PixelSize keepRatio(
      PixelSize rounded, double w, double h, double ratio, DimensionRule rule) {
    List<PixelSize> options = new ArrayList<>();
    options.add(rounded);
    for (int ih : rule.sidesAround(h)) {
      options.add(new PixelSize(rule.nearestSide(ih * ratio), ih));
    }
    for (int iw : rule.sidesAround(w)) {
      options.add(new PixelSize(iw, rule.nearestSide(iw / ratio)));
    }
    PixelSize best = null;
    double bestRatio = 0;
    double bestPixels = 0;
    for (PixelSize o : options) {
      if (!rule.allows(o)) {
        continue;
      }
      double r = Math.abs(Math.log(o.ratio() / ratio));
      double p = Math.abs(Math.log(o.pixels() / (w * h)));
      if (best == null
          || r < bestRatio - EPSILON
          || (Math.abs(r - bestRatio) <= EPSILON && p < bestPixels - EPSILON)) {
        best = o;
        bestRatio = r;
        bestPixels = p;
      }
    }
    return best == null ? rounded : best;
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
        double pixels =
            a.megapixels() != null
                ? a.megapixels() * SizeCapability.MEGAPIXEL
                : capability.referencePixels();
        return new Target(requested, a.ratio().value(), pixels, null, a.megapixels() != null);
      }
      throw new IllegalStateException("unspecified has no target");
    }

    /** Whether {@code candidateRatio} is within the ratio tolerance of the requested ratio. */
    boolean ratioHonoured(double candidateRatio) {
      return candidateRatio != Double.MAX_VALUE
          && Math.abs(candidateRatio / ratio - 1) * 100 <= RATIO_TOLERANCE_PERCENT;
    }

    /** Why {@code c} differs from the request, or {@code null} when it honours it. */
    String deviation(Candidate c) {
      PixelSize px = c.choice.pixels();
      if (px == null) {
        return "size not sent";
      }
      if (exact != null) {
        return exact.equals(px) ? null : "size changed";
      }
      if (!ratioHonoured(c.ratio)) {
        return "aspect ratio changed";
      }
      if (scaleRequested) {
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
      double ra = rankedRatioError(t);
      double rb = other.rankedRatioError(t);
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

    /**
     * The ratio error used for ranking. When the request also asks for a scale (an exact size or
     * megapixels), every ratio within the tolerance counts as honoured and ranks as 0, so the pixel
     * count decides among them: 1366x768 gets a free 1360x768 rather than a 1024x576 preset whose
     * ratio is a hair closer.
     */
    double rankedRatioError(Target t) {
      return t.scaleRequested && t.ratioHonoured(ratio) ? 0 : ratioError(t);
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
