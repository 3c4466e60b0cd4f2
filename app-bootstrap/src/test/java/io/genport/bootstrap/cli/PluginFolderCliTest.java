package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.bootstrap.BootstrapSettings;
import io.genport.bootstrap.Launcher;
import io.genport.spi.Credentials;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provider jars in a plugins folder are used by the command line: the jar here is compiled at test
 * time from source, outside the reactor, against GenPort's published types only, and found through
 * {@code --plugins}, {@code GENPORT_PLUGINS} or the default folder, never through the class path.
 * Broken plugins (a file that is not a jar, a factory whose constructor throws) are reported and
 * skipped while the good one still loads.
 */
class PluginFolderCliTest {
  private static final String PACKAGE = "org.example.jarforge";

  private static final String FACTORY =
      """
      package org.example.jarforge;

      import com.fasterxml.jackson.databind.node.ObjectNode;
      import io.genport.core.domain.negotiation.CallPart;
      import io.genport.core.port.PlannedCall;
      import io.genport.spi.catalog.ModelSpec;
      import io.genport.toolkit.*;
      import java.net.URI;
      import java.util.List;
      import java.util.Map;

      public final class JarForgeProviderFactory extends CatalogProviderFactory {
        public JarForgeProviderFactory() {
          super(new VendorIdentity("jarforge", "JarForge", "JarForge images, from a plugin jar",
              CredentialScheme.bearer("JARFORGE_TOKEN", " (from jarforge.example)"),
              "jarforge-catalog.json"));
        }

        @Override
        protected JobProtocol protocol(ProviderSetup setup) {
          URI base = setup.baseUrl("base-url", "https://api.jarforge.example", "/v1");
          return new JobProtocol() {
            public ResolvedModel resolve(String model) {
              ModelSpec spec = setup.lookup().listed(model);
              if (spec == null) {
                throw setup.lookup().unknown(model, null);
              }
              return new ResolvedModel(model, spec.id(), spec);
            }

            public List<URI> hosts() {
              return List.of(base);
            }

            public VendorCall submit(ResolvedModel model, ObjectNode input, CallPart part) {
              return new VendorCall("POST", URI.create(base + "/forge/" + model.vendorModel()),
                  Map.of(), input.toString(), null);
            }

            public String jobModel(PlannedCall call) {
              String path = call.call().uri().getPath();
              return path.substring(path.lastIndexOf(47) + 1);
            }

            public Submission accepted(PlannedCall call, VendorResponse answer) {
              return new Submission(answer.json().path("id").asText(), Map.of(),
                  VendorStatus.succeeded(VendorOutputs.of(List.of(
                      OutputImage.url(answer.json().path("url").asText())))));
            }

            public VendorError readError(VendorResponse answer) {
              return VendorError.of(answer.json().toString());
            }
          };
        }
      }
      """;

  private static final String CATALOG =
      """
      {"provider": "jarforge", "models": [{
        "id": "sketch", "name": "JarForge Sketch", "endpoint": "forge",
        "params": [{"name": "text", "type": "string", "required": true}],
        "prompt": "text"}]}
      """;

  private static final String BROKEN_FACTORY =
      """
      package org.example.broken;

      public final class BrokenProviderFactory extends io.genport.toolkit.CatalogProviderFactory {
        public BrokenProviderFactory() {
          throw new IllegalStateException("the broken plugin's constructor failed on purpose");
        }

        @Override
        protected io.genport.toolkit.JobProtocol protocol(io.genport.toolkit.ProviderSetup s) {
          throw new AssertionError();
        }
      }
      """;

  @TempDir static Path build;

  private static Path goodJar;
  private static Path brokenJar;

  @BeforeAll
  static void buildPluginJars() throws IOException {
    goodJar =
        jar(
            "jarforge-provider.jar",
            Map.of(PACKAGE + ".JarForgeProviderFactory", FACTORY),
            Map.of(
                // Next to the factory and at the jar's root: found whether the catalog name is
                // read relative to the factory's package or to the class loader's root.
                "org/example/jarforge/jarforge-catalog.json",
                CATALOG,
                "jarforge-catalog.json",
                CATALOG,
                "META-INF/services/io.genport.spi.ProviderFactory",
                PACKAGE + ".JarForgeProviderFactory\n"));
    brokenJar =
        jar(
            "broken-provider.jar",
            Map.of("org.example.broken.BrokenProviderFactory", BROKEN_FACTORY),
            Map.of(
                "META-INF/services/io.genport.spi.ProviderFactory",
                "org.example.broken.BrokenProviderFactory\n"));
  }

