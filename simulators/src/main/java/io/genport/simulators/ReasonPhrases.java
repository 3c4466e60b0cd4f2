package io.genport.simulators;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The reason phrases of the statuses the JDK's HTTP server writes without one ({@code HTTP/1.1 422
 * }), as RFC 9110 and the IANA registry name them, and the rewrite that adds them.
 */
final class ReasonPhrases {
  private static final Map<Integer, String> MISSING =
      Map.ofEntries(
          Map.entry(102, "Processing"),
          Map.entry(103, "Early Hints"),
          Map.entry(207, "Multi-Status"),
          Map.entry(208, "Already Reported"),
          Map.entry(226, "IM Used"),
          Map.entry(308, "Permanent Redirect"),
          Map.entry(413, "Content Too Large"),
          Map.entry(414, "URI Too Long"),
          Map.entry(416, "Range Not Satisfiable"),
          Map.entry(417, "Expectation Failed"),
          Map.entry(421, "Misdirected Request"),
          Map.entry(422, "Unprocessable Entity"),
          Map.entry(423, "Locked"),
          Map.entry(424, "Failed Dependency"),
          Map.entry(425, "Too Early"),
          Map.entry(426, "Upgrade Required"),
          Map.entry(428, "Precondition Required"),
          Map.entry(429, "Too Many Requests"),
          Map.entry(431, "Request Header Fields Too Large"),
          Map.entry(451, "Unavailable For Legal Reasons"),
          Map.entry(506, "Variant Also Negotiates"),
          Map.entry(507, "Insufficient Storage"),
          Map.entry(508, "Loop Detected"),
          Map.entry(511, "Network Authentication Required"));

  private static final byte[] PREFIX = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);

  private ReasonPhrases() {}

  /** The phrase of {@code status}, or {@code "Status N"} for one that has none registered. */
  static String of(int status) {
    return MISSING.getOrDefault(status, "Status " + status);
  }

  /**
   * The first {@code n} bytes of {@code buf} with a reason phrase in every status line {@code
   * HTTP/1.1 DDD \r\n} that lacks one, or {@code null} when there is none to add.
   */
  static byte[] complete(byte[] buf, int n) {
    ByteArrayOutputStream out = null;
    int copied = 0;
    for (int i = 0; i < n; i++) {
      if (!startsWith(buf, i, n) || !emptyReason(buf, i + PREFIX.length, n)) {
        continue;
      }
      int codeAt = i + PREFIX.length;
      int status =
          (buf[codeAt] - '0') * 100 + (buf[codeAt + 1] - '0') * 10 + (buf[codeAt + 2] - '0');
      if (out == null) {
        out = new ByteArrayOutputStream(n + 64);
      }
      int phraseAt = codeAt + 4; // after "DDD "
      out.write(buf, copied, phraseAt - copied);
      out.writeBytes(of(status).getBytes(StandardCharsets.US_ASCII));
      copied = phraseAt;
      i = phraseAt;
    }
    if (out == null) {
      return null;
    }
    out.write(buf, copied, n - copied);
    return out.toByteArray();
  }

  private static boolean startsWith(byte[] buf, int at, int n) {
    for (int k = 0; k < PREFIX.length; k++) {
      if (at + k >= n || buf[at + k] != PREFIX[k]) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code DDD \r\n} follows at {@code at}: a three-digit status and no phrase. */
  private static boolean emptyReason(byte[] buf, int at, int n) {
    if (at + 6 > n) {
      return false;
    }
    for (int k = 0; k < 3; k++) {
      if (buf[at + k] < '0' || buf[at + k] > '9') {
        return false;
      }
    }
    return buf[at + 3] == ' ' && buf[at + 4] == '\r' && buf[at + 5] == '\n';
  }
}
