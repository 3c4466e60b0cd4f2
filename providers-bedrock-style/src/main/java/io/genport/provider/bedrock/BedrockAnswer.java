package io.genport.provider.bedrock;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.genport.toolkit.VendorResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Bedrock image model answered, read in one streaming pass. Every family shares one grammar:
 * {@code images} (bare base64, Nova, Titan and Stability), {@code error} (Nova and Titan: why
 * images were blocked), {@code seeds} and {@code finish_reasons} (Stability, one per image). The
 * base64 is decoded by {@link VendorResponse#base64Value} straight from the answer's bytes, so an
 * image is never held as a string (answers reach 25 MB).
 *
 * @param images the decoded images, in order
 * @param seeds the seeds the model reports, possibly empty (a null entry for one it wrote oddly)
 * @param finishReasons the finish reasons (null entries for images that finished normally)
 * @param error the model's error text, or {@code null}
 */
record BedrockAnswer(
    List<byte[]> images, List<Long> seeds, List<String> finishReasons, String error) {

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

  /** Reads a 2xx answer. */
  static BedrockAnswer read(VendorResponse answer) throws Unreadable {
    List<byte[]> images = new ArrayList<>();
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
   * Decodes straight from the answer's bytes into an array of the image's size (the string is never
   * built): the body and the image are all an answer of 25 MB costs.
   */
  private static byte[] decode(VendorResponse answer, JsonParser p) throws Unreadable {
    try {
      return answer.base64Value(p);
    } catch (IOException | IllegalArgumentException e) {
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
