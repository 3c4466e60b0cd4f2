package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.bootstrap.BootstrapSettings;
import io.genport.bootstrap.thirdparty.PixelForgeProviderFactory;
import io.genport.bootstrap.thirdparty.PixelForgeSimulatorFactory;
import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.spi.Credentials;
import io.genport.spi.download.ImageProbe;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party provider plugin gets offline mode from {@code generate} with no change to the
 * application: its factory and a simulator for it are registered only in the {@code
 * META-INF/services} files of their own class path root (the test resources' {@code thirdparty/},
 * playing a plugin jar dropped on the class path), and the host decides from the factory's declared
 * credential.
 */
class ThirdPartyProviderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REAL_TOKEN = "pf-real-token-never-print-4b9e21";

  @TempDir Path dir;

  private URLClassLoader plugin;

  /** The test class path plus the plugin "jar". */
  private ClassLoader withPlugin() {
    URL root =
        ThirdPartyProviderTest.class
            .getClassLoader()
            .getResource(PixelForgeProviderFactory.JAR_ROOT);
    assertNotNull(root, "the plugin's class path root");
    plugin = new URLClassLoader(new URL[] {root}, ThirdPartyProviderTest.class.getClassLoader());
    return plugin;
  }

  @AfterEach
  void closeLoader() throws Exception {
    if (plugin != null) {
      plugin.close();
    }
  }

  private CliRun generate(Map<String, String> env, Credentials credentials, String... args) {
    BootstrapSettings settings = new BootstrapSettings(env, credentials, withPlugin());
    return CliRun.generateJson(settings, dir.resolve("out"), args);
  }

  @Test
  void withoutItsDeclaredCredentialItRunsOnItsOwnSimulatorAndNeverPrintsTheToken()
      throws Exception {
    CliRun r =
        generate(
            Map.of(),
            Credentials.none(),
            "--target",
            "pixelforge:sketch",
            "--size",
            "640x384",
            "--seed",
            "5",
            "a fox");

    assertEquals(0, r.status(), r.err());
    assertTrue(
        r.err()
            .contains(
                "genport: not configured for real use: pixelforge (set PIXELFORGE_TOKEN);"
                    + " running against the embedded simulators"),
        r.err());
    JsonNode s = JSON.readTree(r.out());
    assertTrue(s.path("simulated").asBoolean());
    assertEquals("pixelforge:sketch", s.path("target").asText());
    assertEquals(1, s.path("images").size());
    byte[] png = Files.readAllBytes(Path.of(s.path("images").get(0).path("path").asText()));
    assertEquals("image/png", ImageProbe.mediaType(png));
    assertEquals(640, ImageProbe.size(png).width(), "made by the simulator at the planned size");
    assertEquals(384, ImageProbe.size(png).height());
    // The provider copies its credential into the job id; the host scrubs it.
    assertEquals(
        "pf-1-<redacted>", s.path("attempts").get(0).path("vendorJobId").asText(), r.out());
    assertFalse((r.out() + r.err()).contains(PixelForgeSimulatorFactory.TOKEN), r.out() + r.err());
  }

  @Test
  void simulateGivesItTheSimulatorsTokenNeverTheRealOneAndPrintsNeither() throws Exception {
    CliRun r =
        generate(
            Map.of(),
            Credentials.fromMap(Map.of(PixelForgeProviderFactory.CREDENTIAL, REAL_TOKEN)),
            "--simulate",
            "--target",
            "pixelforge:sketch",
            "a fox");

    // The simulator refuses any token but its own, so success means the real one was not sent.
    assertEquals(0, r.status(), r.err());
    assertTrue(r.err().contains("--simulate given"), r.err());
    assertTrue(JSON.readTree(r.out()).path("simulated").asBoolean());
    String all = r.out() + r.err();
    assertFalse(all.contains(REAL_TOKEN), all);
    assertFalse(all.contains(PixelForgeSimulatorFactory.TOKEN), all);
  }

  @Test
  void withItsDeclaredCredentialItIsUsedForRealAndTheCredentialIsNotPrinted() throws Exception {
    // "Real" here is a PixelForge server the test runs itself, so nothing leaves the machine.
    try (RunningSimulator server =
        new PixelForgeSimulatorFactory().start(SimulatorOptions.defaults())) {
      CliRun r =
          generate(
              Map.of("GENPORT_PIXELFORGE_BASE_URL", server.providerConfig().get("base-url")),
              Credentials.fromMap(server.credentials()),
              "--target",
              "pixelforge:sketch",
              "a fox");

      assertEquals(0, r.status(), r.err());
      assertFalse(r.err().contains("simulators"), r.err());
      JsonNode s = JSON.readTree(r.out());
      assertFalse(s.path("simulated").asBoolean());
      assertEquals(1, s.path("images").size());
      assertFalse((r.out() + r.err()).contains(PixelForgeSimulatorFactory.TOKEN), r.out());
    }
  }
}
