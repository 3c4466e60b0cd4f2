package io.genport.spi.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.InvalidRequestException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A native JSON body under construction. Values are written with the JSON type the model's
 * parameter table declares (a string-typed seed becomes {@code "42"}, an integer-typed one {@code
 * 42}), so dialect quirks stay in the data. For a model with {@linkplain ModelSpec#nestedParams()
 * nested parameters} a name such as {@code imageGenerationConfig.width} is a path: the value goes
 * into (created) nested objects. A string longer than the parameter's {@code maxLength} is refused,
 * and a string given for an {@code array} or {@code object} parameter that is written as JSON
 * ({@code ["#FF0000","#00FF00"]}) is sent as that JSON.
 *
 * @since 1
 */
public final class NativeBody {
  private final ModelSpec spec;
  private final ObjectNode node = JsonNodeFactory.instance.objectNode();

  NativeBody(ModelSpec spec) {
    this.spec = spec;
  }

  /** Writes {@code value} to {@code param}, converted to the parameter's declared type. */
  public void put(String param, Object value) {
    parentOf(param).set(leaf(param), convert(param, value));
  }

  /** Writes an object value (such as {@code {width, height}}). */
  public void putObject(String param, Map<String, ?> value) {
    ObjectNode o = parentOf(param).putObject(leaf(param));
    value.forEach((k, v) -> o.set(k, toJson(v)));
  }

  /** Writes a JSON value verbatim. */
  public void putJson(String param, JsonNode value) {
    parentOf(param).set(leaf(param), value.deepCopy());
  }

  /** The value written to {@code param}, or {@code null} when none was. */
  JsonNode get(String param) {
    if (!spec.nestedParams()) {
      return node.get(param);
    }
    JsonNode at = node;
    for (String part : param.split("\\.", -1)) {
      at = at == null ? null : at.get(part);
    }
    return at;
  }

  /** Whether a value has been written to {@code param}. */
  public boolean has(String param) {
    if (!spec.nestedParams()) {
      return node.has(param);
    }
    JsonNode at = node;
    for (String part : param.split("\\.", -1)) {
      at = at.get(part);
      if (at == null) {
        return false;
      }
    }
    return true;
  }

  /** The object that holds {@code param}'s value, created along its path when nested. */
  private ObjectNode parentOf(String param) {
    if (!spec.nestedParams() || param.indexOf('.') < 0) {
      return node;
    }
    String[] parts = param.split("\\.", -1);
    ObjectNode at = node;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = at.get(parts[i]);
      if (next == null) {
        at = at.putObject(parts[i]);
      } else if (next instanceof ObjectNode o) {
        at = o;
      } else {
        throw new InvalidRequestException(
            param,
            "cannot be written for model '"
                + spec.id()
                + "': '"
                + parts[i]
                + "' already holds a value that is not an object");
      }
    }
    return at;
  }

  private String leaf(String param) {
    return spec.nestedParams() ? param.substring(param.lastIndexOf('.') + 1) : param;
  }

  /** The body built so far (a live view; callers copy it if they keep it). */
  public ObjectNode json() {
    return node;
  }

  JsonNode convert(String param, Object value) {
    ParamSpec p = spec.param(param);
    ParamSpec.Type type = p == null ? null : p.type();
    if (type == null || value instanceof JsonNode) {
      return toJson(value);
    }
    String text =
        value instanceof Double d && d == Math.rint(d) && type != ParamSpec.Type.NUMBER
            ? Long.toString(d.longValue())
            : String.valueOf(value);
    try {
      switch (type) {
        case STRING:
          if (p.tooLong(text)) {
            throw new InvalidRequestException(
                param,
                "is "
                    + text.codePointCount(0, text.length())
                    + " characters; model '"
                    + spec.id()
                    + "' takes at most "
                    + p.maxLength());
          }
          return JsonNodeFactory.instance.textNode(text);
        case ARRAY:
        case OBJECT:
          return structured(param, type, value);
        case INTEGER:
          return JsonNodeFactory.instance.numberNode(new BigDecimal(text).longValueExact());
        case NUMBER:
          BigDecimal bd = new BigDecimal(text);
          return bd.stripTrailingZeros().scale() <= 0
              ? JsonNodeFactory.instance.numberNode(bd.longValueExact())
              : JsonNodeFactory.instance.numberNode(bd.doubleValue());
        case BOOLEAN:
          if (value instanceof Boolean b) {
            return JsonNodeFactory.instance.booleanNode(b);
          }
          if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(text));
          }
          throw new NumberFormatException();
        default:
          return toJson(value);
      }
    } catch (NumberFormatException | ArithmeticException e) {
      throw new InvalidRequestException(
          param, "'" + text + "' is not a valid " + type + " for model '" + spec.id() + "'");
    }
  }

  /**
   * A value for an array or object parameter: a string written as JSON of that kind is parsed (the
   * command line passes native values as text), anything else is converted as it is.
   */
  private JsonNode structured(String param, ParamSpec.Type type, Object value) {
    if (value instanceof String s) {
      String t = s.strip();
      if (t.startsWith("[") || t.startsWith("{")) {
        JsonNode parsed;
        try {
          parsed = JSON_TEXT.readTree(t);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          parsed = null;
        }
        if (parsed == null
            || (type == ParamSpec.Type.ARRAY ? !parsed.isArray() : !parsed.isObject())) {
          throw new InvalidRequestException(
              param, "is not a valid JSON " + type + " for model '" + spec.id() + "'");
        }
        return parsed;
      }
    }
    return toJson(value);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON_TEXT =
      new com.fasterxml.jackson.databind.ObjectMapper();

  static JsonNode toJson(Object v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (v == null) {
      return f.nullNode();
    }
    if (v instanceof JsonNode j) {
      return j.deepCopy();
    }
    if (v instanceof String s) {
      return f.textNode(s);
    }
    if (v instanceof Boolean b) {
      return f.booleanNode(b);
    }
    if (v instanceof Integer i) {
      return f.numberNode(i);
    }
    if (v instanceof Long l) {
      return f.numberNode(l);
    }
    if (v instanceof Double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15
          ? f.numberNode(d.longValue())
          : f.numberNode(d);
    }
    if (v instanceof Number n) {
      return f.numberNode(new BigDecimal(n.toString()));
    }
    if (v instanceof List<?> list) {
      var arr = f.arrayNode();
      list.forEach(e -> arr.add(toJson(e)));
      return arr;
    }
    if (v instanceof Map<?, ?> map) {
      ObjectNode o = f.objectNode();
      map.forEach((k, e) -> o.set(String.valueOf(k), toJson(e)));
      return o;
    }
    return f.textNode(v.toString());
  }
}
