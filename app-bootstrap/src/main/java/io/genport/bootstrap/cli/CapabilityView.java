package io.genport.bootstrap.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.negotiation.ModelCapabilities;
import io.genport.core.domain.negotiation.SeedSpec;
import io.genport.core.domain.negotiation.SizeCapability;
import java.util.ArrayList;
import java.util.List;

/** Renders a model's {@link ModelCapabilities} for {@code genport models}, as text and JSON. */
final class CapabilityView {
  private CapabilityView() {}

  /** The canonical fields the model honours, in request order. */
  static List<String> fields(ModelCapabilities c) {
    List<String> f = new ArrayList<>(List.of("prompt"));
    if (c.negativePrompt()) {
      f.add("negativePrompt");
    }
    if (!(c.size() instanceof SizeCapability.NoSize)) {
      f.add("size");
    }
    f.add("count");
    if (c.seed().accepted()) {
      f.add("seed");
    }
    if (!c.safetyLevels().isEmpty()) {
      f.add("safety");
    }
    if (!c.formats().isEmpty()) {
      f.add("format");
    }
    if (c.quality() != null) {
      f.add("quality");
    }
    if (c.steps() != null) {
      f.add("steps");
    }
    if (c.guidance() != null) {
      f.add("guidance");
    }
    if (c.maxReferenceImages() > 0) {
      f.add("referenceImages");
    }
    if (c.mask()) {
      f.add("mask");
    }
    return f;
  }

  /** One line describing the size options. */
  static String size(SizeCapability s) {
    return s.describe();
  }

  /** The per-call maximum, with the smaller ones for large images, e.g. {@code 8, 4 when ...}. */
  static String count(ModelCapabilities c) {
    StringBuilder b = new StringBuilder(Integer.toString(c.maxImagesPerCall()));
    c.countLimits().forEach(l -> b.append(", ").append(l.max()).append(' ').append(l.condition()));
    return b.toString();
  }

  static String seed(SeedSpec s) {
    if (!s.accepted()) {
      return "none";
    }
    return (s.type() == SeedSpec.Type.STRING ? "string " : "") + s.min() + ".." + s.max();
  }

  static ObjectNode json(ObjectMapper m, String id, ModelCapabilities c) {
    ObjectNode o = m.createObjectNode();
    o.put("id", id);
    ObjectNode size = o.putObject("size");
    size.put("kind", c.size().kind());
    size.put("options", size(c.size()));
    PixelSize d = c.size().defaultSize();
    size.put("default", d == null ? null : d.toString());
    o.put("maxImagesPerCall", c.maxImagesPerCall());
    if (!c.countLimits().isEmpty()) {
      ArrayNode limits = o.putArray("countLimits");
      c.countLimits()
          .forEach(l -> limits.addObject().put("max", l.max()).put("when", l.condition()));
    }
    ObjectNode seed = o.putObject("seed");
    seed.put("type", c.seed().type().name().toLowerCase(java.util.Locale.ROOT));
    if (c.seed().accepted()) {
      seed.put("min", c.seed().min());
      seed.put("max", c.seed().max());
    }
    ArrayNode fields = o.putArray("fields");
    fields(c).forEach(fields::add);
    ArrayNode safety = o.putArray("safety");
    c.safetyLevels().stream().sorted().forEach(l -> safety.add(l.name()));
    ArrayNode formats = o.putArray("formats");
    c.formats().stream().sorted().forEach(f -> formats.add(f.name()));
    return o;
  }
}
