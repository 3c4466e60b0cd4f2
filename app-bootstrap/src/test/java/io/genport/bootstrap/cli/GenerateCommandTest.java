package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.bootstrap.BootstrapSettings;
import io.genport.bootstrap.Launcher;
import io.genport.core.domain.ContentRejectedException;
import io.genport.core.domain.DeadlineExceededException;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.spi.Credentials;
import io.genport.spi.download.ImageProbe;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code genport generate} with the real fal provider against the embedded fal simulator. */
class GenerateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REAL_KEY = "fal-real-key-must-never-leave-9d8c7b";

  @TempDir Path dir;

  private CliRun generate(Credentials credentials, String... args) {
    BootstrapSettings settings =
        new BootstrapSettings(Map.of(), credentials, GenerateCommandTest.class.getClassLoader());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all =
        Stream.concat(
                Stream.of("generate", "--out", dir.resolve("out").toString()), Stream.of(args))
            .toArray(String[]::new);
    int status =
        GenportCommand.execute(
            Launcher.of(settings), new PrintWriter(out), new PrintWriter(err), all);
    return new CliRun(status, out.toString(), err.toString());
  }

  @Test
  void withoutCredentialsItRunsOnTheSimulatorsAndWritesEveryImage() throws Exception {
    CliRun r =
        generate(
            Credentials.none(),
            "--target",
            "fal:flux-2",
            "--size",
            "1000x700",
            "--count",
            "5",
            "--seed",
            "7",
            "--json",
            "a red fox in the snow");

    assertEquals(0, r.status(), r.err());
    assertTrue(r.err().contains("running against the embedded simulators"), r.err());
    JsonNode s = JSON.readTree(r.out());
    assertTrue(s.path("simulated").asBoolean());
    assertEquals("fal:flux-2", s.path("target").asText());
    assertEquals(5, s.path("images").size());
    for (JsonNode img : s.path("images")) {
      Path file = Path.of(img.path("path").asText());
      byte[] bytes = Files.readAllBytes(file);
      assertEquals(img.path("mediaType").asText(), ImageProbe.mediaType(bytes));
      assertEquals(1008, ImageProbe.size(bytes).width(), "planned size is the real size");
      assertEquals(704, ImageProbe.size(bytes).height());
    }
    assertEquals(
        List.of(7L, 7L, 7L, 7L, 11L),
        JSON.convertValue(
            s.path("images").findValues("seed"),
            new com.fasterxml.jackson.core.type.TypeReference<List<Long>>() {}));
    assertEquals(List.of("size", "count"), s.path("adaptations").findValuesAsText("field"));
    assertEquals(2, s.path("attempts").size());
    try (Stream<Path> files = Files.list(dir.resolve("out"))) {
      assertTrue(
          files.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no partial files");
    }
  }

  @Test
  void simulateNeverUsesTheRealCredential() {
    CliRun r =
        generate(
            Credentials.fromMap(Map.of("FAL_KEY", REAL_KEY)),
            "--simulate",
            "--target",
            "fal:fal-ai/flux/dev",
            "a lighthouse");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.err().contains("--simulate given"), r.err());
    assertFalse((r.out() + r.err()).contains(REAL_KEY));
  }

  @Test
  void aTargetThatCannotServeTheRequestFallsThroughToTheNext() {
    CliRun r =
        generate(
            Credentials.none(),
            "--target",
            "fal:not-a-model",
            "--target",
            "fal:flux-2",
            "--json",
            "a fox");
    assertEquals(0, r.status(), r.err());
    assertTrue(
        r.err().contains("fal:not-a-model failed: model: 'not-a-model' is neither"), r.err());
  }

  @Test
  void contentRejectionEndsTheCallWithoutTryingTheNextTarget() throws Exception {
    CliRun r =
        generate(
            Credentials.none(),
            "--target",
            "fal:flux-2",
            "--target",
            "fal:fal-ai/flux/dev",
            "--json",
            "[reject] a fox");
    assertEquals(1, r.status(), r.err());
    JsonNode s = JSON.readTree(r.out());
    assertEquals(1, s.path("failures").size(), "the second target is not tried");
    assertEquals("CONTENT_REJECTED", s.path("failures").get(0).path("type").asText());
  }

  @Test
  void badInputExitsTwoNamingTheFieldBeforeAnythingStarts() {
    CliRun r = generate(Credentials.none(), "--target", "fal:flux-2", "--count", "0", "a fox");
    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("genport: count:"), r.err());
    assertFalse(r.err().contains("simulators"), "nothing was started");
  }

  @Test
  void onlyFailuresThatCannotHaveBilledMoveOnToTheNextTarget() {
    assertTrue(GenerateCommand.mayTryNext(new RetryableProviderException("503")));
    assertFalse(
        GenerateCommand.mayTryNext(
            new RetryableProviderException("reset after body", null, true, null)));
    assertFalse(GenerateCommand.mayTryNext(new DeadlineExceededException("late", "gp1.x")));
    assertFalse(GenerateCommand.mayTryNext(new ContentRejectedException("no")));
    assertFalse(GenerateCommand.mayTryNext(new NonRetryableProviderException("401")));
    assertTrue(GenerateCommand.mayTryNext(new UnsupportedCapabilityException(null, "no")));
    assertTrue(GenerateCommand.mayTryNext(new InvalidRequestException("model", "unknown")));
  }
}
