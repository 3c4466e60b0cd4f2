package io.genport.spitck.seed;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The models of a seed document, by slug, with what the document says about each parameter. Read
 * from a seed document by {@link #read(Path)} (any {@link SeedFormat}) or {@link #parse(String,
 * String)} (the Markdown model reference), or loaded from a derived table by {@link SeedTables}.
 * Immutable and thread-safe.
 *
 * <p>Reading the Markdown model reference is strict: a table with other columns, an unknown type, a
 * required flag other than {@code Yes}/{@code No}, a table without a slug or a slug without a
 * table, and repeated slugs or parameter names fail with a {@link SeedFormatException} naming the
 * line. Two slips of the seed documents are read rather than rejected, and recorded in {@link
 * SeedParam#notes()}: a name cell that repeats the type ({@code `enable_safety_checker boolean`}
 * with type {@code boolean} is the parameter {@code enable_safety_checker}), and empty items
 * between commas in an option list.
 *
 * @since 1
 */
public final class SeedModelTables {
  /** The columns every parameter table has, in order. */
  public static final List<String> COLUMNS =
      List.of("Parameter", "Type", "Required", "Default", "Options / Constraints", "Description");

  /** The parameter types a table may name. */
  public static final Set<String> TYPES =
      Set.of("string", "integer", "number", "boolean", "array", "object");

