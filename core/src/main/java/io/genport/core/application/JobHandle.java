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
 * @param target the target the jobs run on
 * @param parts one entry per accepted vendor job, in part order
 */
record JobHandle(Target target, List<Part> parts) {
  static final String PREFIX = "gp1.";

  JobHandle {
    parts = List.copyOf(parts);
  }

  /**
   * One accepted vendor job.
   *
   * @param part the part it serves
   * @param expectedSize the planned pixel size, or {@code null}
   * @param jobId the vendor's id
   * @param attributes the provider's attributes for polling
   */
  record Part(CallPart part, PixelSize expectedSize, String jobId, Map<String, String> attributes) {
    Part {
      attributes = Map.copyOf(attributes);
    }
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
        if (f.length != 7) {
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
        parts.add(new Part(cp, size, unesc(f[5]), attrs));
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
