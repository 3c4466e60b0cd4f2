package io.genport.facade;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.genport.spi.ProviderConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every configuration key of GenPort, read from the data file {@code configuration-keys.yaml} next
 * to this class: provider options, credentials, environment variables and {@code genport.yaml}
 * keys, with where each is set and its default. {@code docs/configuration.md} is generated from it
 * ({@link #markdownTable()}), and a test fails when code reads a key that is not listed.
 */
public final class ConfigurationKeys {
  /** The variable that names a {@code genport.yaml} for {@link GenPort#builder()}. */
  public static final String CONFIG_VARIABLE = "GENPORT_CONFIG";

  /** The variable that gives {@link GenPort#builder()} its route. */
  public static final String ROUTE_VARIABLE = "GENPORT_ROUTE";

  /**
   * The variable that names the shared fleet state, e.g. {@code redis://host:6379}; it may carry
   * the password, which {@code genport.yaml}'s {@code fleet.redisUrl} may not.
   */
  public static final String REDIS_URL_VARIABLE = "GENPORT_REDIS_URL";

  /** The {@code genport.yaml} key that names the shared fleet state. */
  public static final String REDIS_URL_KEY = "fleet.redisUrl";

  /**
   * The variable that names a directory received images are written to as files while they arrive
   * ({@code ImageStore.directory}), so a download's memory stays constant whatever the image's
   * size; unset, images are held in memory.
   */
  public static final String IMAGE_DIR_VARIABLE = "GENPORT_IMAGE_DIR";

  /** The {@code genport.yaml} key that names that directory; it overrides the variable. */
  public static final String IMAGE_DIR_KEY = "images.directory";

  private static final String RESOURCE = "configuration-keys.yaml";
  private static final Pattern SECRET_LIKE = Pattern.compile("(?i).*(key|token|secret|password).*");
  private static final List<Key> ALL = load();

  private ConfigurationKeys() {}

  /** Where a key is set. */
  public enum Scope {
    /** A provider option: {@code GENPORT_<PROVIDER>_<KEY>} or {@code providers.<p>.<key>}. */
    PROVIDER,
    /** A secret looked up by name in the environment. */
    CREDENTIAL,
    /** An environment variable read as it is named. */
    ENVIRONMENT,
    /** A key of {@code genport.yaml} only. */
    FILE,
    /** Chooses between two provider plugins of one name. */
    SELECTION
  }

  /**
   * One key.
   *
   * @param key the key as written: an option key ({@code base-url}), a variable ({@code FAL_KEY})
   *     or a YAML path ({@code routes.<name>.deadline})
   * @param scope where it is set
   * @param providers the providers that read it; empty for host keys
   * @param defaultValue the default, or {@code null} when there is none
   * @param description what it does
   */
  public record Key(
      String key, Scope scope, List<String> providers, String defaultValue, String description) {
    public Key {
      requireNonNull(key, "key is null");
      requireNonNull(scope, "scope is null");
      providers = List.copyOf(providers);
      requireNonNull(description, "description is null");
    }

    /**
     * The environment variable that sets it: the key itself for credentials and environment
     * variables, {@code GENPORT_<PROVIDER>_<KEY>} for provider options; {@code null} for keys of
     * the file only.
     */
    public String variable() {
      return switch (scope) {
        case PROVIDER -> "GENPORT_<PROVIDER>_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
        case CREDENTIAL, ENVIRONMENT, SELECTION -> key;
        case FILE -> null;
      };
    }

    /** Where it goes in {@code genport.yaml}, or {@code null} when it cannot go there. */
    public String yamlPath() {
      return switch (scope) {
        case PROVIDER -> "providers.<provider>." + key;
        case FILE -> key;
        default -> null;
      };
    }
  }

  /** Every key, in the data file's order. */
  public static List<Key> all() {
    return ALL;
  }

  /** The key called {@code key}, if listed. */
  public static Optional<Key> find(String key) {
    return ALL.stream().filter(k -> k.key().equals(key)).findFirst();
  }

  /**
   * How a message names provider option {@code key} of {@code provider}: the key, its variable and
   * its {@code genport.yaml} path, e.g. {@code download-allow (GENPORT_FAL_DOWNLOAD_ALLOW, or
   * providers.fal.download-allow in genport.yaml)}.
   */
  public static String describeOption(String provider, String key) {
    return key
        + " ("
        + ProviderConfig.environmentVariable(provider, key)
        + ", or providers."
        + provider
        + "."
        + key
        + " in genport.yaml)";
  }

  /** Whether an option key looks like a secret, which options must not hold. */
  static boolean looksSecret(String key) {
    return SECRET_LIKE.matcher(key).matches();
  }

  /** The table of every key, as docs/configuration.md shows it. */
  public static String markdownTable() {
    StringBuilder b = new StringBuilder();
    b.append("| Key | Environment variable | genport.yaml | Read by | Default | Meaning |\n");
    b.append("|---|---|---|---|---|---|\n");
    for (Key k : ALL) {
      b.append("| `")
          .append(k.key())
          .append("` | ")
          .append(code(k.variable()))
          .append(" | ")
          .append(code(k.yamlPath()))
          .append(" | ")
          .append(k.providers().isEmpty() ? "GenPort" : String.join(", ", k.providers()))
          .append(" | ")
          .append(k.defaultValue() == null ? "" : k.defaultValue().replace("|", "\\|"))
          .append(" | ")
          .append(k.description().replace("|", "\\|"))
          .append(" |\n");
    }
    return b.toString();
  }

  private static String code(String s) {
    return s == null ? "—" : "`" + s + "`";
  }

  private static List<Key> load() {
    try (InputStream in = ConfigurationKeys.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource "
                + ConfigurationKeys.class.getPackageName()
                + "/"
                + RESOURCE
                + " is missing");
      }
      JsonNode root = new YAMLMapper().readTree(in);
      List<Key> out = new ArrayList<>();
      for (JsonNode n : root) {
        List<String> providers = new ArrayList<>();
        if (n.has("providers")) {
          n.get("providers").forEach(p -> providers.add(p.asText()));
        }
        out.add(
            new Key(
                n.get("key").asText(),
                Scope.valueOf(n.get("scope").asText().toUpperCase(Locale.ROOT)),
                providers,
                n.hasNonNull("default") ? n.get("default").asText() : null,
                n.get("description").asText()));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
