package io.genport.core.application;

import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.Target;
import io.genport.core.domain.negotiation.CallPart;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The serialisable form of a submitted request: which vendor jobs to poll and what each part should
 * produce. Contains ids and URLs, never credentials. Encoded as {@code gp1.} followed by URL-safe
 * base64 of a line-based text, so it survives shells, URLs and JSON unchanged.
 *
 * <p>A routed call may have its parts on different targets: a part on another target than the
 * handle's carries its own (an eighth field on its line; handles without it still decode).
 *
 * @param target the target the jobs run on, unless a part names its own
 * @param parts one entry per accepted vendor job, in image order
 */
record JobHandle(Target target, List<Part> parts) {
  static final String PREFIX = "gp1.";

  JobHandle {
    java.util.Objects.requireNonNull(target, "target is null");
    List<Part> normal = new ArrayList<>();
    for (Part p : parts) {
      normal.add(
          target.equals(p.target())
              ? new Part(p.part(), p.expectedSize(), p.jobId(), p.attributes(), null)
              : p);
    }
    parts = List.copyOf(normal);
  }

  /**
   * One accepted vendor job.
   *
   * @param part the part it serves; its {@code firstImage} places its images in the result
   * @param expectedSize the planned pixel size, or {@code null}
   * @param jobId the vendor's id
   * @param attributes the provider's attributes for polling
   * @param target the target the job runs on, or {@code null} for the handle's target
   */
  record Part(
      CallPart part,
      PixelSize expectedSize,
      String jobId,
      Map<String, String> attributes,
      Target target) {
    Part {
      attributes = Map.copyOf(attributes);
    }

    Part(CallPart part, PixelSize expectedSize, String jobId, Map<String, String> attributes) {
      this(part, expectedSize, jobId, attributes, null);
    }
  }

  /** The target {@code p} runs on. */
  Target targetOf(Part p) {
    return p.target() == null ? target : p.target();
  }

  String encode() {
    StringBuilder b = new StringBuilder(esc(target.toString()));
    for (Part p : parts) {
      b.append('\n')
          .append(p.part().index())
          .append('\t')
          .append(p.part().count())
          .append('\t')
          .append(p.part().seed() == null ? "-" : p.part().seed().toString())
          .append('\t')
          .append(p.part().firstImage())
          .append('\t')
          .append(p.expectedSize() == null ? "-" : p.expectedSize().toString())
          .append('\t')
          .append(esc(p.jobId()))
          .append('\t');
      StringBuilder attrs = new StringBuilder();
      new java.util.TreeMap<>(p.attributes())
          .forEach(
              (k, v) ->
                  attrs
                      .append(attrs.length() == 0 ? "" : "&")
                      .append(esc(k))
                      .append('=')
                      .append(esc(v)));
      b.append(attrs);
      if (p.target() != null) {
        b.append('\t').append(esc(p.target().toString()));
      }
    }
    return PREFIX
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  static JobHandle decode(String handle) {
    if (handle == null || !handle.startsWith(PREFIX)) {
      throw new InvalidRequestException("handle", "not a GenPort job handle (expected gp1.…)");
    }
    try {
      String text =
          new String(
              Base64.getUrlDecoder().decode(handle.substring(PREFIX.length())),
              StandardCharsets.UTF_8);
      String[] lines = text.split("\n", -1);
      Target target = Target.parse(unesc(lines[0]));
      List<Part> parts = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        String[] f = lines[i].split("\t", -1);
        if (f.length != 7 && f.length != 8) {
          throw new IllegalArgumentException("bad part line");
        }
        CallPart cp =
            new CallPart(
                Integer.parseInt(f[0]),
                Integer.parseInt(f[1]),
                f[2].equals("-") ? null : Long.parseLong(f[2]),
                Integer.parseInt(f[3]));
        PixelSize size = f[4].equals("-") ? null : PixelSize.parse(f[4]);
        Map<String, String> attrs = new LinkedHashMap<>();
        if (!f[6].isEmpty()) {
          for (String kv : f[6].split("&")) {
            int eq = kv.indexOf('=');
            attrs.put(unesc(kv.substring(0, eq)), unesc(kv.substring(eq + 1)));
          }
        }
        Target own = f.length == 8 ? Target.parse(unesc(f[7])) : null;
        parts.add(new Part(cp, size, unesc(f[5]), attrs, own));
      }
      if (parts.isEmpty()) {
        throw new IllegalArgumentException("no parts");
      }
      return new JobHandle(target, parts);
    } catch (RuntimeException e) {
      if (e instanceof InvalidRequestException ire) {
        throw ire;
      }
      throw new InvalidRequestException("handle", "malformed GenPort job handle");
    }
  }

  private static String esc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String unesc(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
