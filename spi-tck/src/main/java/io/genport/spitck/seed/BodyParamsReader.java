package io.genport.spitck.seed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link SeedFormat#BODY_PARAMS}: an API reference page flattened to text. The title is the
 * first line. Between {@code Body Params} and {@code Response}, every parameter starts with a type
 * line ({@code integer | null}, {@code string}, {@code array of objects | null}, ...), followed by
 * marker lines and a description:
 *
 * <ul>
 *   <li>{@code required}, {@code enum}, {@code deprecated};
 *   <li>{@code Defaults to X}: the default;
 *   <li>{@code 1 to 4.5}: the range;
 *   <li>{@code Allowed:} and the items (the page this reader was written for lost them: such an
 *       enumeration is read as cut short, with no known items);
 *   <li>a line equal to the parameter's name: a label, skipped.
 * </ul>
 *
 * <p>The flattening kept a parameter's name only for arrays (a name line just above the type line).
 * The other names are assigned by position from the request body's property list, which the reader
 * holds per page title ({@link #NAMES}); the page's own name lines must agree with it, and the
 * number of parameters must match, or reading fails. From the description the reader takes a range
 * ("must be between 32 and 1536", when there is no range line), a step ("a multiple of 8") and a
 * default stated only there ("Default is 15.", "Defaults to X if not specified"), each noted in the
 * row.
 */
final class BodyParamsReader {
  /** The body property names of each known page, in the order the page lists them. */
  static final Map<String, List<String>> NAMES =
      Map.of(
          "Create a Generation of Images",
          List.of(
              "alchemy",
              "contrastRatio",
              "contrast",
              "controlnets",
              "elements",
              "userElements",
              "expandedDomain",
              "fantasyAvatar",
              "guidance_scale",
              "height",
              "highContrast",
              "highResolution",
              "imagePrompts",
              "imagePromptWeight",
              "init_generation_image_id",
              "init_image_id",
              "init_strength",
              "modelId",
              "negative_prompt",
              "num_images",
              "num_inference_steps",
              "photoReal",
              "photoRealVersion",
              "photoRealStrength",
              "presetStyle",
              "prompt",
              "promptMagic",
              "promptMagicStrength",
              "promptMagicVersion",
              "public",
              "scheduler",
              "sd_version",
              "seed",
              "tiling",
              "transparency",
              "ultra",
              "unzoom",
              "unzoomAmount",
              "upscaleRatio",
              "width",
              "controlNet",
              "controlNetType",
              "weighting",
              "canvasRequest",
              "canvasRequestType",
              "canvasInitId",
              "canvasMaskId",
              "enhancePrompt",
              "enhancePromptInstruction"));

  private static final Pattern TYPE_LINE =
      Pattern.compile(
          "^(boolean|number|integer|string|array of objects|array of strings or null)( \\| null)?$");
  private static final Pattern NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
  private static final Pattern RANGE_LINE =
      Pattern.compile("^(-?\\d+(?:\\.\\d+)?) to (-?\\d+(?:\\.\\d+)?)$");
  private static final Pattern DEFAULTS = Pattern.compile("^Defaults to (.+)$");
  private static final Pattern BETWEEN =
      Pattern.compile(
          "[Mm]ust be (?:a float )?between (-?\\d+(?:\\.\\d+)?) and (-?\\d+(?:\\.\\d+)?)");
  private static final Pattern MULTIPLE = Pattern.compile("\\bmultiple of (\\d+)\\b");
  private static final Pattern PROSE_DEFAULT =
      Pattern.compile(
          "(?:Default is ([^\\s.]+(?:\\.[0-9]+)?)\\.|Defaults to (\\S+) if not specified)");
  private static final List<String> MARKERS = List.of("required", "enum", "deprecated");

  private final String source;
  private final List<String> lines;

  private final Map<String, List<String>> namesByTitle;

  BodyParamsReader(String text, String source) {
    this(text, source, NAMES);
  }

  /** A reader with its own name lists (the tests use invented pages). */
  BodyParamsReader(String text, String source, Map<String, List<String>> namesByTitle) {
    this.source = source;
    this.lines = Arrays.asList(text.split("\\R", -1));
    this.namesByTitle = Map.copyOf(namesByTitle);
  }

  SeedModelTables read(String slug) {
    String title = null;
    int titleLine = 0;
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).trim();
      if (title == null && !t.isEmpty()) {
        title = t;
        titleLine = i + 1;
      } else if (start < 0 && t.equals("Body Params")) {
        start = i + 1;
      } else if (start >= 0 && t.equals("Response")) {
        end = i;
        break;
      }
    }
    if (start < 0 || end < 0) {
      throw new SeedFormatException(source, 0, "no 'Body Params' ... 'Response' section");
    }
    List<String> names = namesByTitle.get(title);
    if (names == null) {
      throw new SeedFormatException(
          source, titleLine, "no parameter-name list for a page titled '" + title + "'");
    }
    List<Integer> typeLines = new ArrayList<>();
    for (int i = start; i < end; i++) {
      if (TYPE_LINE.matcher(lines.get(i).trim()).matches()) {
        typeLines.add(i);
      }
    }
    if (typeLines.size() != names.size()) {
      throw new SeedFormatException(
          source,
          start,
          typeLines.size()
              + " parameters on the page, but the name list for '"
              + title
              + "' has "
              + names.size());
    }
    List<SeedParam> params = new ArrayList<>();
    for (int k = 0; k < typeLines.size(); k++) {
      int at = typeLines.get(k);
      int next = k + 1 < typeLines.size() ? typeLines.get(k + 1) : end;
      String name = names.get(k);
      String shown = explicitName(at);
      if (shown != null && !shown.equals(name)) {
        throw new SeedFormatException(
            source, at, "the page names this parameter '" + shown + "', the list '" + name + "'");
      }
      // The next parameter's name line, if any, belongs to it.
      int last = next < end && explicitName(next) != null ? next - 2 : next - 1;
      params.add(param(name, at, last));
    }
    return SeedModelTables.of(
        source,
        SeedFormat.BODY_PARAMS,
        List.of(new SeedModel(slug, title, params, titleLine)),
        List.of(
            "the page names no slug: it was given to the reader",
            "parameter names are assigned in page order from the request body's property list;"
                + " the page's own name lines (arrays) agree with it"),
        List.of(),
        List.of());
  }

  /**
   * The name line just above the type line at {@code at}, or {@code null}. A name line right below
   * the previous type line is that parameter's label, not this one's name.
   */
  private String explicitName(int at) {
    if (at <= 0 || at >= lines.size()) {
      return null;
    }
    String above = lines.get(at - 1).trim();
    boolean label = at >= 2 && TYPE_LINE.matcher(lines.get(at - 2).trim()).matches();
    return !label && NAME.matcher(above).matches() && !MARKERS.contains(above) ? above : null;
  }

  /** The parameter whose type line is {@code at} and whose last line is {@code last}. */
  private SeedParam param(String name, int at, int last) {
    Matcher t = TYPE_LINE.matcher(lines.get(at).trim());
    if (!t.matches()) {
      throw new IllegalStateException("not a type line: " + lines.get(at));
    }
    String rawType = t.group(1);
    List<String> notes = new ArrayList<>();
    String type = rawType.startsWith("array") ? "array" : rawType;
    if (!type.equals(rawType)) {
      notes.add("type '" + rawType + "' read as array");
    }
    boolean required = false;
    boolean isEnum = false;
    boolean allowedListed = false;
    List<String> options = new ArrayList<>();
    String defaultValue = null;
    Double min = null;
    Double max = null;
    List<String> description = new ArrayList<>();
    for (int i = at + 1; i <= last; i++) {
      String line = lines.get(i).trim();
      Matcher d = DEFAULTS.matcher(line);
      Matcher r = RANGE_LINE.matcher(line);
      if (line.isEmpty() || line.equals(name)) {
        continue;
      } else if (line.equals("required")) {
        required = true;
      } else if (line.equals("enum")) {
        isEnum = true;
      } else if (line.equals("deprecated")) {
        notes.add("deprecated");
      } else if (d.matches() && defaultValue == null && description.isEmpty()) {
        defaultValue = d.group(1).trim();
      } else if (r.matches() && min == null && description.isEmpty()) {
        min = Double.valueOf(r.group(1));
        max = Double.valueOf(r.group(2));
      } else if (line.startsWith("Allowed:")) {
        allowedListed = true;
        for (String o : line.substring("Allowed:".length()).split(",")) {
          if (!o.isBlank()) {
            options.add(o.trim());
          }
        }
      } else {
        description.add(line);
      }
    }
    String text = String.join(" ", description);
    if (min == null) {
      Matcher b = BETWEEN.matcher(text);
      if (b.find()) {
        min = Double.valueOf(b.group(1));
        max = Double.valueOf(b.group(2));
        notes.add("range taken from the description");
      }
    }
    Matcher m = MULTIPLE.matcher(text);
    Integer multipleOf = m.find() ? Integer.valueOf(m.group(1)) : null;
    if (defaultValue == null) {
      Matcher p = PROSE_DEFAULT.matcher(text);
      if (p.find()) {
        defaultValue = p.group(1) != null ? p.group(1) : p.group(2);
        notes.add("default taken from the description");
      }
    }
    boolean truncated = false;
    if (isEnum && options.isEmpty()) {
      truncated = true;
      notes.add(
          allowedListed
              ? "an enumeration whose allowed values the page lost"
              : "an enumeration whose values the page does not list");
    } else if (!isEnum && allowedListed) {
      throw new SeedFormatException(source, at + 1, name + ": 'Allowed:' without 'enum'");
    }
    return new SeedParam(
        name,
        type,
        required,
        defaultValue,
        options,
        truncated,
        null,
        text.isEmpty() ? null : text,
        notes,
        min,
        max,
        multipleOf);
  }
}