  /** Compiles {@code sources} (class name to text) against the test class path into a jar. */
  private static Path jar(String name, Map<String, String> sources, Map<String, String> resources)
      throws IOException {
    Path src = Files.createDirectories(build.resolve(name + "-src"));
    Path classes = Files.createDirectories(build.resolve(name + "-classes"));
    List<String> args =
        new ArrayList<>(
            List.of(
                "-d",
                classes.toString(),
                "-classpath",
                System.getProperty("java.class.path"),
                "--release",
                "17",
                "-proc:none"));
    for (Map.Entry<String, String> s : sources.entrySet()) {
      Path file = src.resolve(s.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, s.getValue());
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    int status =
        javac.run(
            null,
            new java.io.PrintStream(OutputStream.nullOutputStream()),
            new java.io.PrintStream(
                new java.io.OutputStream() {
                  @Override
                  public void write(int b) {
                    diagnostics.write(b);
                  }
                },
                true,
                StandardCharsets.UTF_8),
            args.toArray(String[]::new));
    assertEquals(0, status, "the plugin source compiles: " + diagnostics);
    Path jar = build.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
      for (Map.Entry<String, String> r : resources.entrySet()) {
        out.putNextEntry(new JarEntry(r.getKey()));
        out.write(r.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return jar;
  }

  private static Path folderWith(Path dir, Path... jars) throws IOException {
    Files.createDirectories(dir);
    for (Path j : jars) {
      Files.copy(j, dir.resolve(j.getFileName()));
    }
    return dir;
  }

  private static Launcher launcher(Map<String, String> env, Path defaultFolder) {
    BootstrapSettings settings =
        new BootstrapSettings(env, Credentials.none(), PluginFolderCliTest.class.getClassLoader());
    return defaultFolder == null ? Launcher.of(settings) : Launcher.of(settings, defaultFolder);
  }

  @Test
  void theClassPathAloneDoesNotHaveThePlugin() {
    CliRun r = CliRun.launch(launcher(Map.of(), null), "providers");

    assertEquals(0, r.status(), r.err());
    assertFalse(r.out().contains("jarforge"), r.out());
  }

  @Test
  void pluginsOptionAddsTheJarsProviderToProvidersAndExplain(@TempDir Path dir) throws IOException {
    Path plugins = folderWith(dir.resolve("plugins"), goodJar);

    CliRun listed =
        CliRun.launch(launcher(Map.of(), null), "--plugins", plugins.toString(), "providers");
    // The option is taken after the command name too.
    CliRun explained =
        CliRun.launch(
            launcher(Map.of(), null),
            "explain",
            "--plugins",
            plugins.toString(),
            "--target",
            "jarforge:sketch",
            "a fox in a jar");

    assertEquals(0, listed.status(), listed.err());
    assertTrue(
        listed.out().matches("(?s).*jarforge +JarForge images, from a plugin jar.*"), listed.out());
    assertTrue(listed.out().contains("fal"), "the built-in providers stay: " + listed.out());
    assertEquals("", listed.err());
    assertEquals(0, explained.status(), explained.err());
    assertTrue(
        explained.out().contains("POST https://api.jarforge.example/forge/sketch"),
        explained.out());
    assertTrue(explained.out().contains("\"text\" : \"a fox in a jar\""), explained.out());
  }

  @Test
  void environmentVariableAndDefaultFolderAreReadAndTheOptionWins(@TempDir Path dir)
      throws IOException {
    Path withPlugin = folderWith(dir.resolve("with"), goodJar);
    Path empty = Files.createDirectories(dir.resolve("empty"));

    CliRun fromVariable =
        CliRun.launch(
            launcher(Map.of("GENPORT_PLUGINS", withPlugin.toString()), null), "providers");
    CliRun fromDefault = CliRun.launch(launcher(Map.of(), withPlugin), "providers");
    CliRun optionOverVariable =
        CliRun.launch(
            launcher(Map.of("GENPORT_PLUGINS", withPlugin.toString()), withPlugin),
            "--plugins",
            empty.toString(),
            "providers");
    CliRun missingDefault =
        CliRun.launch(launcher(Map.of(), dir.resolve("no-such-folder")), "providers");

    assertTrue(fromVariable.out().contains("jarforge"), fromVariable.out());
    assertTrue(fromDefault.out().contains("jarforge"), fromDefault.out());
    assertFalse(optionOverVariable.out().contains("jarforge"), optionOverVariable.out());
    assertEquals(0, missingDefault.status());
    assertEquals("", missingDefault.err(), "a missing default folder is not worth a warning");
  }

  @Test
  void brokenPluginsAreReportedAndSkippedAndTheGoodOneStillLoads(@TempDir Path dir)
      throws IOException {
    Path plugins = folderWith(dir.resolve("plugins"), goodJar, brokenJar);
    Files.writeString(plugins.resolve("truncated.jar"), "PK this is not a zip file");

    CliRun r =
        CliRun.launch(launcher(Map.of(), null), "--plugins", plugins.toString(), "providers");

    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("jarforge"), r.out());
    assertTrue(
        r.err().contains("genport: warning: plugin jar truncated.jar in " + plugins), r.err());
    assertTrue(r.err().contains("not a readable jar"), r.err());
    assertTrue(
        r.err().contains("the broken plugin's constructor failed on purpose"), "why: " + r.err());
    assertTrue(r.err().contains("was skipped"), r.err());
  }

  @Test
  void aPluginsFolderThatIsNotOneIsReported(@TempDir Path dir) {
    Path missing = dir.resolve("nowhere");

    CliRun r =
        CliRun.launch(launcher(Map.of(), null), "--plugins", missing.toString(), "providers");

    assertEquals(0, r.status(), r.err());
    assertTrue(
        r.err()
            .contains(
                "genport: warning: plugins folder "
                    + missing
                    + " (from --plugins) is not a directory"),
        r.err());
  }
}
