package io.genport.spi.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.core.domain.Adaptation;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.ReferenceImage;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.Strictness;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.core.domain.negotiation.NegotiatedRequest;
import io.genport.core.domain.negotiation.RequestNegotiator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The one generic engine that turns a canonical request plus a {@link ModelSpec} into native input
 * bodies and adaptations. Stateless and thread-safe; pure apart from drawing a seed from the given
 * generator when the request has none.
 *
 * <p>Order of writing: fixed parameters, then the canonical fields, then the request's native
 * extensions for this provider (which therefore win; they are checked against the model's parameter
 * table first), then the default of every required parameter still missing. A required parameter
 * without a default that is still missing is an error naming it (and the canonical field that would
 * carry it, if any). Every canonical value is written as {@link RequestNegotiator} decided it from
 * {@link ModelSpec#capabilities()}; the translator renders, it never re-fits a value.
 *
 * <p>A model with {@linkplain ModelSpec#variants() variants} is translated with the variant its
 * native parameters select. A prompt or negative prompt longer than its parameter's {@code
 * maxLength} is refused with an {@link InvalidRequestException} naming the limit; for a model that
 * takes no prompt the prompt is not sent and that is reported (or refused when the request requires
 * it).
 *
 * @since 1
 */
public final class NativeTranslator {
  private NativeTranslator() {}

  /**
   * Translates {@code request} for {@code spec}.
   *
   * @param provider the provider name whose {@linkplain GenerationRequest#extensionsFor(String)
   *     extensions} apply
   * @throws InvalidRequestException when an extension is unknown to the model or has a bad value,
   *     or when the model requires an input the request does not provide
   * @throws io.genport.core.domain.UnsupportedCapabilityException when a REQUIRED field cannot be
   *     honoured
   */
  public static Translation translate(
      GenerationRequest request, ModelSpec spec, String provider, RandomGenerator random) {
    Map<String, Object> extensions = request.extensionsFor(provider);
    spec = spec.variantFor(extensions);
    checkExtensions(spec, extensions);
    checkLength(spec, spec.promptParam(), RequestField.PROMPT, request.prompt());
    NegotiatedRequest n =
        reportUnsentPrompt(spec, RequestNegotiator.negotiate(request, spec.capabilities(), random));
    checkLength(spec, spec.negativePromptParam(), RequestField.NEGATIVE_PROMPT, n.negativePrompt());
    List<com.fasterxml.jackson.databind.node.ObjectNode> bodies = new ArrayList<>();
    ImageFormat expectedFormat = null;
    for (CallPart part : n.parts()) {
      NativeBody body = new NativeBody(spec);
      JsonNode fixed = spec.fixed();
      if (fixed != null) {
        fixed.fields().forEachRemaining(e -> body.putJson(e.getKey(), e.getValue()));
      }
      if (spec.promptParam() != null) {
        body.put(spec.promptParam(), request.prompt());
      }
      if (n.negativePrompt() != null) {
        body.put(spec.negativePromptParam(), n.negativePrompt());
      }
      spec.size().render(n.size().choice(), body);
      if (spec.count() != null) {
        body.put(spec.count().param(), part.count());
      }
      if (spec.seed() != null && part.seed() != null) {
        body.put(spec.seed().param(), part.seed());
      }
      if (n.safety() != null) {
        body.putJson(spec.safety().param(), spec.safety().values().get(n.safety().name()));
      }
      if (n.format() != null) {
        body.putJson(spec.format().param(), spec.format().values().get(n.format().name()));
      }
      if (n.quality() != null) {
        body.put(spec.quality().param(), n.quality());
      }
      if (n.steps() != null) {
        body.put(spec.steps().param(), n.steps());
      }
      if (n.guidance() != null) {
        body.put(spec.guidance().param(), n.guidance());
      }
      if (spec.references() != null && !request.referenceImages().isEmpty()) {
        List<String> urls = new ArrayList<>();
        for (ReferenceImage r : request.referenceImages()) {
          if (urls.size() < spec.references().max()) {
            urls.add(spec.references().base64() ? asBase64(spec, r) : asUrl(r));
          }
        }
        if (spec.references().max() == 1) {
          body.put(spec.references().param(), urls.get(0));
        } else {
          body.putJson(spec.references().param(), NativeBody.toJson(urls));
        }
      }
      extensions.forEach(body::put);
      completeRequired(spec, body, provider);
      // Every part shares the format (extensions included), so the first body says it.
      if (bodies.isEmpty()) {
        expectedFormat = expectedFormat(spec, body);
      }
      bodies.add(body.json().deepCopy());
    }
    return new Translation(n, bodies, expectedFormat);
  }

  /**
   * The canonical format {@code body} asks for: the native value written to the format parameter
   * (by the negotiator or a native extension), or the parameter's documented default when nothing
   * was written; {@code null} when the model has no format setting or the value maps to no
   * canonical format.
   */
  private static ImageFormat expectedFormat(ModelSpec spec, NativeBody body) {
    if (spec.format() == null) {
      return null;
    }
    String param = spec.format().param();
    JsonNode value = body.get(param);
    if (value == null) {
      ParamSpec p = spec.param(param);
      value = p == null ? null : p.defaultValue();
    }
    if (value == null) {
      return null;
    }
    for (Map.Entry<String, JsonNode> e : spec.format().values().entrySet()) {
      if (e.getValue().equals(value)) {
        return ImageFormat.valueOf(e.getKey());
      }
    }
    return null;
  }

  /** The image's bytes as bare base64; a model that takes only that cannot fetch a URL. */
  private static String asBase64(ModelSpec spec, ReferenceImage r) {
    if (r.bytes() == null) {
      throw new InvalidRequestException(
          RequestField.REFERENCE_IMAGES.wireName(),
          "model '"
              + spec.id()
              + "' takes reference images inline as base64 and cannot fetch "
              + r.url()
              + "; give the image's bytes instead of its URL");
    }
    return Base64.getEncoder().encodeToString(r.bytes());
  }

  /** Refuses a prompt longer than its parameter's {@code maxLength}, naming the limit. */
  private static void checkLength(ModelSpec spec, String param, RequestField field, String text) {
    if (param == null || text == null) {
      return;
    }
    ParamSpec p = spec.param(param);
    if (p != null && p.tooLong(text)) {
      throw new InvalidRequestException(
          field.wireName(),
          "is "
              + text.codePointCount(0, text.length())
              + " characters; model '"
              + spec.id()
              + "' takes at most "
              + p.maxLength()
              + " (in '"
              + param
              + "'); nothing was sent");
    }
  }

  private static String asUrl(ReferenceImage r) {
    if (r.url() != null) {
      return r.url().toString();
    }
    String type = r.mediaType() == null ? "image/png" : r.mediaType();
    return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(r.bytes());
  }

  private static void checkExtensions(ModelSpec spec, Map<String, Object> extensions) {
    for (Map.Entry<String, Object> e : extensions.entrySet()) {
      ParamSpec p = spec.param(e.getKey());
      if (p == null) {
        throw new InvalidRequestException(
            e.getKey(),
            "model '"
                + spec.id()
                + "' has no parameter '"
                + e.getKey()
                + "'; its parameters are "
                + String.join(", ", spec.params().keySet()));
      }
      String text = String.valueOf(e.getValue());
      if (!p.enumValues().isEmpty() && !p.enumValues().contains(text)) {
        throw new InvalidRequestException(
            e.getKey(),
            "'"
                + text
                + "' is not allowed for model '"
                + spec.id()
                + "'; allowed: "
                + String.join(", ", p.enumValues()));
      }
      if (p.type().numeric() && !(e.getValue() instanceof JsonNode)) {
        double v;
        try {
          v = Double.parseDouble(text);
        } catch (NumberFormatException ex) {
          throw new InvalidRequestException(
              e.getKey(), "'" + text + "' is not a number (model '" + spec.id() + "')");
        }
        if ((p.min() != null && v < p.min()) || (p.max() != null && v > p.max())) {
          throw new InvalidRequestException(
              e.getKey(),
              text
                  + " is outside "
                  + fmt(p.min())
                  + ".."
                  + fmt(p.max())
                  + " for model '"
                  + spec.id()
                  + "'");
        }
      }
    }
  }

  /**
   * Sends the default of every required parameter that nothing else set, and fails for a required
   * parameter without a default that is still missing.
   */
  private static void completeRequired(ModelSpec spec, NativeBody body, String provider) {
    for (ParamSpec p : spec.params().values()) {
      if (!p.required() || body.has(p.name())) {
        continue;
      }
      if (p.defaultValue() != null) {
        body.put(p.name(), p.defaultValue());
        continue;
      }
      String carries = canonicalField(spec, p.name());
      String problem =
          "model '"
              + spec.id()
              + "' requires '"
              + p.name()
              + "'"
              + (p.description() == null ? "" : " (" + p.description() + ")");
      if (carries != null) {
        throw new InvalidRequestException(
            p.name(),
            problem
                + ", which carries the request's "
                + carries
                + "; set the request's "
                + carries
                + " or pass '"
                + p.name()
                + "' as a native parameter of provider '"
                + provider
                + "'");
      }
      throw new InvalidRequestException(
          p.name(),
          problem
              + ", which a canonical request cannot provide; pass it as a native parameter of"
              + " provider '"
              + provider
              + "', e.g. extension(\""
              + provider
              + "\", \""
              + p.name()
              + "\", value)");
    }
  }

  /** The canonical field {@code param} carries, or {@code null}. */
  private static String canonicalField(ModelSpec spec, String param) {
    if (param.equals(spec.negativePromptParam())) {
      return RequestField.NEGATIVE_PROMPT.wireName();
    }
    if (spec.size().params().contains(param)) {
      return RequestField.SIZE.wireName();
    }
    if (spec.safety() != null && param.equals(spec.safety().param())) {
      return RequestField.SAFETY.wireName();
    }
    if (spec.format() != null && param.equals(spec.format().param())) {
      return RequestField.FORMAT.wireName();
    }
    if (spec.quality() != null && param.equals(spec.quality().param())) {
      return RequestField.QUALITY.wireName();
    }
    if (spec.steps() != null && param.equals(spec.steps().param())) {
      return RequestField.STEPS.wireName();
    }
    if (spec.guidance() != null && param.equals(spec.guidance().param())) {
      return RequestField.GUIDANCE.wireName();
    }
    if (spec.references() != null && param.equals(spec.references().param())) {
      return RequestField.REFERENCE_IMAGES.wireName();
    }
    return null;
  }

  /**
   * Reports the prompt as not sent for a model that takes none (a task chosen through a native
   * parameter, such as background removal). The capabilities cannot say this: every request has a
   * prompt, so only the model's table knows it has nowhere to put it. Refused only when the caller
   * explicitly required the prompt.
   */
  private static NegotiatedRequest reportUnsentPrompt(ModelSpec spec, NegotiatedRequest n) {
    if (spec.promptParam() != null) {
      return n;
    }
    String prompt = n.request().prompt();
    String shown = "\"" + (prompt.length() > 40 ? prompt.substring(0, 37) + "..." : prompt) + "\"";
    String reason = "model '" + spec.id() + "' takes no text prompt";
    if (n.request().strictness().get(RequestField.PROMPT) == Strictness.REQUIRED) {
      throw new UnsupportedCapabilityException(
          RequestField.PROMPT, shown + " is required but cannot be honoured: " + reason);
    }
    List<Adaptation> adaptations = new ArrayList<>(n.adaptations());
    adaptations.add(new Adaptation(RequestField.PROMPT, shown, "not sent", reason));
    adaptations.sort(java.util.Comparator.comparing(Adaptation::field));
    return new NegotiatedRequest(
        n.request(),
        n.size(),
        n.parts(),
        n.safety(),
        n.format(),
        n.quality(),
        n.negativePrompt(),
        n.steps(),
        n.guidance(),
        adaptations);
  }

  private static String fmt(Double d) {
    if (d == null) {
      return "";
    }
    return d == Math.rint(d) ? Long.toString(d.longValue()) : d.toString();
  }
}
