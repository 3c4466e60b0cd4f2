package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.bootstrap.BootstrapSettings;
import io.genport.spi.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genport generate} honours {@code GENPORT_REDIS_URL} and {@code genport.yaml}'s {@code
 * fleet} block. This module's class path has no {@code genport-redis}, so a Redis URL must stop the
 * command before anything is sent, naming the variable and the artifact to add (the redis module's
 * tests open a real Redis through the same factory lookup).
 */
class FleetCliTest {
  @TempDir Path dir;

  private CliRun generate(Map<String, String> env, String... args) {
    BootstrapSettings settings =
        new BootstrapSettings(env, Credentials.none(), FleetCliTest.class.getClassLoader());
    return CliRun.generate(settings, dir.resolve("out"), args);
  }

  @Test
  void aRedisUrlWithoutTheRedisJarIsInvalidInputNamingVariableAndArtifact() {
    CliRun r =
        generate(
            Map.of("GENPORT_REDIS_URL", "redis://:hunter2@127.0.0.1:6379"),
            "--target",
            "fal:flux-2",
            "a red fox in the snow");

    assertEquals(Cli.INVALID_INPUT, r.status(), r.err());
    assertTrue(r.err().contains("GENPORT_REDIS_URL"), r.err());
    assertTrue(r.err().contains("io.genport:genport-redis"), r.err());
    assertFalse(r.err().contains("hunter2"), r.err());
    assertFalse(Files.exists(dir.resolve("out")) && dir.resolve("out").toFile().list().length > 0);
  }

  @Test
  void theFileCanNameTheFleetStateToo() throws Exception {
    Path yaml =
        Files.writeString(dir.resolve("genport.yaml"), "fleet:\n  redisUrl: redis://127.0.0.1:1\n");
    CliRun r =
        generate(
            Map.of(),
            "--config",
            yaml.toString(),
            "--target",
            "fal:flux-2",
            "a red fox in the snow");

    assertEquals(Cli.INVALID_INPUT, r.status(), r.err());
    assertTrue(r.err().contains("fleet.redisUrl"), r.err());
    assertTrue(r.err().contains("io.genport:genport-redis"), r.err());
  }

  @Test
  void withoutAUrlAFilePolicyAloneStillGenerates() throws Exception {
    Path yaml =
        Files.writeString(
            dir.resolve("genport.yaml"),
            "fleet:\n  rateLimits:\n    fal: { permits: 100, per: 1s, burst: 10 }\n");
    CliRun r =
        generate(
            Map.of(),
            "--config",
            yaml.toString(),
            "--target",
            "fal:flux-2",
            "a red fox in the snow");

    assertEquals(0, r.status(), r.err());
  }
}
