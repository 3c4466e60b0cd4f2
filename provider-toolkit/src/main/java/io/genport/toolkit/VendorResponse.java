package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.genport.spi.download.CheckedImage;
import io.genport.spi.download.DownloadPolicy;
import io.genport.spi.download.DownloadedImage;
import io.genport.spi.download.ResultDownloader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * A vendor's answer: its status, headers and JSON body. The body is either bytes the client read
 * whole, parsed into a tree when a protocol first asks for {@link #json()}, or, for a success
 * answer that may carry images inline, the socket's stream itself ({@link #streamed()}): then the
 * protocol reads it once, with {@link #parser()}, as it arrives, and decodes each image straight
 * into the provider's image store with {@link #receiveImage}, so an image is never held as base64
 * bytes or as a string. An error answer whose body is not JSON (a proxy's HTML page) has an empty
 * object as its tree, so the status alone classifies it. Thread-safe, except that a streamed answer
 * is read by one thread.
 */
public final class VendorResponse {
  /** Standard base64, padding optional, as {@link Base64#getDecoder()} reads it. */
  private static final Base64Variant BASE64 = Base64Variants.MIME_NO_LINEFEEDS.withPaddingAllowed();

  /** Where images of answers that came with no downloader go (answers built by tests). */
  private static final ResultDownloader IN_MEMORY =
      new ResultDownloader(
          request ->
              java.util.concurrent.CompletableFuture.failedFuture(
                  new IllegalStateException("an answer's images are not downloaded")),
          DownloadPolicy.allowing(null));

  /** The message of {@link #receiveImage}'s refusal of a value that is not base64. */
  public static final String NOT_BASE64 = "the value is not valid base64";

  /** The message of {@link #receiveImage}'s refusal of a data URI that is not base64-encoded. */
  public static final String NOT_BASE64_DATA_URI = "the data URI is not base64-encoded";

  private final int status;
  private final UnaryOperator<String> headers;
  private final byte[] body;
  private final InputStream stream;
  private final ObjectMapper mapper;
  private final ResultDownloader images;
  private final List<DownloadedImage> received = new CopyOnWriteArrayList<>();
  private volatile JsonNode json;
  private final AtomicBoolean streamTaken = new AtomicBoolean();

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
    this.stream = null;
    this.mapper = null;
    this.images = null;
  }

  private VendorResponse(
      int status,
      UnaryOperator<String> headers,
      byte[] body,
      InputStream stream,
      ObjectMapper mapper,
      ResultDownloader images) {
    this.status = status;
    this.headers = requireNonNull(headers, "headers is null");
    this.body = body;
    this.stream = stream;
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.images = images;
  }

  /**
   * An answer read from {@code body}, parsed with {@code mapper} on demand; its inline images are
   * received in memory.
   *
   * @param body the whole body as received; not copied, not to be changed
   */
  public static VendorResponse of(
      int status, UnaryOperator<String> headers, byte[] body, ObjectMapper mapper) {
    return new VendorResponse(
        status, headers, requireNonNull(body, "body is null"), null, mapper, null);
  }

  /**
   * An answer read from {@code body} whose inline images {@link #receiveImage} hands to {@code
   * images} (its store, its checks).
   *
   * @param body the whole body as received; not copied, not to be changed
   */
  public static VendorResponse of(
      int status,
      UnaryOperator<String> headers,
      byte[] body,
      ObjectMapper mapper,
      ResultDownloader images) {
    return new VendorResponse(
        status,
        headers,
        requireNonNull(body, "body is null"),
        null,
        mapper,
        requireNonNull(images, "images is null"));
  }

  /**
   * An answer read from the socket as it arrives: {@code body} is read once, by {@link #parser()}
   * or {@link #json()}, and closed by {@link #close()}.
   *
   * @param body the response's body stream, at most {@link VendorClient#MAX_JSON_BYTES} of it read
   * @param images receives the inline images (its store, its checks)
   */
  public static VendorResponse streamed(
      int status,
      UnaryOperator<String> headers,
      InputStream body,
      ObjectMapper mapper,
      ResultDownloader images) {
    return new VendorResponse(
        status,
        headers,
        null,
        requireNonNull(body, "body is null"),
        mapper,
        requireNonNull(images, "images is null"));
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** Reads a header by name (case-insensitive), or {@code null}. */
  public UnaryOperator<String> headers() {
    return headers;
  }

  /**
   * The body as a JSON tree (built on first use); an empty object for no body or no JSON. A
   * streamed answer builds it from the socket (with its images as strings; protocols of answers
   * that carry images read them with {@link #parser()} instead).
   *
   * @throws IllegalStateException when a parser already read this streamed answer
   * @throws UncheckedIOException when a streamed answer could not be read or is not JSON
   */
  public JsonNode json() {
    JsonNode j = json;
    if (j == null) {
      synchronized (this) {
        j = json;
        if (j == null) {
          j = stream != null ? parseStream() : parse();
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

  private JsonNode parseStream() {
    takeStream();
    try (JsonParser p = mapper.getFactory().createParser(limited(stream))) {
      JsonNode parsed = mapper.readTree(p);
      return parsed == null ? JsonNodeFactory.instance.objectNode() : parsed;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void takeStream() {
    if (!streamTaken.compareAndSet(false, true)) {
      throw new IllegalStateException("this answer was streamed and has already been read");
    }
  }

  private static InputStream limited(InputStream in) {
    // The filter caps the bytes read; a tree keeps its strings whole.
    return new DataUriPrefixFilter(in, VendorClient.MAX_JSON_BYTES, false);
  }

  /**
   * A streaming parser over the body, from which a protocol reads large values (inline images, with
   * {@link #receiveImage}) without building them; the caller closes it. Its strings that are base64
   * {@code data:} URIs read without their {@code data:...;base64,} prefix ({@link #text} reads them
   * whole). For a streamed answer it is the one read of the socket (unless {@link #json()} read it
   * first: then, as for an answer built from a tree, it walks the tree).
   */
  public JsonParser parser() {
    if (body == null && (stream == null || json != null)) {
      return new ObjectMapper().treeAsTokens(json);
    }
    InputStream in;
    if (stream != null) {
      takeStream();
      in = stream;
    } else {
      in = new ByteArrayInputStream(body);
    }
    // A stream is never held, so it may be larger than an answer read whole.
    long limit =
        stream != null ? VendorClient.MAX_STREAMED_ANSWER_BYTES : VendorClient.MAX_JSON_BYTES;
    DataUriPrefixFilter filter = new DataUriPrefixFilter(in, limit, true);
    try {
      return new BodyParser(mapper.getFactory().createParser(filter), this, filter);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether the string value {@code p} is at starts with {@code data:} (any case), told without
   * building the string where the parser reads this answer's bytes.
   *
   * @param p a parser from {@link #parser()}, at a {@code VALUE_STRING}
   */
  public boolean isDataUri(JsonParser p) throws IOException {
    requireString(p);
    if (p instanceof BodyParser own && own.answer == this) {
      return own.prefix() != null;
    }
    return p.getText().regionMatches(true, 0, "data:", 0, 5);
  }

  /**
   * The string value {@code p} is at, as the vendor wrote it: a {@code data:} URI's prefix, which
   * this answer's parser leaves out of the string it reads, is put back.
   *
   * @param p a parser from {@link #parser()}, at a {@code VALUE_STRING}
   */
  public String text(JsonParser p) throws IOException {
    requireString(p);
    if (p instanceof BodyParser own && own.answer == this) {
      DataUriPrefixFilter.Prefix prefix = own.prefix();
      if (prefix != null && prefix.removed()) {
        return prefix.header() + "," + p.getText();
      }
    }
    return p.getText();
  }

  /**
   * Decodes the string value {@code p} is at, bare base64 or a base64 {@code data:} URI, straight
   * into the provider's {@link io.genport.spi.download.ImageStore}, with a download's checks (size
   * limit, image signature). Where the parser reads this answer's bytes the string is never built:
   * Jackson decodes the base64 from its input buffer chunk by chunk as the answer arrives, JSON
   * escapes ({@code \/}) and MIME line breaks included. The parser moves past the string. The image
   * is kept until {@link #discardReceived()}.
   *
   * @param p a parser from {@link #parser()}, at a {@code VALUE_STRING}
   * @param from what the image is, for messages, e.g. {@code inline image}
   * @return the image, received
   * @throws IllegalArgumentException when the value is not base64, or a {@code data:} URI that is
   *     not base64-encoded (then nothing is kept)
   * @throws IOException when the answer could not be read or the store could not take the image
   *     (then nothing is kept)
   * @throws io.genport.core.domain.NonRetryableProviderException when the image is too large or not
   *     a PNG, JPEG, WebP or GIF image
   */
  public DownloadedImage receiveImage(JsonParser p, String from) throws IOException {
    requireString(p);
    requireNonNull(from, "from is null");
    boolean own = p instanceof BodyParser b && b.answer == this;
    if (own) {
      DataUriPrefixFilter.Prefix prefix = ((BodyParser) p).prefix();
      if (prefix != null && !prefix.removed()) {
        throw new IllegalArgumentException(NOT_BASE64_DATA_URI);
      }
    }
    CheckedImage image = images().receive(-1, from);
    try {
      if (own) {
        p.readBinaryValue(BASE64, image.asOutputStream());
      } else {
        decodeText(p.getText(), image);
      }
      DownloadedImage received = image.finish();
      this.received.add(received);
      return received;
    } catch (JsonEOFException e) {
      throw e;
    } catch (StreamReadException | IllegalArgumentException e) {
      if (NOT_BASE64_DATA_URI.equals(e.getMessage())) {
        throw e;
      }
      // Jackson reports a character outside base64, or a string that ends mid-quantum.
      throw new IllegalArgumentException(NOT_BASE64, e);
    } finally {
      image.close();
    }
  }

  /** Decodes a string already built (a tree's): base64 or a base64 data URI. */
  private static void decodeText(String text, CheckedImage image) throws IOException {
    int start = 0;
    if (text.regionMatches(true, 0, "data:", 0, 5)) {
      int comma = text.indexOf(',');
      if (comma < 0 || !text.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
        throw new IllegalArgumentException(NOT_BASE64_DATA_URI);
      }
      start = comma + 1;
    }
    byte[] bytes = text.substring(start).getBytes(StandardCharsets.ISO_8859_1);
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(bytes);
    } catch (IllegalArgumentException e) {
      decoded = Base64.getMimeDecoder().decode(bytes);
    }
    image.write(decoded, 0, decoded.length);
  }

  /**
   * Deletes the images {@link #receiveImage} kept (their files, where the store writes files), for
   * an answer that turned out unusable after some of its images were received.
   */
  public void discardReceived() {
    for (DownloadedImage d : received) {
      discard(d);
    }
  }

  /** Deletes one image {@link #receiveImage} kept, for a protocol that does not use it. */
  public void discard(DownloadedImage image) {
    if (received.remove(image)) {
      image
          .source()
          .file()
          .ifPresent(
              f -> {
                try {
                  Files.deleteIfExists(f);
                } catch (IOException e) {
                  // Best effort: what the caller reports is the answer's own outcome.
                }
              });
    }
  }

  /** Whether this answer is read from the socket as it arrives (rather than from its bytes). */
  public boolean streamed() {
    return stream != null;
  }

  /** Releases a streamed answer's connection; reading it afterwards fails. Idempotent. */
  public void close() {
    if (stream != null) {
      try {
        stream.close();
      } catch (IOException e) {
        // Nothing more is read from it.
      }
    }
  }

  private ResultDownloader images() {
    return images != null ? images : IN_MEMORY;
  }

  private static void requireString(JsonParser p) {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException(
          "the parser is not at a string but at " + p.currentToken());
    }
  }

  /**
   * A parser over this answer's bytes, through the filter that removes {@code data:} prefixes, so a
   * string value's prefix can be looked up by the token's offset.
   */
  private static final class BodyParser extends JsonParserDelegate {
    final VendorResponse answer;
    final DataUriPrefixFilter filter;

    BodyParser(JsonParser parser, VendorResponse answer, DataUriPrefixFilter filter) {
      super(parser);
      this.answer = answer;
      this.filter = filter;
    }

    DataUriPrefixFilter.Prefix prefix() {
      long at = currentTokenLocation().getByteOffset();
      return at < 0 ? null : filter.prefixAt(at);
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
