package io.genport.spitck.seed;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.catalog.ParamSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares a catalog entry ({@link ModelSpec}) with the seed table it was built from and reports
 * every difference: the model's name, missing and extra parameters, and per parameter its type,
 * required flag, default, enumeration and, where the seed states one, range.
 *
 * <p>Defaults are compared as values of the type the seed declares, so the seed's {@code "28"}
 * matches an integer {@code 28}, {@code "False"} matches {@code false} and {@code "1"} matches a
 * number {@code 1.0}; a default of the wrong JSON type (the string {@code "2"} for an integer) is a
 * difference. Enumerations must be equal in order; when the seed cut its list short with {@code
 * ...}, the catalog's list must start with the seed's complete items and continue with at least one
 * more item, which starts with the seed's possibly cut last item. A bound the seed states must be
 * the catalog's bound; a bound the seed does not state is not checked (catalogs take some ranges
 * from other sources).
 *
 * <p>Stateless; the methods are thread-safe.
 *
 * @since 1
 */
public final class CatalogSeedCheck {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CatalogSeedCheck() {}

  /** What kind of difference. */
  public enum Kind {
    /** The catalog's name is not the seed's title. */
    NAME,
    /** The seed lists the parameter, the catalog does not. */
    MISSING_PARAM,
    /** The catalog lists the parameter, the seed does not. */
    EXTRA_PARAM,
    /** The parameter's type differs. */
    WRONG_TYPE,
    /** The parameter's required flag differs. */
    WRONG_REQUIRED,
    /** The parameter's default differs (as values of the declared type). */
    WRONG_DEFAULT,
    /** The parameter's enumeration differs. */
    WRONG_ENUM,
    /** The parameter's minimum or maximum differs from the one the seed states. */
    WRONG_RANGE
  }

  /**
   * One difference.
   *
   * @param kind what differs
   * @param param the parameter, or {@code null} for {@link Kind#NAME}
   * @param seed what the seed says (a short rendering), or {@code null}
   * @param catalog what the catalog says, or {@code null}
   */
  public record Difference(Kind kind, String param, String seed, String catalog) {
    public Difference {
      requireNonNull(kind, "kind is null");
    }

    @Override
    public String toString() {
      return (param == null ? "" : param + ": ")
          + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ')
          + " (seed: "
          + seed
          + ", catalog: "
          + catalog
          + ")";
    }
  }

  /** Every difference between {@code spec} and {@code seed}, in the seed's parameter order. */
  public static List<Difference> differences(ModelSpec spec, SeedModel seed) {
    requireNonNull(spec, "spec is null");
    requireNonNull(seed, "seed is null");
    List<Difference> out = new ArrayList<>();
    if (!collapse(seed.title()).equals(collapse(spec.name()))) {
      out.add(new Difference(Kind.NAME, null, seed.title(), spec.name()));
    }
    for (SeedParam s : seed.params()) {
      ParamSpec p = spec.param(s.name());
      if (p == null) {
        out.add(new Difference(Kind.MISSING_PARAM, s.name(), s.type(), null));
        continue;
      }
      if (!s.type().equals(p.type().jsonName())) {
        out.add(new Difference(Kind.WRONG_TYPE, s.name(), s.type(), p.type().jsonName()));
      }
      if (s.required() != p.required()) {
        out.add(
            new Difference(
                Kind.WRONG_REQUIRED,
                s.name(),
                Boolean.toString(s.required()),
                Boolean.toString(p.required())));
      }
      if (!sameDefault(s.type(), s.defaultValue(), p.defaultValue())) {
        out.add(
            new Difference(
                Kind.WRONG_DEFAULT,
                s.name(),
                s.defaultValue() == null ? null : s.type() + " " + s.defaultValue(),
                p.defaultValue() == null ? null : p.defaultValue().toString()));
      }
      if (!sameEnum(s, p.enumValues())) {
        out.add(new Difference(Kind.WRONG_ENUM, s.name(), options(s), p.enumValues().toString()));
      }
      if ((s.min() != null && !s.min().equals(p.min()))
          || (s.max() != null && !s.max().equals(p.max()))) {
        out.add(
            new Difference(
                Kind.WRONG_RANGE, s.name(), s.min() + ".." + s.max(), p.min() + ".." + p.max()));
      }
    }
    for (String name : spec.params().keySet()) {
      if (seed.param(name) == null) {
        out.add(
            new Difference(
                Kind.EXTRA_PARAM, name, null, spec.params().get(name).type().jsonName()));
      }
    }
    return out;
  }

  /**
   * Throws when {@code spec} differs from {@code seed}, listing every difference.
   *
   * @throws AssertionError naming the model and each difference
   */
  public static void assertMatches(ModelSpec spec, SeedModel seed) {
    List<Difference> d = differences(spec, seed);
    if (!d.isEmpty()) {
      throw new AssertionError(describe(spec, seed, d));
    }
  }

  /** A readable multi-line report of {@code differences}. */
  public static String describe(ModelSpec spec, SeedModel seed, List<Difference> differences) {
    StringBuilder b =
        new StringBuilder("catalog entry '")
            .append(spec.id())
            .append("' differs from seed model '")
            .append(seed.slug())
            .append("' in ")
            .append(differences.size())
            .append(differences.size() == 1 ? " way:" : " ways:");
    differences.forEach(d -> b.append("\n  - ").append(d));
    return b.toString();
  }

  /** Whether the seed's default text and the catalog's default are the same value of type. */
  static boolean sameDefault(String type, String seedText, JsonNode catalog) {
    boolean catalogNone = catalog == null || catalog.isNull() || catalog.isMissingNode();
    if (seedText == null || catalogNone) {
      return seedText == null && catalogNone;
    }
    switch (type) {
      case "integer":
      case "number":
        {
          if (!catalog.isNumber()) {
            return false;
          }
          BigDecimal s = decimal(seedText);
          return s != null && s.compareTo(catalog.decimalValue()) == 0;
        }
      case "boolean":
        {
          String t = seedText.trim().toLowerCase(Locale.ROOT);
          if (!catalog.isBoolean() || !(t.equals("true") || t.equals("false"))) {
            return false;
          }
          return Boolean.parseBoolean(t) == catalog.booleanValue();
        }
      case "string":
        return catalog.isTextual() && catalog.textValue().equals(seedText);
      default:
        {
          try {
            return MAPPER.readTree(seedText).equals(catalog);
          } catch (JsonProcessingException e) {
            return catalog.isTextual() && catalog.textValue().equals(seedText);
          }
        }
    }
  }

  static boolean sameEnum(SeedParam seed, List<String> catalog) {
    List<String> complete = seed.options();
    if (!seed.optionsTruncated()) {
      return complete.equals(catalog);
    }
    if (catalog.size() <= complete.size()
        || !catalog.subList(0, complete.size()).equals(complete)) {
      return false;
    }
    return seed.optionsTail() == null
        || catalog.get(complete.size()).startsWith(seed.optionsTail());
  }

  /** The seed's enumeration as written: complete items, then the cut tail. */
  private static String options(SeedParam s) {
    if (!s.optionsTruncated()) {
      return s.options().toString();
    }
    List<String> shown = new ArrayList<>(s.options());
    shown.add((s.optionsTail() == null ? "" : s.optionsTail()) + "...");
    return shown.toString();
  }

  private static BigDecimal decimal(String text) {
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String collapse(String s) {
    return s == null ? "" : s.trim().replaceAll("\\s+", " ");
  }
}
