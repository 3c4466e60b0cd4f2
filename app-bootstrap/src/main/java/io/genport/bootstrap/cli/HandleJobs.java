package io.genport.bootstrap.cli;

import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.Target;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The vendor jobs a job handle names, read for the command line, which needs to know the targets to
 * build a route that {@link io.genport.core.port.ImageGeneration#resume} accepts the handle on.
 * Everything else in a handle (the parts' seeds, sizes and polling attributes) is left to the
 * library, which decodes the handle itself.
 *
 * <p>Reads the {@code gp1.} form: URL-safe base64 of lines, the first the handle's target, then one
 * per vendor job, tab-separated, the job id sixth and, on a job that runs on another target, that
 * target eighth; names are URL-encoded.
 *
 * @param jobs one entry per vendor job, in the handle's order
 */
record HandleJobs(List<Job> jobs) {
  private static final String PREFIX = "gp1.";

  HandleJobs {
    jobs = List.copyOf(jobs);
  }

  /** One vendor job: where it runs and the vendor's id. */
  record Job(Target target, String id) {}

  /** The distinct targets, in the handle's order. */
  Set<Target> targets() {
    Set<Target> t = new LinkedHashSet<>();
    jobs.forEach(j -> t.add(j.target()));
    return t;
  }

  /**
   * Reads {@code handle}.
   *
   * @throws InvalidRequestException with field {@code handle} when it is not a job handle
   */
  static HandleJobs read(String handle) {
    String h = handle == null ? "" : handle.strip();
    if (!h.startsWith(PREFIX)) {
      throw new InvalidRequestException(
          "handle",
          "not a GenPort job handle (they start with gp1.; `genport generate --detach` prints one)");
    }
    try {
      String text =
          new String(
              Base64.getUrlDecoder().decode(h.substring(PREFIX.length())), StandardCharsets.UTF_8);
      String[] lines = text.split("\n", -1);
      Target main = Target.parse(unesc(lines[0]));
      List<Job> jobs = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        String[] f = lines[i].split("\t", -1);
        if (f.length != 7 && f.length != 8) {
          throw new IllegalArgumentException("a job line has " + f.length + " fields");
        }
        jobs.add(new Job(f.length == 8 ? Target.parse(unesc(f[7])) : main, unesc(f[5])));
      }
      if (jobs.isEmpty()) {
        throw new IllegalArgumentException("no jobs");
      }
      return new HandleJobs(jobs);
    } catch (RuntimeException e) {
      // Bad base64, a missing field, a target that does not parse: all one answer to the user.
      throw new InvalidRequestException(
          "handle", "malformed GenPort job handle (was it copied whole?)");
    }
  }

  private static String unesc(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
