package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.InvalidRequestException;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.catalog.ModelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks models up in a provider's catalog, which may hold a generic entry that describes any model
 * the vendor takes but the catalog does not list. Immutable and thread-safe.
 */
public final class CatalogLookup {
  /** The id of the catalog entry that describes unlisted models. */
  public static final String GENERIC = "generic";

  private final ModelCatalog catalog;
  private final String vendor;

  /**
   * @param catalog the catalog
   * @param vendor the vendor's name as messages show it
   */
  public CatalogLookup(ModelCatalog catalog, String vendor) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.vendor = requireNonNull(vendor, "vendor is null");
  }

  /** The catalog. */
  public ModelCatalog catalog() {
    return catalog;
  }

  /** The listed ids, in catalog order, without the generic entry. */
  public List<String> ids() {
    List<String> ids = new ArrayList<>(catalog.models().keySet());
    ids.remove(GENERIC);
    return List.copyOf(ids);
  }

  /** The listed (not generic) entry for {@code model}, or {@code null}. */
  public ModelSpec listed(String model) {
    ModelSpec spec = catalog.find(model);
    return spec == null || spec.id().equals(GENERIC) ? null : spec;
  }

  /**
   * The generic entry.
   *
   * @throws InvalidRequestException naming the model when the catalog has none
   */
  public ModelSpec generic(String model) {
    ModelSpec spec = catalog.find(GENERIC);
    if (spec == null) {
      throw unknown(model, null);
    }
    return spec;
  }

  /**
   * The error for a model that is neither listed nor of a form the vendor takes.
   *
   * @param otherForm what else a model may be, e.g. {@code a fal endpoint id (owner/app[/path])},
   *     or {@code null} when only catalog models are taken
   */
  public InvalidRequestException unknown(String model, String otherForm) {
    return new InvalidRequestException(
        "model",
        "'"
            + model
            + "' is "
            + (otherForm == null
                ? "not in the " + vendor + " catalog"
                : "neither in the " + vendor + " catalog nor " + otherForm)
            + "; catalog models: "
            + String.join(", ", ids()));
  }
}
