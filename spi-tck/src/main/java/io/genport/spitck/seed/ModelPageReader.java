package io.genport.spitck.seed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link SeedFormat#MODEL_PAGE}: the model id from the {@code **Model ID:**} line, the
 * title from the first {@code # } heading, the parameters from the tables under {@code ### Required
 * parameters} and {@code ### Optional parameters} (columns field, type, default, description), the
 * enumeration from a description's {@code One of: a, b.} and the range from its {@code Range: a –
 * b.}. A type {@code array<string>} is read as {@code array}.
 *
 * <p>It also records what the page's code examples show: the URLs they call (on a {@code curl}
 * command's lines, or on the line after {@code requests.get(} / {@code requests.post(}), with the
 * example generation id written {@code {generation_id}}, and the fields their JSON bodies send.
 */
final class ModelPageReader {
  private static final Pattern MODEL_ID =
      Pattern.compile("^\\*\\*Model ID:\\*\\*\\s*`([^`]+)`\\s*$");
  private static final Pattern TITLE = Pattern.compile("^# (\\S.*?)\\s*$");
  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|\\s*`([^`]+)`\\s*\\|(.*?)\\|(.*)\\|\\s*$");
  private static final Pattern ONE_OF = Pattern.compile("One of: (.*?)\\.?\\s*$");
  private static final Pattern RANGE =
      Pattern.compile("Range: (-?\\d+(?:\\.\\d+)?) [–-] (-?\\d+(?:\\.\\d+)?)\\.?\\s*$");
  private static final Pattern URL = Pattern.compile("https://[^\\s\"'\\\\)]+");
  private static final Pattern BODY_FIELD = Pattern.compile("^\\s*\"([a-z_][a-z0-9_]*)\": ");
  private static final Pattern CALL = Pattern.compile("requests\\.(get|post)\\($");

  private final String source;
  private final List<String> lines;

  ModelPageReader(String text, String source) {
    this.source = source;
    this.lines = Arrays.asList(text.split("\\R", -1));
  }

  SeedModelTables read() {
    String slug = null;
    String title = null;
    int titleLine = 0;
    Boolean required = null;
    boolean inCode = false;
    boolean curlContinues = false;
    List<SeedParam> params = new ArrayList<>();
    Set<String> endpoints = new LinkedHashSet<>();
    Set<String> fields = new TreeSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String trimmed = line.trim();
      if (trimmed.startsWith("```")) {
        inCode = !inCode;
        continue;
      }
      if (inCode) {
        // A curl command runs on over lines ending in a backslash; its body (-d '{...') does not.
        boolean call =
            trimmed.contains("curl ")
                || curlContinues
                || (i > 0 && CALL.matcher(lines.get(i - 1).trim()).find());
        curlContinues = (trimmed.contains("curl ") || curlContinues) && trimmed.endsWith("\\");
        if (call) {
          Matcher u = URL.matcher(trimmed);
          while (u.find()) {
            endpoints.add(u.group().replace("$GEN_ID", "{generation_id}").replaceAll("[,;]+$", ""));
          }
        }
        Matcher f = BODY_FIELD.matcher(line);
        if (f.find()) {
          fields.add(f.group(1));
        }
        continue;
      }
      Matcher id = MODEL_ID.matcher(trimmed);
      if (id.matches()) {
        if (slug != null) {
          throw new SeedFormatException(source, i + 1, "a second '**Model ID:**' line");
        }
        slug = id.group(1).trim();
        continue;
      }
      Matcher t = TITLE.matcher(line);
      if (t.matches() && title == null) {
        title = t.group(1).replace("\\[", "[").replace("\\]", "]");
        titleLine = i + 1;
        continue;
      }
      if (trimmed.startsWith("#")) {
        required =
            trimmed.equals("### Required parameters")
                ? Boolean.TRUE
                : trimmed.equals("### Optional parameters") ? Boolean.FALSE : null;
        continue;
      }
      if (required != null && trimmed.startsWith("|")) {
        Matcher r = ROW.matcher(trimmed);
        if (r.matches()) {
          SeedParam p = row(r, required, i + 1);
          for (SeedParam other : params) {
            if (other.name().equals(p.name())) {
              throw new SeedFormatException(source, i + 1, "'" + p.name() + "' is listed twice");
            }
          }
          params.add(p);
        }
      }
    }
    if (slug == null) {
      throw new SeedFormatException(source, 0, "no '**Model ID:**' line");
    }
    if (title == null) {
      throw new SeedFormatException(source, 0, "no '# ' title");
    }
    if (params.isEmpty()) {
      throw new SeedFormatException(source, 0, "no rows under '### Required/Optional parameters'");
    }
    return SeedModelTables.of(
        source,
        SeedFormat.MODEL_PAGE,
        List.of(new SeedModel(slug, title, params, titleLine)),
        List.of(),
        List.copyOf(endpoints),
        List.copyOf(fields));
  }

  private SeedParam row(Matcher r, boolean required, int line) {
    String name = r.group(1).trim();
    String rawType = r.group(2).trim();
    List<String> notes = new ArrayList<>();
    String type = rawType;
    if (rawType.startsWith("array<")) {
      type = "array";
      notes.add("type '" + rawType + "' read as array");
    }
    if (!SeedModelTables.TYPES.contains(type)) {
      throw new SeedFormatException(source, line, "'" + rawType + "' is not a type");
    }
    String def = r.group(3).trim();
    String defaultValue = null;
    if (!def.equals("—") && !def.isEmpty()) {
      if (!(def.startsWith("`") && def.endsWith("`"))) {
        throw new SeedFormatException(source, line, "default '" + def + "' is not in backticks");
      }
      defaultValue = def.substring(1, def.length() - 1);
      if (defaultValue.length() >= 2
          && defaultValue.startsWith("\"")
          && defaultValue.endsWith("\"")) {
        defaultValue = defaultValue.substring(1, defaultValue.length() - 1);
      }
    }
    String description = r.group(4).trim();
    Double min = null;
    Double max = null;
    Matcher range = RANGE.matcher(description);
    if (range.find()) {
      min = Double.valueOf(range.group(1));
      max = Double.valueOf(range.group(2));
    }
    List<String> options = new ArrayList<>();
    Matcher oneOf = ONE_OF.matcher(description);
    if (oneOf.find()) {
      for (String o : oneOf.group(1).split(",")) {
        if (!o.isBlank()) {
          options.add(o.trim().replace("\\_", "_"));
        }
      }
    }
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
        null);
  }
}
