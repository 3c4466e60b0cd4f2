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
 * 42}), so dialect quirks stay in the data.
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
    node.set(param, convert(param, value));
  }

  /** Writes an object value (such as {@code {width, height}}). */
  public void putObject(String param, Map<String, ?> value) {
    ObjectNode o = node.putObject(param);
    value.forEach((k, v) -> o.set(k, toJson(v)));
  }

  /** Writes a JSON value verbatim. */
  public void putJson(String param, JsonNode value) {
    node.set(param, value.deepCopy());
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
          return JsonNodeFactory.instance.textNode(text);
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
