package io.genport.spitck.seed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link SeedFormat#PARAMETER_ROWS}: one parameter per line, {@code name | type | required |
 * default | description |}. The description may contain pipes of its own (it lists choices as
 * {@code a | b}), so only the first four cells are split off. Its {@code ·}-separated tail parts
 * {@code Allowed: a, b} and {@code Range: x – y} give the enumeration and the range.
 *
 * <p>Types: {@code enum} is read as {@code string} with the {@code Allowed} items as its options
 * (an {@code enum} without them is an error); the others must be one of {@link
 * SeedModelTables#TYPES}. A default is a JSON-like literal: {@code "text"} (quotes removed, so
 * {@code ""} is the empty string), a number, or {@code -} for none.
 */
final class ParameterRowsReader {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern RANGE =
      Pattern.compile("^Range: (-?\\d+(?:\\.\\d+)?) [–-] (-?\\d+(?:\\.\\d+)?)$");
  private static final Map<String, Boolean> REQUIRED = Map.of("yes", true, "no", false);

  private final String source;
  private final List<String> lines;

  ParameterRowsReader(String text, String source) {
    this.source = source;
    this.lines = Arrays.asList(text.split("\\R", -1));
  }

  SeedModelTables read(String slug, String title) {
    List<SeedParam> params = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      SeedParam p = row(line, i + 1);
      for (SeedParam other : params) {
        if (other.name().equals(p.name())) {
          throw new SeedFormatException(source, i + 1, "'" + p.name() + "' is listed twice");
        }
      }
      params.add(p);
    }
    return SeedModelTables.of(
        source,
        SeedFormat.PARAMETER_ROWS,
        List.of(new SeedModel(slug, title, params, 1)),
        List.of("the rows name no model: slug and title were given to the reader"),
        List.of(),
        List.of());
  }

  private SeedParam row(String line, int number) {
    if (!line.endsWith("|")) {
      throw new SeedFormatException(source, number, "a row must end with '|'");
    }
    String[] parts = line.substring(0, line.length() - 1).split("\\|", 5);
    if (parts.length < 5) {
      throw new SeedFormatException(source, number, "a row needs five cells");
    }
    String name = parts[0].trim();
    if (!NAME.matcher(name).matches()) {
      throw new SeedFormatException(source, number, "'" + name + "' is not a parameter name");
    }
    String rawType = parts[1].trim();
    Boolean required = REQUIRED.get(parts[2].trim().toLowerCase(Locale.ROOT));
    if (required == null) {
      throw new SeedFormatException(
          source, number, "required must be yes or no, was '" + parts[2].trim() + "'");
    }
    String def = parts[3].trim();
    String defaultValue;
    if (def.equals("-") || def.isEmpty()) {
      defaultValue = null;
    } else if (def.length() >= 2 && def.startsWith("\"") && def.endsWith("\"")) {
      defaultValue = def.substring(1, def.length() - 1);
    } else {
      defaultValue = def;
    }
    String description = parts[4].trim();
    List<String> options = new ArrayList<>();
    Double min = null;
    Double max = null;
    String[] tail = description.split("\\s+·\\s+");
    for (int k = 1; k < tail.length; k++) {
      String part = tail[k].trim();
      Matcher range = RANGE.matcher(part);
      if (part.startsWith("Allowed:")) {
        for (String o : part.substring("Allowed:".length()).split(",")) {
          if (!o.isBlank()) {
            options.add(o.trim());
          }
        }
      } else if (range.matches()) {
        min = Double.valueOf(range.group(1));
        max = Double.valueOf(range.group(2));
      } else {
        throw new SeedFormatException(source, number, "unknown part '" + part + "'");
      }
    }
    List<String> notes = new ArrayList<>();
    String type = rawType;
    if (rawType.equals("enum")) {
      if (options.isEmpty()) {
        throw new SeedFormatException(source, number, name + ": an enum without 'Allowed:'");
      }
      type = "string";
      notes.add("type 'enum' read as string with its allowed values");
    } else if (!options.isEmpty()) {
      throw new SeedFormatException(source, number, name + ": 'Allowed:' on a " + rawType);
    }
    if (!SeedModelTables.TYPES.contains(type)) {
      throw new SeedFormatException(source, number, "'" + rawType + "' is not a type");
    }
    return new SeedParam(
        name,
        type,
        required,
        defaultValue,
        options,
        false,
        null,
        tail[0].isEmpty() ? null : tail[0],
        notes,
        min,
        max,
        null);
  }
}
