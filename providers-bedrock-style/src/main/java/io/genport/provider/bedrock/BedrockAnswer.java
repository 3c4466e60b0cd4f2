package io.genport.provider.bedrock;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.genport.spi.download.DownloadedImage;
import io.genport.toolkit.VendorResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Bedrock image model answered, read in one streaming pass. Every family shares one grammar:
 * {@code images} (bare base64, Nova, Titan and Stability), {@code error} (Nova and Titan: why
 * images were blocked), {@code seeds} and {@code finish_reasons} (Stability, one per image). The
 * base64 is decoded by {@link VendorResponse#receiveImage} into the image store as the answer
 * arrives, so an image is never held as base64 or as a string (answers reach 25 MB), and the fields
 * after the images are read all the same.
 *
 * @param images the received images, in order
 * @param seeds the seeds the model reports, possibly empty (a null entry for one it wrote oddly)
 * @param finishReasons the finish reasons (null entries for images that finished normally)
 * @param error the model's error text, or {@code null}
 */
record BedrockAnswer(
    List<DownloadedImage> images, List<Long> seeds, List<String> finishReasons, String error) {

  BedrockAnswer {
    images = List.copyOf(images);
    seeds = java.util.Collections.unmodifiableList(new ArrayList<>(seeds));
    finishReasons = java.util.Collections.unmodifiableList(new ArrayList<>(finishReasons));
  }

  /** A problem with the answer's shape or its base64, for the protocol to classify. */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads a 2xx answer.
   *
   * @throws UncheckedIOException when a streamed answer could not be read from the socket, or is
   *     not JSON
   * @throws io.genport.core.domain.NonRetryableProviderException when an image is too large or not
   *     an image
   */
  static BedrockAnswer read(VendorResponse answer) throws Unreadable {
    List<DownloadedImage> images = new ArrayList<>();
    List<Long> seeds = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    String error = null;
    try (JsonParser p = answer.parser()) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new Unreadable("answered with JSON that is not an object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "images":
            for (JsonToken t = array(p, value, field);
                t != JsonToken.END_ARRAY;
                t = p.nextToken()) {
              if (t == JsonToken.VALUE_STRING) {
                images.add(decode(answer, p));
              } else if (t != JsonToken.VALUE_NULL) {
                throw new Unreadable("answered with an image that is not a base64 string");
              }
            }
            break;
          case "seeds":
            for (JsonToken t = array(p, value, field);
                t != JsonToken.END_ARRAY;
                t = p.nextToken()) {
              seeds.add(seed(p, t));
            }
            break;
          case "finish_reasons":
            for (JsonToken t = array(p, value, field);
                t != JsonToken.END_ARRAY;
                t = p.nextToken()) {
              reasons.add(t == JsonToken.VALUE_NULL ? null : p.getValueAsString());
              p.skipChildren();
            }
            break;
          case "error":
            error = value == JsonToken.VALUE_NULL ? null : p.getValueAsString();
            p.skipChildren();
            break;
          default:
            // maskImage (virtual try-on), and whatever a model adds later.
            p.skipChildren();
            break;
        }
      }
    } catch (IOException e) {
      if (answer.streamed()
          || !(e instanceof com.fasterxml.jackson.core.JsonProcessingException)
          || e instanceof com.fasterxml.jackson.core.io.JsonEOFException) {
        // The socket failed, the answer broke off or is not JSON, or the store failed.
        answer.discardReceived();
        throw new UncheckedIOException(e);
      }
      throw new Unreadable(
          "answered with JSON it could not read: "
              + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                  ? j.getOriginalMessage()
                  : e.getMessage()));
    }
    return new BedrockAnswer(images, seeds, reasons, error);
  }

  private static JsonToken array(JsonParser p, JsonToken value, String field)
      throws IOException, Unreadable {
    if (value == JsonToken.VALUE_NULL) {
      return JsonToken.END_ARRAY;
    }
    if (value != JsonToken.START_ARRAY) {
      throw new Unreadable("answered with '" + field + "' that is not a list");
    }
    return p.nextToken();
  }

  /**
   * Decodes the base64 from the parser's buffer into the image store as it arrives (the string is
   * never built): the image in its store is all an answer of 25 MB costs.
   */
  private static DownloadedImage decode(VendorResponse answer, JsonParser p)
      throws Unreadable, IOException {
    try {
      return answer.receiveImage(p, "inline image");
    } catch (IllegalArgumentException e) {
      answer.discardReceived();
      throw new Unreadable("answered with an image that is not valid base64");
    }
  }

  private static Long seed(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    if (t == JsonToken.VALUE_STRING) {
      // The documentation types the seeds as strings; the examples show numbers.
      try {
        return Long.valueOf(p.getText().strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    p.skipChildren();
    return null;
  }

  /** The first reason a model gave for leaving an image out, or {@code null}. */
  String firstReason() {
    for (String r : finishReasons) {
      if (r != null && !r.isBlank()) {
        return r;
      }
    }
    return null;
  }

  /** Images are large: only their count and sizes. */
  @Override
  public String toString() {
    return "BedrockAnswer["
        + images.size()
        + " images, seeds "
        + seeds
        + ", finish reasons "
        + finishReasons
        + (error == null ? "" : ", error " + error)
        + "]";
  }
}
