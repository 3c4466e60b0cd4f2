package io.genport.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.bootstrap.cli.BatchLines;
import io.genport.core.domain.InvalidRequestException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The columns of a requests {@code Dataset}: the fields of a {@code genport batch} line, by the
 * same names ({@code id}, {@code prompt}, {@code size}, {@code seed}, {@code count}, {@code
 * target}, and {@code negative}, {@code aspect}, {@code megapixels}, {@code safety}, {@code
 * format}, {@code quality}, {@code steps}, {@code guidance}, {@code strict}, {@code params}, {@code
 * route}). A row becomes the JSON line the command line would read, so it is validated, and
 * refused, exactly as that line would be. {@code id} and {@code prompt} are required columns; every
 * other column is optional, and a null value means "not given".
 */
public final class RequestColumns {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RequestColumns() {}

  /** Every column a requests {@code Dataset} may have. */
  public static List<String> names() {
    return BatchLines.FIELDS;
  }

  /**
   * Checks a requests schema before anything runs.
   *
   * @throws InvalidRequestException naming the column that is missing or unknown
   */
  public static void check(StructType schema) {
    List<String> names = List.of(schema.fieldNames());
    for (String required : List.of("id", "prompt")) {
      if (!names.contains(required)) {
        throw new InvalidRequestException(
            required,
            "the requests have no '"
                + required
                + "' column (columns: "
                + String.join(", ", names)
                + ")");
      }
    }
    for (String n : names) {
      if (!BatchLines.FIELDS.contains(n)) {
        throw new InvalidRequestException(
            n,
            "unknown request column; the columns are "
                + String.join(", ", BatchLines.FIELDS)
                + " (select only those)");
      }
    }
  }

  /** The id a row gives, as text, or {@code null}. */
  static String id(Row row) {
    int i = row.fieldIndex("id");
    return row.isNullAt(i) ? null : String.valueOf(row.get(i));
  }

  /** The row as the JSON line {@code genport batch} reads; null columns are left out. */
  static String line(Row row) {
    ObjectNode o = NODES.objectNode();
    StructField[] fields = row.schema().fields();
    for (int i = 0; i < fields.length; i++) {
      if (!row.isNullAt(i)) {
        o.set(fields[i].name(), node(row.get(i)));
      }
    }
    try {
      return JSON.writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static JsonNode node(Object v) {
    if (v == null) {
      return NODES.nullNode();
    }
    if (v instanceof String s) {
      return NODES.textNode(s);
    }
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return NODES.numberNode(((Number) v).longValue());
    }
    if (v instanceof Double d) {
      return NODES.numberNode(d);
    }
    if (v instanceof Float f) {
      return NODES.numberNode(f.doubleValue());
    }
    if (v instanceof BigDecimal d) {
      return NODES.numberNode(d);
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      ArrayNode a = NODES.arrayNode();
      CollectionConverters.asJava(seq).forEach(e -> a.add(node(e)));
      return a;
    }
    if (v instanceof List<?> list) {
      ArrayNode a = NODES.arrayNode();
      list.forEach(e -> a.add(node(e)));
      return a;
    }
    if (v instanceof scala.collection.Map<?, ?> map) {
      return object(CollectionConverters.asJava(map));
    }
    if (v instanceof Map<?, ?> map) {
      return object(map);
    }
    if (v instanceof Row r) {
      ObjectNode o = NODES.objectNode();
      StructField[] fields = r.schema().fields();
      for (int i = 0; i < fields.length; i++) {
        o.set(fields[i].name(), node(r.isNullAt(i) ? null : r.get(i)));
      }
      return o;
    }
    // Dates, binary and the like are no request field's type: the decoder refuses them by name.
    return NODES.textNode(String.valueOf(v));
  }

  private static ObjectNode object(Map<?, ?> map) {
    ObjectNode o = NODES.objectNode();
    List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
    for (Map.Entry<?, ?> e : entries) {
      o.set(String.valueOf(e.getKey()), node(e.getValue()));
    }
    return o;
  }
}
