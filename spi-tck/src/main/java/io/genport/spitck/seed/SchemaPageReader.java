package io.genport.spitck.seed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link SeedFormat#SCHEMA_PAGE}: the input table of a model version page, flattened so
 * that every cell ends with {@code |} and may span lines. Cells come in fours (field, type, default
 * column, description). The default column holds, on separate lines, the default value, {@code
 * Options: a, b} and {@code Min: x Max: y}; when it is empty the flattening moved the description
 * into it and left the last cell empty, which is how such rows are recognised. A step ("a multiple
 * of 16") is taken from the description.
 *
 * <p>The page shows no required flags. The reader marks {@code prompt} required, because the page
 * gives it no default and a text-to-image predictor cannot run without it, and says so in the row's
 * notes; every other field is optional.
 */
final class SchemaPageReader {
  private static final Pattern HEADER =
      Pattern.compile("^Field \\| Type \\| Default value \\| Description \\|\\s*$");
  private static final Pattern SEPARATOR = Pattern.compile("^-+(\\|-+)*\\|?\\s*$");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern MIN = Pattern.compile("\\bMin:\\s*(-?\\d+(?:\\.\\d+)?)");
  private static final Pattern MAX = Pattern.compile("\\bMax:\\s*(-?\\d+(?:\\.\\d+)?)");
  private static final Pattern MULTIPLE = Pattern.compile("\\bmultiple of (\\d+)\\b");
  private static final String END = "Output schema";

  private final String source;
  private final List<String> lines;

  SchemaPageReader(String text, String source) {
    this.source = source;
    this.lines = Arrays.asList(text.split("\\R", -1));
  }

  SeedModelTables read(String slug, String title) {
    int header = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (HEADER.matcher(lines.get(i).trim()).matches()) {
        header = i;
        break;
      }
    }
    if (header < 0 || header + 1 >= lines.size()) {
      throw new SeedFormatException(source, 0, "no 'Field | Type | Default value |' table");
    }
    if (!SEPARATOR.matcher(lines.get(header + 1).trim()).matches()) {
      throw new SeedFormatException(source, header + 2, "table header without a ---| row");
    }
    int first = header + 2;
    StringBuilder body = new StringBuilder();
    int end = first;
    for (; end < lines.size() && !lines.get(end).trim().equals(END); end++) {
      body.append(lines.get(end)).append('\n');
    }
    List<String> cells = new ArrayList<>(Arrays.asList(body.toString().split("\\|", -1)));
    if (!cells.isEmpty() && cells.get(cells.size() - 1).isBlank()) {
      cells.remove(cells.size() - 1);
    }
    if (cells.size() % 4 != 0) {
      throw new SeedFormatException(
          source, first + 1, "the table has " + cells.size() + " cells, not a multiple of 4");
    }
    List<SeedParam> params = new ArrayList<>();
    for (int i = 0; i < cells.size(); i += 4) {
      SeedParam p = row(cells.subList(i, i + 4));
      for (SeedParam other : params) {
        if (other.name().equals(p.name())) {
          throw new SeedFormatException(source, 0, "field '" + p.name() + "' is listed twice");
        }
      }
      params.add(p);
    }
    if (params.isEmpty()) {
      throw new SeedFormatException(source, first + 1, "the input table has no rows");
    }
    return SeedModelTables.of(
        source,
        SeedFormat.SCHEMA_PAGE,
        List.of(new SeedModel(slug, title, params, header + 1)),
        List.of(
            "the page names no model: slug and title were given to the reader",
            "the page shows no required flags: prompt is marked required, every other field"
                + " optional"),
        List.of(),
        List.of());
  }

  private SeedParam row(List<String> cell) {
    String name = cell.get(0).trim();
    if (!NAME.matcher(name).matches()) {
      throw new SeedFormatException(source, 0, "'" + name + "' is not a field name");
    }
    List<String> typeLines = nonBlankLines(cell.get(1));
    if (typeLines.isEmpty() || !SeedModelTables.TYPES.contains(typeLines.get(0))) {
      throw new SeedFormatException(source, 0, name + ": type cell '" + cell.get(1).trim() + "'");
    }
    String type = typeLines.get(0);
    boolean isEnum = typeLines.size() > 1 && typeLines.get(1).equals("(enum)");
    if (typeLines.size() > (isEnum ? 2 : 1)) {
      throw new SeedFormatException(source, 0, name + ": unexpected type cell " + typeLines);
    }
    String defaults = cell.get(2);
    String description = cell.get(3).trim();
    if (description.isEmpty()) {
      // The page's default column was empty; the flattening moved the description into it.
      description = defaults.trim();
      defaults = "";
    }
    String defaultValue = null;
    List<String> options = new ArrayList<>();
    Double min = null;
    Double max = null;
    for (String line : nonBlankLines(defaults)) {
      if (line.startsWith("Options:")) {
        for (String o : line.substring("Options:".length()).split(",")) {
          if (!o.isBlank()) {
            options.add(o.trim());
          }
        }
      } else if (line.startsWith("Min:") || line.startsWith("Max:")) {
        Matcher lo = MIN.matcher(line);
        Matcher hi = MAX.matcher(line);
        min = lo.find() ? Double.valueOf(lo.group(1)) : null;
        max = hi.find() ? Double.valueOf(hi.group(1)) : null;
      } else if (defaultValue == null) {
        defaultValue = line;
      } else {
        throw new SeedFormatException(source, 0, name + ": a second default line '" + line + "'");
      }
    }
    if (isEnum != !options.isEmpty()) {
      throw new SeedFormatException(
          source, 0, name + (isEnum ? ": an enum without Options" : ": Options on a non-enum"));
    }
    Matcher step = MULTIPLE.matcher(description);
    Integer multipleOf = step.find() ? Integer.valueOf(step.group(1)) : null;
    boolean required = name.equals("prompt");
    List<String> notes =
        required ? List.of("required although the page shows no required flags") : List.of();
    return new SeedParam(
        name,
        type,
        required,
        defaultValue,
        options,
        false,
        null,
        description.isEmpty() ? null : description,
        notes,
        min,
        max,
        multipleOf);
  }

  private static List<String> nonBlankLines(String cell) {
    return cell.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
  }
}
