package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A vendor's answer. Its JSON tree is built only when a protocol first asks for {@link #json()},
 * from the body bytes the client read; a protocol that reads large values (inline images) streams
 * them from {@link #parser()} instead and never builds the tree. An error answer whose body is not
 * JSON (a proxy's HTML page) has an empty object as its tree, so the status alone classifies it.
 * Thread-safe.
 */
public final class VendorResponse {
  private final int status;
  private final UnaryOperator<String> headers;
  private final byte[] body;
  private final ObjectMapper mapper;
  private volatile JsonNode json;

  /**
   * An answer whose tree is already built.
   *
   * @param status the HTTP status
   * @param headers reads a header by name (case-insensitive), or {@code null}
   * @param json the body; an empty object for no body
   */
  public VendorResponse(int status, UnaryOperator<String> headers, JsonNode json) {
    this.status = status;
    this.headers = requireNonNull(headers, "headers is null");
    this.json = requireNonNull(json, "json is null");
    this.body = null;
    this.mapper = null;
  }

  private VendorResponse(
      int status, UnaryOperator<String> headers, byte[] body, ObjectMapper mapper) {
    this.status = status;
    this.headers = requireNonNull(headers, "headers is null");
    this.body = requireNonNull(body, "body is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
  }

  /**
   * An answer read from {@code body}, parsed with {@code mapper} on demand.
   *
   * @param body the whole body as received; not copied, not to be changed
   */
  public static VendorResponse of(
      int status, UnaryOperator<String> headers, byte[] body, ObjectMapper mapper) {
    return new VendorResponse(status, headers, body, mapper);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** Reads a header by name (case-insensitive), or {@code null}. */
  public UnaryOperator<String> headers() {
    return headers;
  }

  /** The body as a JSON tree (built on first use); an empty object for no body or no JSON. */
  public JsonNode json() {
    JsonNode j = json;
    if (j == null) {
      synchronized (this) {
        j = json;
        if (j == null) {
          j = parse();
          json = j;
        }
      }
    }
    return j;
  }

  private JsonNode parse() {
    if (body.length == 0) {
      return JsonNodeFactory.instance.objectNode();
    }
    try {
      JsonNode parsed = mapper.readTree(body);
      return parsed == null ? JsonNodeFactory.instance.objectNode() : parsed;
    } catch (IOException e) {
      return JsonNodeFactory.instance.objectNode();
    }
  }

  /**
   * A streaming parser over the body, for values too large to hold twice (base64 images: {@link
   * JsonParser#getBinaryValue()} decodes them straight from the body bytes). The caller closes it.
   * For an answer built from a tree it walks the tree.
   */
  public JsonParser parser() {
    try {
      return body != null
          ? new BodyParser(mapper.getFactory().createParser(body), this)
          : new ObjectMapper().treeAsTokens(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether the string value {@code p} is at starts with {@code data:} (any case), read from the
   * body's bytes without building the string where the parser reads this answer's body.
   *
   * @param p a parser from {@link #parser()}, at a {@code VALUE_STRING}
   */
  public boolean isDataUri(JsonParser p) throws IOException {
    int[] span = rawString(p);
    if (span != null) {
      return startsWithData(body, span[0], span[1]);
    }
    String text = p.getText();
    return text.regionMatches(true, 0, "data:", 0, 5);
  }

  /**
   * Decodes the string value {@code p} is at, bare base64 or a base64 {@code data:} URI, into one
   * array of exactly the decoded size. Where the parser reads this answer's body and the string has
   * no JSON escapes, the base64 is decoded straight from the body's bytes: the string is never
   * built, so an image costs its own size on top of the body (not the 4 to 8 times a string, its
   * copies and a growing buffer cost), and no string limit applies. The parser stays at the token;
   * its next {@code nextToken()} skips the string without building it.
   *
   * @param p a parser from {@link #parser()}, at a {@code VALUE_STRING}
   * @throws IllegalArgumentException when the value is not base64, or a {@code data:} URI that is
   *     not base64-encoded
   */
  public byte[] base64Value(JsonParser p) throws IOException {
    int[] span = rawString(p);
    if (span != null) {
      return decode(ByteBuffer.wrap(body, span[0], span[1] - span[0]));
    }
    byte[] text = p.getText().getBytes(StandardCharsets.ISO_8859_1);
    return decode(ByteBuffer.wrap(text));
  }

  /**
   * Where the current string's characters lie in the body, as {@code [start, end)}; {@code null}
   * when the parser does not read this body or the string holds an escape (then only the parser can
   * read it right).
   */
  private int[] rawString(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException(
          "the parser is not at a string but at " + p.currentToken());
    }
    if (!(p instanceof BodyParser own) || own.answer != this) {
      return null;
    }
    long at = p.currentTokenLocation().getByteOffset();
    if (at < 0 || at >= body.length || body[(int) at] != '"') {
      return null;
    }
    int start = (int) at + 1;
    int end = start;
    while (end < body.length && body[end] != '"' && body[end] != '\\') {
      end++;
    }
    return end < body.length && body[end] == '"' ? new int[] {start, end} : null;
  }

  private static boolean startsWithData(byte[] b, int start, int end) {
    String prefix = "data:";
    if (end - start < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (Character.toLowerCase((char) (b[start + i] & 0xff)) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasLineBreak(ByteBuffer in) {
    for (int i = in.position(); i < in.limit(); i++) {
      if (in.get(i) == '\n' || in.get(i) == '\r') {
        return true;
      }
    }
    return false;
  }

  /** Decodes bare base64 or a base64 data URI held in {@code in} (from its position). */
  private static byte[] decode(ByteBuffer in) {
    int start = in.position();
    if (startsWithData(in.array(), in.arrayOffset() + start, in.arrayOffset() + in.limit())) {
      int comma = -1;
      for (int i = start; i < in.limit(); i++) {
        if (in.get(i) == ',') {
          comma = i;
          break;
        }
      }
      String header =
          comma < 0
              ? ""
              : new String(
                  in.array(), in.arrayOffset() + start, comma - start, StandardCharsets.ISO_8859_1);
      if (!header.toLowerCase(Locale.ROOT).endsWith(";base64")) {
        throw new IllegalArgumentException("the data URI is not base64-encoded");
      }
      in.position(comma + 1);
    }
    ByteBuffer decoded;
    try {
      decoded = Base64.getDecoder().decode(in.duplicate());
    } catch (IllegalArgumentException e) {
      if (!hasLineBreak(in)) {
        throw e;
      }
      // MIME-style line breaks: the lenient decoder, whose output may need trimming.
      decoded = Base64.getMimeDecoder().decode(in.duplicate());
    }
    byte[] out = decoded.array();
    return decoded.arrayOffset() == 0 && decoded.remaining() == out.length
        ? out
        : Arrays.copyOfRange(
            out,
            decoded.arrayOffset() + decoded.position(),
            decoded.arrayOffset() + decoded.limit());
  }

  /** A parser over this answer's body bytes, so values can be read from the bytes directly. */
  private static final class BodyParser extends JsonParserDelegate {
    final VendorResponse answer;

    BodyParser(JsonParser parser, VendorResponse answer) {
      super(parser);
      this.answer = answer;
    }
  }

  /** Whether the status is 2xx. */
  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /** The first value of header {@code name}, or {@code null}. */
  public String header(String name) {
    return headers.apply(name);
  }

  /** The status only: a body can hold a vendor's echo of anything. */
  @Override
  public String toString() {
    return "VendorResponse[" + status + "]";
  }
}
