package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.bootstrap.simulation.SimulatorSession;
import io.genport.facade.EnvironmentConfiguration;
import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.fal.FalSimulator;
import io.genport.simulators.fal.FalSimulatorFactory;
import io.genport.spi.Credentials;
import io.genport.spi.download.ImageProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --detach} and {@code status}, {@code wait} and {@code cancel} on its handle.
 *
 * <p>With a vendor configured (here a fal simulator the test runs, which the command line takes for
 * the real fal: it has a key and a base URL), each command runs with a fresh launcher and session,
 * as separate {@code genport} processes would. Against the embedded simulators the job lives in the
 * simulator, so the commands share one session, as a host running them in one process does.
 */
class HandleCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private RunningSimulator vendor;

  @AfterEach
  void stopVendor() {
    if (vendor != null) {
      vendor.close();
    }
  }

  /** A new "process" whose fal is configured, pointing at {@link #vendor}. */
  private CountingLauncher configured() {
    if (vendor == null) {
      vendor = new FalSimulatorFactory().start(SimulatorOptions.defaults());
    }
    Map<String, String> env = new HashMap<>();
    vendor
        .providerConfig()
        .forEach((k, v) -> env.put(EnvironmentConfiguration.variable("fal", k), v));
    return new CountingLauncher(env, Credentials.fromMap(vendor.credentials()));
  }

  private FalSimulator fal() {
    return (FalSimulator) vendor.server();
  }

  private static String handleOf(CliRun detached) {
    assertEquals(0, detached.status(), detached.err());
    String handle = detached.out().strip();
    assertTrue(handle.startsWith("gp1."), detached.out());
    assertTrue(detached.err().contains("genport status HANDLE"), detached.err());
    return handle;
  }

  @Test
  void aDetachedJobIsShownWaitedOnAndSavedByLaterProcesses() throws Exception {
    String handle =
        handleOf(
            configured()
                .run("generate", "--target", "fal:flux-2", "--seed", "7", "--detach", "a fox"));
    assertEquals(1, fal().submitCount());
    String id = fal().jobs().get(0).requestId();

    CliRun status = configured().run("status", handle);
    assertEquals(0, status.status(), status.err());
    assertEquals("fal:flux-2 job " + id + ": queued (position 0)\n", status.out());
    assertEquals(1, fal().statusPolls(id), "status polls once");

    Path out = dir.resolve("images");
    CliRun waited = configured().run("wait", handle, "--out", out.toString(), "--json");
    assertEquals(0, waited.status(), waited.err());
    JsonNode s = JSON.readTree(waited.out());
    assertEquals(1, s.path("images").size());
    Path image = Path.of(s.path("images").get(0).path("path").asText());
    assertEquals(out, image.getParent());
    assertEquals(7, s.path("images").get(0).path("seed").asLong());
    assertEquals(
        s.path("images").get(0).path("mediaType").asText(),
        ImageProbe.mediaType(Files.readAllBytes(image)));
    assertEquals(1, fal().submitCount(), "status and wait never submit");
    assertEquals(1, fal().jobsCreated());

    CliRun after = configured().run("status", handle, "--json");
    assertEquals(0, after.status(), after.err());
    JsonNode a = JSON.readTree(after.out());
    assertEquals("SUCCEEDED", a.path("state").asText());
    assertEquals(1, a.path("jobs").get(0).path("images").asInt());
  }

  @Test
  void aDetachedJobIsCancelledByALaterProcess() throws Exception {
    String handle =
        handleOf(configured().run("generate", "--target", "fal:flux-2", "--detach", "a fox"));
    String id = fal().jobs().get(0).requestId();

    CliRun cancel = configured().run("cancel", handle);
    assertEquals(0, cancel.status(), cancel.err());
    assertEquals(
        "cancel accepted for 1 job; `genport status HANDLE` shows how it ended\n", cancel.out());
    assertEquals(List.of(id), fal().cancelledRequestIds());

    CliRun status = configured().run("status", handle, "--json");
    assertEquals(1, status.status(), status.out() + status.err());
    String state = JSON.readTree(status.out()).path("state").asText();
    assertTrue(List.of("CANCELLED", "FAILED").contains(state), status.out());
    assertEquals(1, fal().submitCount(), "cancel and status never submit");
  }

  @Test
  void waitChecksItsOutputFolderBeforeAskingTheVendorAnything() throws Exception {
    String handle =
        handleOf(configured().run("generate", "--target", "fal:flux-2", "--detach", "a fox"));
    Path file = Files.writeString(dir.resolve("afile"), "x");
    CountingLauncher later = configured();

    CliRun r = later.run("wait", handle, "--out", file.toString());

    assertEquals(2, r.status(), r.err());
    assertEquals(
        List.of("genport: out: '" + file + "' is a file, not a directory"),
        r.err().lines().toList());
    assertEquals(List.of(), later.sent, "nothing was sent");
  }

  @Test
  void againstTheEmbeddedSimulatorsTheHandleWorksWithinOneSession() throws Exception {
    CountingLauncher launcher = CountingLauncher.offline();
    try (SimulatorSession session = SimulatorSession.open()) {
      String handle =
          handleOf(
              launcher.run(
                  session,
                  "generate",
                  "--target",
                  "fal:flux-2",
                  "--count",
                  "6",
                  "--detach",
                  "a fox"));

      CliRun status = launcher.run(session, "status", handle, "--json");
      assertEquals(0, status.status(), status.err());
      JsonNode st = JSON.readTree(status.out());
      assertTrue(st.path("simulated").asBoolean());
      assertEquals(2, st.path("jobs").size(), "6 images in calls of at most 4: two vendor jobs");
      assertTrue(List.of("QUEUED", "RUNNING").contains(st.path("state").asText()), status.out());

      Path out = dir.resolve("sim");
      CliRun waited = launcher.run(session, "wait", handle, "--out", out.toString(), "--json");
      assertEquals(0, waited.status(), waited.err());
      assertEquals(6, JSON.readTree(waited.out()).path("images").size());

      String other =
          handleOf(
              launcher.run(session, "generate", "--target", "fal:flux-2", "--detach", "a cat"));
      CliRun cancel = launcher.run(session, "cancel", other);
      assertEquals(0, cancel.status(), cancel.err() + cancel.out());

      long submits = launcher.sent.stream().filter(r -> r.method().equals("POST")).count();
      assertEquals(3, submits, "one submit per vendor job, none by status, wait or cancel");
    }
  }

  @Test
  void theGenportProcessRefusesToDetachASimulatedJobAndSendsNothing() {
    CountingLauncher launcher = CountingLauncher.offline();

    CliRun r = launcher.run("generate", "--target", "fal:flux-2", "--detach", "a fox");

    assertEquals(2, r.status(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(
        r.err().startsWith("genport: detach: a simulated job lives in the embedded"), r.err());
    assertTrue(r.err().contains("configure fal (set FAL_KEY)"), r.err());
    assertEquals(List.of(), launcher.sent);
  }

  @Test
  void aSimulatedHandleInAnotherProcessIsExplained() {
    CountingLauncher launcher = CountingLauncher.offline();
    String handle;
    try (SimulatorSession session = SimulatorSession.open()) {
      handle =
          handleOf(
              launcher.run(session, "generate", "--target", "fal:flux-2", "--detach", "a fox"));
    }

    CliRun r = CountingLauncher.offline().run("status", handle);

    assertEquals(2, r.status(), r.err());
    assertEquals(
        List.of(
            "genport: handle: the job runs on fal, which is not configured here (set FAL_KEY). A"
                + " job of the embedded simulators ends with the genport process that started"
                + " it"),
        r.err().lines().toList());
  }

  @Test
  void aMalformedHandleIsBadInput() {
    for (String bad : List.of("nonsense", "gp1.@@@", "gp1.")) {
      CliRun r = CountingLauncher.offline().run("status", bad);
      assertEquals(2, r.status(), bad + ": " + r.err());
      assertTrue(r.err().startsWith("genport: handle: "), r.err());
    }
  }
}
