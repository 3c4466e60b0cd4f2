package io.genport.spitck.seed;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The layouts a seed document comes in. Each names one reader; {@link #detect} picks it from the
 * text, so the maintainer tool needs only the file.
 *
 * @since 1
 */
public enum SeedFormat {
  /**
   * Markdown sections, each a {@code ## title}, a {@code **Slug:**} line and a six-column parameter
   * table (the Each Labs model reference). The only format that names several models.
   */
  MODEL_REFERENCE,
  /**
   * A model's input-schema page as text: a {@code Field | Type | Default value | Description |}
   * table whose cells run over several lines, with {@code Options:}, {@code Min:} and {@code Max:}
   * inside the default cell (a Replicate model version page). It names no model.
   */
  SCHEMA_PAGE,
  /**
   * A model page in Markdown with a {@code **Model ID:**} line, a {@code # title}, example requests
   * and "Required"/"Optional parameters" tables whose descriptions carry {@code One of:} and {@code
   * Range:} (an Oxen.ai model page).
   */
  MODEL_PAGE,
  /**
   * One parameter per line, {@code name | type | yes/no | default | description}, where the
   * description may end in {@code · Allowed: ...} and {@code · Range: a – b} (a gateway's parameter
   * table). It names no model.
   */
  PARAMETER_ROWS,
  /**
   * An API reference page flattened to text: below {@code Body Params}, each parameter is a type
   * line ({@code integer | null}), optional marker lines ({@code required}, {@code enum}, {@code
   * deprecated}, {@code Defaults to ...}, a range {@code 1 to 4.5}) and a description. Most names
   * were lost in the flattening (a Leonardo.ai reference page).
   */
  BODY_PARAMS;

  private static final Pattern SLUG_LINE = Pattern.compile("(?m)^\\s*\\*\\*Slug:\\*\\*\\s*`");
  private static final Pattern MODEL_ID_LINE = Pattern.compile("(?m)^\\*\\*Model ID:\\*\\*\\s*`");
  private static final Pattern SCHEMA_HEADER =
      Pattern.compile("(?m)^Field \\| Type \\| Default value \\| Description \\|\\s*$");
  private static final Pattern BODY_PARAMS_LINE = Pattern.compile("(?m)^Body Params\\s*$");
  private static final Pattern PARAMETER_ROW =
      Pattern.compile("^[A-Za-z_][A-Za-z0-9_]* \\| [a-z]+ \\| (yes|no) \\| .*\\|\\s*$");

  /** The name used in derived tables, e.g. {@code model-reference}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The format named {@code id} (as {@link #id()} spells it).
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static SeedFormat fromId(String id) {
    for (SeedFormat f : values()) {
      if (f.id().equals(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown seed format '"
            + id
            + "'; known: "
            + Arrays.stream(values()).map(SeedFormat::id).toList());
  }

  /**
   * The format of {@code text}.
   *
   * @param source names the document in the error message
   * @throws SeedFormatException when the text matches none of the formats
   */
  public static SeedFormat detect(String text, String source) {
    if (SLUG_LINE.matcher(text).find()) {
      return MODEL_REFERENCE;
    }
    if (MODEL_ID_LINE.matcher(text).find()) {
      return MODEL_PAGE;
    }
    if (SCHEMA_HEADER.matcher(text).find()) {
      return SCHEMA_PAGE;
    }
    if (BODY_PARAMS_LINE.matcher(text).find()) {
      return BODY_PARAMS;
    }
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    if (!lines.isEmpty() && lines.stream().allMatch(l -> PARAMETER_ROW.matcher(l).matches())) {
      return PARAMETER_ROWS;
    }
    throw new SeedFormatException(
        source,
        0,
        "not a known seed format (no '**Slug:**' or '**Model ID:**' line, no schema table, no"
            + " 'Body Params' section, not one parameter row per line)");
  }
}
