package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
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
          ? mapper.getFactory().createParser(body)
          : new ObjectMapper().treeAsTokens(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
