package io.genport.simulators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pieces vendor simulators share: the key check, the credit ledger and the image files. */
class SimulatorPiecesTest {

  private static SimRequest withAuthorization(String value) {
    Map<String, List<String>> headers =
        value == null ? Map.of() : Map.of("authorization", List.of(value));
    RecordedRequest recorded =
        new RecordedRequest(
            1,
            "api",
            null,
            "GET",
            "/",
            "/",
            null,
            Map.of(),
            headers,
            new byte[0],
            true,
            Instant.EPOCH,
            null);
    return new SimRequest(recorded, Map.of());
  }

  @Test
  void theAuthorizationCredentialFollowsItsSchemeAndIsNeverEmpty() {
    assertEquals(
        Optional.of("k1"),
        ApiKeyCheck.authorization(withAuthorization("Bearer k1"), "Bearer", true));
    assertEquals(
        Optional.of("k1"),
        ApiKeyCheck.authorization(withAuthorization("bearer k1"), "Bearer", true));
    assertEquals(
        Optional.empty(), ApiKeyCheck.authorization(withAuthorization("key k1"), "Key", false));
    assertEquals(
        Optional.of("k1"), ApiKeyCheck.authorization(withAuthorization("Key k1"), "Key", false));
    assertEquals(
        Optional.empty(), ApiKeyCheck.authorization(withAuthorization("Bearer "), "Bearer", true));
    assertEquals(
        Optional.empty(), ApiKeyCheck.authorization(withAuthorization("Basic k1"), "Bearer", true));
    assertEquals(Optional.empty(), ApiKeyCheck.authorization(withAuthorization(null), "Key", true));
  }

  @Test
  void theKeyCheckWantsAKeyAndTheExpectedOneUnlessAnyWillDo() {
    ApiKeyCheck check = new ApiKeyCheck("k1");
    assertTrue(check.accepts(Optional.of("k1")));
    assertFalse(check.accepts(Optional.of("k2")));
    assertFalse(check.accepts(Optional.empty()));

    check.expect(null);
    assertTrue(check.accepts(Optional.of("k2")));
    assertFalse(check.accepts(Optional.empty()), "any key, but one must be presented");
  }

  @Test
  void theLedgerChargesOnlyWhatItHoldsRefundsAndResetsToItsStart() {
    CreditLedger ledger = new CreditLedger(5L);
    assertTrue(ledger.charge(3));
    assertFalse(ledger.charge(3), "2 left cannot pay 3");
    assertEquals(Optional.of(2L), ledger.left(), "a refused charge takes nothing");
    ledger.refund(3);
    assertEquals(Optional.of(5L), ledger.left());

    ledger.set(null);
    assertTrue(ledger.charge(1_000_000));
    assertEquals(Optional.empty(), ledger.left());
    ledger.refund(1);
    assertEquals(Optional.empty(), ledger.left(), "unlimited stays unlimited");

    ledger.reset();
    assertEquals(Optional.of(5L), ledger.left());
    assertEquals(Optional.empty(), new CreditLedger(null).left());
  }

  @Test
  void aFileIsServedByItsOwnExtensionRenderedAsStoredUntilItExpires() {
    ManualClock clock = new ManualClock();
    ImageFiles files = new ImageFiles(clock, Duration.ofMinutes(1));
    ImageFiles.Image image = new ImageFiles.Image("a fox", 7, 64, 48, ImageFormat.PNG, false);
    String name = files.putFile("f1", image);

    assertEquals("f1.png", name);
    SimResponse ok = files.downloadFile(name).orElseThrow();
    assertEquals(200, ok.status());
    assertEquals("image/png", ok.header("Content-Type"));
    assertArrayEquals(
        ImageRenderer.shared().render("a fox", 7, 64, 48, ImageFormat.PNG), ok.body());
    assertTrue(files.downloadFile("f1.jpeg").isEmpty(), "another extension is another file");
    assertTrue(files.downloadFile("f1").isEmpty());
    assertTrue(files.downloadFile("f2.png").isEmpty());

    clock.advance(Duration.ofSeconds(59));
    assertTrue(files.download("f1").isPresent());
    clock.advance(Duration.ofSeconds(1));
    assertTrue(files.downloadFile(name).isEmpty(), "expired");
  }

  @Test
  void aBlackedOutImageRendersBlackAndClearForgetsEveryFile() {
    ImageFiles files = new ImageFiles(new ManualClock(), null);
    files.put("g/0.jpg", new ImageFiles.Image("a fox", 7, 32, 32, ImageFormat.JPEG, true));
    assertArrayEquals(
        ImageRenderer.shared().renderBlack(32, 32, ImageFormat.JPEG),
        files.download("g/0.jpg").orElseThrow().body());
    files.clear();
    assertTrue(files.download("g/0.jpg").isEmpty());
  }

  @Test
  void theJobStoreCountsPollsAndListsTheJobsACancelTookEffectOn() {
    JobStore<String> jobs = new JobStore<>(new ManualClock(), JobTiming.polls(1, 1));
    jobs.create("a", "first").poll();
    jobs.create("b", "second").cancel();
    SimJob<String> done = jobs.create("c", "third");
    done.poll();
    done.poll();
    done.poll();
    assertFalse(done.cancel(), "an ended job is not cancelled");

    assertEquals(1, jobs.statusPolls("a"));
    assertEquals(3, jobs.statusPolls("c"));
    assertEquals(0, jobs.statusPolls("unknown"));
    assertEquals(List.of("b"), jobs.cancelledIds());
  }
}
