package io.genport.simulators.bedrock;

import io.genport.simulators.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 as the AWS front end checks it, written out from the AWS documentation
 * ("Create a signed AWS API request") rather than taken from an SDK, so that the simulator and the
 * client (which signs with the AWS SDK) are two independent implementations that must agree.
 *
 * <p>The canonical request is built from the request exactly as it arrived: the raw path is
 * normalised and each segment URI-encoded again (services other than S3 double-encode, so the
 * {@code %3A} of {@code amazon.nova-canvas-v1%3A0} signs as {@code %253A}), the query is encoded
 * and sorted, the signed headers are lower-cased, trimmed, with runs of spaces collapsed, and the
 * payload hash is the SHA-256 of the body received. Stateless.
 */
public final class SigV4Verifier {
  /** The only algorithm Bedrock takes. */
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";

  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request"
              + "\\s*,\\s*SignedHeaders=([a-z0-9;_.-]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");

  private SigV4Verifier() {}

  /**
   * The parts of an {@code Authorization: AWS4-HMAC-SHA256 ...} header.
   *
   * @param accessKeyId the access key id of the credential scope
   * @param date the scope's date, {@code yyyyMMdd}
   * @param region the scope's region
   * @param service the scope's service (Bedrock signs as {@code bedrock})
   * @param signedHeaders the signed header names, lower-case, in order
   * @param signature the hex signature
   */
  public record Authorization(
      String accessKeyId,
      String date,
      String region,
      String service,
      List<String> signedHeaders,
      String signature) {
    public Authorization {
      signedHeaders = List.copyOf(signedHeaders);
    }
  }

  /** Parses a SigV4 {@code Authorization} header, or empty when it is not one. */
  public static Optional<Authorization> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = AUTHORIZATION.matcher(header.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new Authorization(
            m.group(1),
            m.group(2),
            m.group(3),
            m.group(4),
            List.of(m.group(5).split(";")),
            m.group(6)));
  }

  /**
   * The canonical request of a received request.
   *
   * @param method the method, upper-case
   * @param rawPath the path as sent, percent-encoding kept
   * @param rawQuery the query as sent, or {@code null}
   * @param headers the received headers, names lower-cased
   * @param signedHeaders the names the signature covers, lower-case
   * @param body the body received
   */
  public static String canonicalRequest(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      List<String> signedHeaders,
      byte[] body) {
    StringBuilder b = new StringBuilder();
    b.append(method).append('\n');
    b.append(canonicalPath(rawPath)).append('\n');
    b.append(canonicalQuery(rawQuery)).append('\n');
    for (String name : signedHeaders) {
      List<String> values = headers.getOrDefault(name, List.of());
      List<String> trimmed = new ArrayList<>();
      values.forEach(v -> trimmed.add(v.strip().replaceAll("\\s+", " ")));
      b.append(name).append(':').append(String.join(",", trimmed)).append('\n');
    }
    b.append('\n');
    b.append(String.join(";", signedHeaders)).append('\n');
    b.append(hex(sha256(body)));
    return b.toString();
  }

  /** The hex signature of {@code canonicalRequest} with {@code secret}. */
  public static String signature(
      String secret, String amzDate, String region, String service, String canonicalRequest) {
    String date = amzDate.substring(0, 8);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign =
        ALGORITHM
            + "\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    return hex(hmac(key, stringToSign));
  }

  /**
   * Whether {@code request} carries a valid SigV4 signature made with {@code secret} for {@code
   * service} (the region is the one its credential scope names).
   */
  public static boolean signedWith(RecordedRequest request, String secret, String service) {
    Optional<Authorization> auth = parse(request.header("authorization").orElse(null));
    Optional<String> amzDate = request.header("x-amz-date");
    if (auth.isEmpty() || amzDate.isEmpty() || !auth.get().service().equals(service)) {
      return false;
    }
    String canonical =
        canonicalRequest(
            request.method(),
            request.rawPath(),
            request.rawQuery(),
            request.headers(),
            auth.get().signedHeaders(),
            request.body());
    String expected = signature(secret, amzDate.get(), auth.get().region(), service, canonical);
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        auth.get().signature().getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The canonical URI: dot segments removed, then every segment URI-encoded once more (the raw path
   * is already encoded, so its {@code %} becomes {@code %25}); {@code /} for an empty path.
   */
  static String canonicalPath(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    List<String> kept = new ArrayList<>();
    String[] segments = rawPath.split("/", -1);
    for (int i = 1; i < segments.length; i++) {
      String s = segments[i];
      if (s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (!kept.isEmpty()) {
          kept.remove(kept.size() - 1);
        }
        continue;
      }
      kept.add(encode(s));
    }
    return "/" + String.join("/", kept);
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String p : rawQuery.split("&")) {
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      String k = eq < 0 ? p : p.substring(0, eq);
      String v = eq < 0 ? "" : p.substring(eq + 1);
      pairs.add(new String[] {encode(decode(k)), encode(decode(v))});
    }
    pairs.sort((a, c) -> a[0].equals(c[0]) ? a[1].compareTo(c[1]) : a[0].compareTo(c[0]));
    List<String> out = new ArrayList<>();
    pairs.forEach(p -> out.add(p[0] + "=" + p[1]));
    return String.join("&", out);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** RFC 3986 encoding: everything but the unreserved characters, as upper-case {@code %XX}. */
  static String encode(String s) {
    StringBuilder b = new StringBuilder();
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      int ch = c & 0xff;
      if ((ch >= 'A' && ch <= 'Z')
          || (ch >= 'a' && ch <= 'z')
          || (ch >= '0' && ch <= '9')
          || ch == '-'
          || ch == '_'
          || ch == '.'
          || ch == '~') {
        b.append((char) ch);
      } else {
        b.append('%').append(String.format(Locale.ROOT, "%02X", ch));
      }
    }
    return b.toString();
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
