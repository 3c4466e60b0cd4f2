package io.genport.spitck.seed;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * One model of a seed document: its slug, its section title and its parameter table.
 *
 * @param slug the model's slug (its id in the vendor catalog)
 * @param title the section title exactly as written (inner spacing kept)
 * @param params the parameter rows in document order; names are unique
 * @param line the 1-based line of the section title
 */
public record SeedModel(String slug, String title, List<SeedParam> params, int line) {

  public SeedModel {
    requireNonNull(slug, "slug is null");
    requireNonNull(title, "title is null");
    params = List.copyOf(params);
  }

  /** The parameter called {@code name}, or {@code null}. */
  public SeedParam param(String name) {
    for (SeedParam p : params) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  /** The parameter names in document order. */
  public List<String> paramNames() {
    List<String> names = new ArrayList<>(params.size());
    params.forEach(p -> names.add(p.name()));
    return names;
  }
}
