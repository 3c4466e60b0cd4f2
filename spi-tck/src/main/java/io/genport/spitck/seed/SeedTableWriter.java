package io.genport.spitck.seed;

import java.util.List;

/**
 * Writes the canonical JSON of a derived seed table (see {@link SeedTables}). It uses nothing but
 * the JDK, so that {@link SeedTableTool} runs from the module's compiled classes alone.
 */
final class SeedTableWriter {
  /** The value of the {@code generator} key of every derived table. */
  static final String GENERATOR = SeedTableTool.class.getName();

  private SeedTableWriter() {}

  /** The canonical form: descriptions dropped, keys in a fixed order, one parameter per line. */
  static String write(SeedModelTables tables) {
    StringBuilder b = new StringBuilder("{\n");
    b.append("  \"generator\": ").append(str(GENERATOR)).append(",\n");
    b.append("  \"source\": ").append(str(tables.source())).append(",\n");
    b.append("  \"format\": ").append(str(tables.format().id())).append(",\n");
    list(b, "notes", tables.notes());
    list(b, "endpoints", tables.endpoints());
    list(b, "requestFields", tables.requestFields());
    b.append("  \"models\": [");
    String modelSep = "\n";
    for (SeedModel m : tables.models().values()) {
      b.append(modelSep).append("    {\n");
      b.append("      \"slug\": ").append(str(m.slug())).append(",\n");
      b.append("      \"title\": ").append(str(m.title())).append(",\n");
      b.append("      \"line\": ").append(m.line()).append(",\n");
      b.append("      \"params\": [");
      String paramSep = "\n";
      for (SeedParam p : m.params()) {
        b.append(paramSep).append("        ").append(param(p));
        paramSep = ",\n";
      }
      b.append("\n      ]\n    }");
      modelSep = ",\n";
    }
    b.append("\n  ]\n}\n");
    return b.toString();
  }

  private static String param(SeedParam p) {
    StringBuilder o = new StringBuilder("{");
    o.append("\"name\": ").append(str(p.name()));
    o.append(", \"type\": ").append(str(p.type()));
    o.append(", \"required\": ").append(p.required());
    if (p.defaultValue() != null) {
      o.append(", \"default\": ").append(str(p.defaultValue()));
    }
    if (p.isEnum()) {
      o.append(", \"enum\": ").append(array(p.options()));
    }
    if (p.optionsTruncated()) {
      o.append(", \"enumTruncated\": true");
    }
    if (p.optionsTail() != null) {
      o.append(", \"enumTail\": ").append(str(p.optionsTail()));
    }
    if (p.min() != null) {
      o.append(", \"min\": ").append(number(p.min()));
    }
    if (p.max() != null) {
      o.append(", \"max\": ").append(number(p.max()));
    }
    if (p.multipleOf() != null) {
      o.append(", \"multipleOf\": ").append(p.multipleOf());
    }
    if (!p.notes().isEmpty()) {
      o.append(", \"notes\": ").append(array(p.notes()));
    }
    return o.append('}').toString();
  }

  /** Whole numbers without a fraction (256, not 256.0); others as Java prints a double. */
  static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("not a JSON number: " + value);
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  private static void list(StringBuilder b, String key, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    b.append("  ").append(str(key)).append(": [");
    String sep = "\n";
    for (String v : values) {
      b.append(sep).append("    ").append(str(v));
      sep = ",\n";
    }
    b.append("\n  ],\n");
  }

  private static String array(List<String> values) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(str(values.get(i)));
    }
    return b.append(']').toString();
  }

  /** A JSON string literal; non-ASCII text is kept as is (the file is UTF-8). */
  static String str(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
