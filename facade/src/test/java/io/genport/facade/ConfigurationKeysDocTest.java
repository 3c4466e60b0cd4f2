package io.genport.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.spi.LoadedProviders;
import io.genport.spi.ProviderFactory;
import io.genport.spi.ProviderLoader;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.download.DownloadPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is the table {@link ConfigurationKeys} generates, and every key the code
 * reads is in it: provider options read through the toolkit or a {@code ProviderConfig}, the {@code
 * GENPORT_*} and {@code AWS_*} variables named in code, the keys {@code genport.yaml} accepts, and
 * what every installed provider declares.
 *
 * <p>To regenerate the table after editing {@code configuration-keys.yaml}: {@code mvn -pl facade
 * test -Dtest=ConfigurationKeysDocTest -Dgenport.docs.write=true}.
 */
class ConfigurationKeysDocTest {
  private static final String BEGIN = "<!-- BEGIN GENERATED: configuration keys -->";
  private static final String END = "<!-- END GENERATED: configuration keys -->";

  /** The repository root: the facade module's parent. */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  private static final Path DOC = ROOT.resolve("docs/configuration.md");

  /**
   * An option read by a provider: {@code setup.baseUrl("base-url", ...)}, {@code config.get(...)}.
   */
  private static final Pattern OPTION_READ =
      Pattern.compile(
          "\\b(?:setup|config)\\.(?:get|optional|baseUrl|uri|choice|integer|millis|duration)"
              + "\\(\\s*\"([a-z0-9-]+)\"");

  /** A variable named in code. */
  private static final Pattern VARIABLE = Pattern.compile("\"((?:GENPORT|AWS)_[A-Z0-9_]+)\"");

  /** The key lists genport.yaml's parser accepts. */
  private static final Pattern YAML_KEYS = Pattern.compile("List\\.of\\(([^)]*)\\)");

  @Test
  void theDocumentHoldsTheGeneratedTable() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int b = doc.indexOf(BEGIN);
    int e = doc.indexOf(END);
    assertTrue(b >= 0 && e > b, DOC + " must hold the markers " + BEGIN + " and " + END);
    String expected = "\n" + ConfigurationKeys.markdownTable();
    String actual = doc.substring(b + BEGIN.length(), e);
    if (!expected.equals(actual) && Boolean.getBoolean("genport.docs.write")) {
      Files.writeString(DOC, doc.substring(0, b + BEGIN.length()) + expected + doc.substring(e));
      return;
    }
    assertEquals(
        expected,
        actual,
        DOC
            + " is out of date with configuration-keys.yaml; regenerate it with -Dgenport.docs.write=true");
  }

  @Test
  void everyProviderOptionReadInCodeIsListed() throws IOException {
    Set<String> read = new TreeSet<>();
    for (Path f : sources("providers-", "provider-toolkit")) {
      Matcher m = OPTION_READ.matcher(Files.readString(f));
      while (m.find()) {
        read.add(m.group(1));
      }
    }
    read.add(DownloadPolicy.CONFIG_KEY);
    read.add(ModelCatalog.CONFIG_KEY);
    assertTrue(read.size() > 10, "the scan found too little to be working: " + read);
    assertListed(read, ConfigurationKeys.Scope.PROVIDER);
  }

  @Test
  void everyVariableNamedInCodeIsListed() throws IOException {
    Set<String> named = new TreeSet<>();
    for (Path f : sources("")) {
      Matcher m = VARIABLE.matcher(Files.readString(f));
      while (m.find()) {
        named.add(m.group(1));
      }
    }
    named.add(ConfigurationKeys.CONFIG_VARIABLE);
    named.add(ConfigurationKeys.ROUTE_VARIABLE);
    assertTrue(named.contains("AWS_ENDPOINT_URL"), "the scan must see the Bedrock variables");
    List<String> missing = new ArrayList<>();
    for (String v : named) {
      if (ConfigurationKeys.find(v).isEmpty()) {
        missing.add(v);
      }
    }
    assertEquals(List.of(), missing, "variables used in code but missing from the registry");
  }

  @Test
  void everyKeyGenportYamlAcceptsIsListed() throws IOException {
    String parser =
        Files.readString(
            ROOT.resolve("facade/src/main/java/io/genport/facade/config/GenportConfig.java"));
    Set<String> keys = new TreeSet<>();
    Matcher m = YAML_KEYS.matcher(parser);
    while (m.find()) {
      Matcher q = Pattern.compile("\"([A-Za-z]+)\"").matcher(m.group(1));
      while (q.find()) {
        keys.add(q.group(1));
      }
    }
    assertTrue(keys.contains("failoverOnContentRejection"), keys.toString());
    List<String> missing = new ArrayList<>();
    for (String k : keys) {
      boolean listed =
          ConfigurationKeys.all().stream()
              .filter(c -> c.scope() == ConfigurationKeys.Scope.FILE)
              .anyMatch(
                  c ->
                      c.key().equals(k)
                          || c.key().startsWith(k + ".")
                          || c.key().endsWith("." + k)
                          || c.key().contains("." + k + ".")
                          || c.key().contains("." + k + "[]"));
      if (!listed) {
        missing.add(k);
      }
    }
    assertEquals(List.of(), missing, "genport.yaml keys missing from the registry");
  }

  @Test
  void whatEveryInstalledProviderDeclaresIsListedForIt() {
    LoadedProviders loaded = ProviderLoader.load(getClass().getClassLoader(), Map.of());
    assertTrue(loaded.factories().size() >= 7, loaded.factories().keySet().toString());
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, ProviderFactory> e : loaded.factories().entrySet()) {
      String provider = e.getKey();
      for (String credential : e.getValue().credentialNames()) {
        if (!readBy(credential, ConfigurationKeys.Scope.CREDENTIAL, provider)) {
          missing.add(provider + " credential " + credential);
        }
      }
      for (String key : e.getValue().requiredConfigKeys()) {
        if (!readBy(key, ConfigurationKeys.Scope.PROVIDER, provider)) {
          missing.add(provider + " option " + key);
        }
      }
      if (!readBy(DownloadPolicy.CONFIG_KEY, ConfigurationKeys.Scope.PROVIDER, provider)) {
        missing.add(provider + " option download-allow");
      }
    }
    assertEquals(List.of(), missing);
  }

  private static boolean readBy(String key, ConfigurationKeys.Scope scope, String provider) {
    return ConfigurationKeys.find(key)
        .filter(k -> k.scope() == scope && k.providers().contains(provider))
        .isPresent();
  }

  private static void assertListed(Set<String> keys, ConfigurationKeys.Scope scope) {
    List<String> missing = new ArrayList<>();
    for (String k : keys) {
      if (ConfigurationKeys.find(k).filter(c -> c.scope() == scope).isEmpty()) {
        missing.add(k);
      }
    }
    assertEquals(List.of(), missing, "keys used in code but missing from the registry");
  }

  /** The main Java sources of the modules whose directory starts with one of {@code prefixes}. */
  private static List<Path> sources(String... prefixes) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module : modules.sorted().toList()) {
        String name = module.getFileName().toString();
        Path main = module.resolve("src/main/java");
        if (!Files.isDirectory(main)
            || Stream.of(prefixes).noneMatch(p -> p.isEmpty() || name.startsWith(p))) {
          continue;
        }
        try (Stream<Path> files = Files.walk(main)) {
          files.filter(f -> f.toString().endsWith(".java")).forEach(out::add);
        }
      }
    }
    return out;
  }
}
