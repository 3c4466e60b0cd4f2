package io.genport.provider.fal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.spi.download.DownloadedImage;
import io.genport.toolkit.OutputImage;
import io.genport.toolkit.VendorOutputs;
import io.genport.toolkit.VendorResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * fal's output answer ({@code images} or a single {@code image}, {@code has_nsfw_concepts}, {@code
 * seed}, and {@code request_id} in a sync answer), read in one streaming pass rather than as a
 * tree, from the socket as it arrives: in sync mode each image is a {@code data:} URI of up to tens
 * of megabytes, which {@link VendorResponse#receiveImage} decodes straight into the image store; as
 * a tree string it would cost several times the image and hit Jackson's string limit. The NSFW
 * flags and the seed may come after the images: they are matched to them once all is read.
 *
 * @param hasImages whether the answer has an {@code images} or {@code image} field
 * @param outputs the images, seed and no cost
 * @param requestId the {@code request_id} field, or {@code null}
 */
record FalOutput(boolean hasImages, VendorOutputs outputs, String requestId) {

  /** One image as read, before the NSFW flags (which may come after it) are known. */
  private record Image(String url, DownloadedImage received, int width, int height) {}

  /**
   * Reads a 2xx answer. An answer that is not an object reads as having no images (the engine's
   * classification then applies, as it did for the tree); so does one whose bytes (read whole, so
   * checked to be JSON) hold a shape this reader cannot follow.
   *
   * @throws UncheckedIOException when the answer could not be read from the socket, or is not JSON
   * @throws NonRetryableProviderException when an inline image is not valid base64, too large or
   *     not an image
   */
  static FalOutput read(VendorResponse answer) {
    List<Image> images = new ArrayList<>();
    List<Boolean> nsfw = new ArrayList<>();
    Long seed = null;
    String requestId = null;
    boolean hasImages = false;
    boolean imagesArray = false;
    List<Image> single = new ArrayList<>();
    try (JsonParser p = answer.parser()) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new FalOutput(false, VendorOutputs.of(List.of()), null);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "images":
            hasImages = true;
            if (value == JsonToken.START_ARRAY) {
              imagesArray = true;
              for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                images.add(image(answer, p, t));
              }
            } else {
              p.skipChildren();
            }
            break;
          case "image":
            hasImages = true;
            single.add(image(answer, p, value));
            break;
          case "has_nsfw_concepts":
            if (value == JsonToken.START_ARRAY) {
              for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                nsfw.add(t == JsonToken.VALUE_TRUE);
                p.skipChildren();
              }
            } else {
              p.skipChildren();
            }
            break;
          case "seed":
            seed = value == JsonToken.VALUE_NULL ? null : asLong(p, value);
            break;
          case "request_id":
            requestId = value == JsonToken.VALUE_STRING ? p.getText() : null;
            p.skipChildren();
            break;
          default:
            p.skipChildren();
            break;
        }
      }
    } catch (IOException e) {
      if (answer.streamed()
          || !(e instanceof JsonProcessingException)
          || e instanceof JsonEOFException) {
        // The socket failed, the answer broke off, or the store could not take an image.
        answer.discardReceived();
        throw new UncheckedIOException(e);
      }
      // The client checked the answer is well-formed JSON; a shape this reader cannot follow
      // leaves whatever it read, as the tree's lenient paths did.
    }
    // As before: an "images" array wins over a single "image".
    List<Image> chosen = imagesArray ? images : single;
    for (Image img : imagesArray ? single : images) {
      if (img.received() != null) {
        answer.discard(img.received());
      }
    }
    List<OutputImage> out = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      Image img = chosen.get(i);
      boolean flagged = i < nsfw.size() && nsfw.get(i);
      out.add(
          img.received() != null
              ? OutputImage.received(img.received(), img.width(), img.height(), flagged)
              : new OutputImage(img.url(), false, img.width(), img.height(), flagged));
    }
    return new FalOutput(hasImages, new VendorOutputs(out, seed, null), requestId);
  }

  /** One image object; anything else reads as an image without a URL, as the tree read it. */
  private static Image image(VendorResponse answer, JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return new Image("", null, 0, 0);
    }
    String url = "";
    DownloadedImage received = null;
    int width = 0;
    int height = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "url":
          if (value == JsonToken.VALUE_STRING && answer.isDataUri(p)) {
            if (received != null) {
              // A second url in one image object: the last one wins, as in the tree.
              answer.discard(received);
              received = null;
            }
            try {
              received = answer.receiveImage(p, "inline image");
              url = "";
            } catch (IllegalArgumentException e) {
              // The downloader's messages for the same refusals, as when it decoded the URI.
              throw new NonRetryableProviderException(
                  VendorResponse.NOT_BASE64_DATA_URI.equals(e.getMessage())
                      ? "result data URI is not base64-encoded"
                      : "inline image is not valid base64");
            }
          } else {
            url = value.isScalarValue() && value != JsonToken.VALUE_NULL ? p.getText() : "";
            p.skipChildren();
          }
          break;
        case "width":
          width = (int) asLong(p, value);
          break;
        case "height":
          height = (int) asLong(p, value);
          break;
        default:
          p.skipChildren();
          break;
      }
    }
    return new Image(url, received, width, height);
  }

  /** A number as {@code JsonNode.asLong} reads it: strings parsed, anything else 0. */
  private static long asLong(JsonParser p, JsonToken value) throws IOException {
    if (value.isScalarValue()) {
      return p.getValueAsLong(0);
    }
    p.skipChildren();
    return 0;
  }
}