  private static final Pattern TITLE = Pattern.compile("^##\\s+(.*\\S)\\s*$");
  private static final Pattern SLUG = Pattern.compile("^\\*\\*Slug:\\*\\*\\s*`([^`]+)`\\s*$");
  private static final Pattern SEPARATOR = Pattern.compile("^\\|(\\s*:?-+:?\\s*\\|)+\\s*$");
  private static final Pattern CODE = Pattern.compile("^`(.*)`$", Pattern.DOTALL);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-\\[\\]]+");
  private static final Set<String> NONE = Set.of("—", "–", "-", "");

  private final String source;
  private final SeedFormat format;
  private final Map<String, SeedModel> models;
  private final List<String> notes;
  private final List<String> endpoints;
  private final List<String> requestFields;

  private SeedModelTables(
      String source,
      SeedFormat format,
      Map<String, SeedModel> models,
      List<String> notes,
      List<String> endpoints,
      List<String> requestFields) {
    this.source = source;
    this.format = format;
    this.models = Collections.unmodifiableMap(models);
    this.notes = List.copyOf(notes);
    this.endpoints = List.copyOf(endpoints);
    this.requestFields = List.copyOf(requestFields);
  }

  /**
   * Assembles tables (used by the readers and by {@link SeedTables}).
   *
   * @throws IllegalArgumentException when two models share a slug
   */
  static SeedModelTables of(
      String source,
      SeedFormat format,
      List<SeedModel> models,
      List<String> notes,
      List<String> endpoints,
      List<String> requestFields) {
    requireNonNull(source, "source is null");
    requireNonNull(format, "format is null");
    Map<String, SeedModel> bySlug = new LinkedHashMap<>();
    for (SeedModel m : models) {
      if (bySlug.put(m.slug(), m) != null) {
        throw new IllegalArgumentException(source + ": slug '" + m.slug() + "' appears twice");
      }
    }
    return new SeedModelTables(source, format, bySlug, notes, endpoints, requestFields);
  }

  /**
   * Reads the seed document at {@code file} (UTF-8), whatever its {@link SeedFormat}. A document
   * that names no model needs {@link #read(Path, String, String)}.
   */
  public static SeedModelTables read(Path file) {
    return read(file, null, null);
  }

  /**
   * Reads the seed document at {@code file} (UTF-8), whatever its {@link SeedFormat}.
   *
   * @param slug the model's slug when the document does not state one ({@link
   *     SeedFormat#SCHEMA_PAGE}, {@link SeedFormat#PARAMETER_ROWS}, {@link
   *     SeedFormat#BODY_PARAMS}); {@code null} otherwise
   * @param title the model's title when the document does not state one; {@code null} otherwise
   * @throws SeedFormatException when the document does not follow its format, or the slug or title
   *     is missing or given for a document that states its own
   */
  public static SeedModelTables read(Path file, String slug, String title) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read seed document " + file, e);
    }
    return parse(text, file.getFileName().toString(), slug, title);
  }

  /**
   * Parses a seed document of any {@link SeedFormat}; see {@link #read(Path, String, String)}.
   *
   * @param source names the document in error messages and in derived tables
   */
  public static SeedModelTables parse(String text, String source, String slug, String title) {
    SeedFormat format = SeedFormat.detect(text, source);
    boolean named = format == SeedFormat.MODEL_REFERENCE || format == SeedFormat.MODEL_PAGE;
    boolean titled = named || format == SeedFormat.BODY_PARAMS;
    if (named && slug != null) {
      throw new SeedFormatException(
          source, 0, "a " + format.id() + " document states its slugs; do not give one");
    }
    if (titled && title != null) {
      throw new SeedFormatException(
          source, 0, "a " + format.id() + " document states its title; do not give one");
    }
    if (!named && slug == null) {
      throw new SeedFormatException(
          source, 0, "a " + format.id() + " document names no model; give its slug");
    }
    if (!titled && title == null) {
      throw new SeedFormatException(
          source, 0, "a " + format.id() + " document has no title; give the model's title");
    }
    return switch (format) {
      case MODEL_REFERENCE -> parse(text, source);
      case SCHEMA_PAGE -> new SchemaPageReader(text, source).read(slug, title);
      case MODEL_PAGE -> new ModelPageReader(text, source).read();
      case PARAMETER_ROWS -> new ParameterRowsReader(text, source).read(slug, title);
      case BODY_PARAMS -> new BodyParamsReader(text, source).read(slug);
    };
  }

  /**
   * Parses a document in the Markdown model-reference format ({@link SeedFormat#MODEL_REFERENCE}).
   *
   * @param markdown the document text
   * @param source names the document in error messages
   * @throws SeedFormatException when the document does not follow the format
   */
  public static SeedModelTables parse(String markdown, String source) {
    return new Reader(markdown, source).read();
  }

  /** What the document is called in messages (usually its file name). */
  public String source() {
    return source;
  }

  /** The layout the document was read from. */
  public SeedFormat format() {
    return format;
  }

  /** The models by slug, in document order. */
  public Map<String, SeedModel> models() {
    return models;
  }

  /**
   * What the reader had to interpret for the whole document (a slug it was given, names assigned by
   * position), in the project's words; empty when nothing was.
   */
  public List<String> notes() {
    return notes;
  }

  /**
   * The vendor URLs the document's example requests call, in order of first appearance, with
   * example ids written {@code {generation_id}}; empty for formats without examples.
   */
  public List<String> endpoints() {
    return endpoints;
  }

  /**
   * The JSON fields the document's example request bodies send, sorted; empty for formats without
   * examples.
   */
  public List<String> requestFields() {
    return requestFields;
  }

  /** The model with {@code slug}, or {@code null}. */
  public SeedModel model(String slug) {
    return models.get(slug);
  }

  /**
   * The model with {@code slug}.
   *
   * @throws IllegalArgumentException when the document has none
   */
  public SeedModel require(String slug) {
    SeedModel m = models.get(slug);
    if (m == null) {
      throw new IllegalArgumentException(
          "seed document " + source + " has no model '" + slug + "'");
    }
    return m;
  }

  /** How many models the document describes. */
  public int size() {
    return models.size();
  }

  @Override
  public String toString() {
    return "SeedModelTables[" + source + ", " + format.id() + ", " + models.size() + " models]";
  }

  /** A line-by-line reader; one per document. */
  private static final class Reader {
    private final String source;
    private final List<String> lines;
    private final Map<String, SeedModel> models = new LinkedHashMap<>();
    private int index;

    private String title;
    private int titleLine;
    private String slug;
    private int slugLine;
    private List<SeedParam> table;

    Reader(String markdown, String source) {
      this.source = source;
      this.lines = Arrays.asList(markdown.split("\\R", -1));
    }

    SeedModelTables read() {
      for (index = 0; index < lines.size(); index++) {
        String line = lines.get(index);
        String trimmed = line.trim();
        Matcher t = TITLE.matcher(trimmed);
        if (t.matches() && !trimmed.startsWith("###")) {
          finishSection();
          title = t.group(1).trim();
          titleLine = index + 1;
          continue;
        }
        Matcher s = SLUG.matcher(trimmed);
        if (s.matches()) {
          if (title == null) {
            throw fail("slug before any '## ' section title");
          }
          if (slug != null) {
            throw fail("second slug in section '" + title + "'");
          }
          slug = s.group(1).trim();
          slugLine = index + 1;
          if (models.containsKey(slug)) {
            throw fail("slug '" + slug + "' appears twice");
          }
          continue;
        }
        if (trimmed.startsWith("|")) {
          if (slug == null) {
            throw fail("table without a '**Slug:**' line" + inSection());
          }
          if (table != null) {
            throw fail("second table for slug '" + slug + "'");
          }
          table = readTable();
        }
      }
      finishSection();
      return new SeedModelTables(
          source,
          SeedFormat.MODEL_REFERENCE,
          new LinkedHashMap<>(models),
          List.of(),
          List.of(),
          List.of());
    }

    private void finishSection() {
      if (slug != null) {
        if (table == null) {
          throw new SeedFormatException(
              source, slugLine, "slug '" + slug + "' has no parameter table");
        }
        models.put(slug, new SeedModel(slug, title, table, titleLine));
      }
      title = null;
      slug = null;
      table = null;
    }

    /** Reads the table starting at the current line; leaves index on its last row. */
    private List<SeedParam> readTable() {
      List<String> header = cells(lines.get(index));
      List<String> names = new ArrayList<>();
      header.forEach(h -> names.add(h.trim()));
      if (!names.equals(COLUMNS)) {
        throw fail("table columns are " + names + "; expected " + COLUMNS);
      }
      index++;
      if (index >= lines.size() || !SEPARATOR.matcher(lines.get(index).trim()).matches()) {
        index = Math.min(index, lines.size() - 1);
        throw fail("table header is not followed by a |---| separator row");
      }
      List<SeedParam> rows = new ArrayList<>();
      while (index + 1 < lines.size() && lines.get(index + 1).trim().startsWith("|")) {
        index++;
        SeedParam p = row(lines.get(index));
        for (SeedParam other : rows) {
          if (other.name().equals(p.name())) {
            throw fail("parameter '" + p.name() + "' is listed twice for slug '" + slug + "'");
          }
        }
        rows.add(p);
      }
      if (rows.isEmpty()) {
        throw fail("parameter table of slug '" + slug + "' has no rows");
      }
      return rows;
    }

    private SeedParam row(String line) {
      List<String> c = cells(line);
      List<String> notes = new ArrayList<>();
      String type = c.get(1).trim();
      if (!TYPES.contains(type)) {
        throw fail("'" + type + "' is not a type; allowed: " + new java.util.TreeSet<>(TYPES));
      }
      String name = name(c.get(0).trim(), type, notes);
      String req = c.get(2).trim().toLowerCase(Locale.ROOT);
      boolean required;
      if (req.equals("yes")) {
        required = true;
      } else if (req.equals("no")) {
        required = false;
      } else {
        throw fail("required must be Yes or No, was '" + c.get(2).trim() + "'");
      }
      String def = defaultValue(c.get(3).trim());
      String opts = c.get(4).trim();
      List<String> options = new ArrayList<>();
      boolean truncated = false;
      String tail = null;
      if (!NONE.contains(opts)) {
        if (opts.endsWith("...") || opts.endsWith("…")) {
          truncated = true;
          opts = opts.substring(0, opts.length() - (opts.endsWith("...") ? 3 : 1));
        }
        List<String> items = new ArrayList<>();
        for (String item : opts.split(",", -1)) {
          items.add(item.trim());
        }
        if (truncated) {
          String last = items.remove(items.size() - 1);
          tail = last.isEmpty() ? null : last;
        }
        int before = items.size();
        items.removeIf(String::isEmpty);
        if (items.size() != before) {
          notes.add("empty option item(s) between commas dropped");
        }
        options.addAll(items);
      }
      String description = c.get(5).trim();
      return new SeedParam(
          name,
          type,
          required,
          def,
          options,
          truncated,
          tail,
          NONE.contains(description) ? null : description,
          notes);
    }

    private String name(String cell, String type, List<String> notes) {
      Matcher m = CODE.matcher(cell);
      String raw = m.matches() ? m.group(1).trim() : cell;
      if (NAME.matcher(raw).matches()) {
        return raw;
      }
      String[] words = raw.split("\\s+");
      if (words.length == 2 && words[1].equals(type) && NAME.matcher(words[0]).matches()) {
        notes.add("name cell '" + raw + "' repeats the type; read as '" + words[0] + "'");
        return words[0];
      }
      throw fail("'" + cell + "' is not a parameter name");
    }

    private static String defaultValue(String cell) {
      if (NONE.contains(cell)) {
        return null;
      }
      Matcher m = CODE.matcher(cell);
      String v = m.matches() ? m.group(1) : cell;
      if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
        v = v.substring(1, v.length() - 1);
      }
      return v;
    }

    /** The six cells of a table row; surplus pipes belong to the description. */
    private List<String> cells(String line) {
      String s = line.trim();
      if (!s.startsWith("|") || !s.endsWith("|") || s.length() < 2) {
        throw fail("table row must start and end with '|'");
      }
      String[] parts = s.substring(1, s.length() - 1).split("\\|", -1);
      if (parts.length < COLUMNS.size()) {
        throw fail("table row has " + parts.length + " cells; expected " + COLUMNS.size());
      }
      List<String> out = new ArrayList<>(Arrays.asList(parts).subList(0, COLUMNS.size() - 1));
      out.add(String.join("|", Arrays.asList(parts).subList(COLUMNS.size() - 1, parts.length)));
      return out;
    }

    private String inSection() {
      return title == null ? "" : " in section '" + title + "'";
    }

    private SeedFormatException fail(String problem) {
      return new SeedFormatException(source, index + 1, problem);
    }
  }
}
