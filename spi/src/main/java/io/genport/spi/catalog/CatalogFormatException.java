package io.genport.spi.catalog;

/**
 * A catalog entry is malformed. The message names the catalog, the model entry and the field.
 *
 * @since 1
 */
public final class CatalogFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String source;
  private final String model;
  private final String field;

  public CatalogFormatException(String source, String model, String field, String problem) {
    super(
        "catalog "
            + source
            + (model == null ? "" : ", model '" + model + "'")
            + ", field "
            + field
            + ": "
            + problem);
    this.source = source;
    this.model = model;
    this.field = field;
  }

  /** Where the catalog came from, e.g. a resource name. */
  public String source() {
    return source;
  }

  /** The model entry's id (or index), or {@code null} for catalog-level problems. */
  public String model() {
    return model;
  }

  /** The JSON path of the offending field, e.g. {@code size.presets}. */
  public String field() {
    return field;
  }
}
