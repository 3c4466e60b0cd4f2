package io.genport.provider.eachlabs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.Cost;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.Target;
import io.genport.core.port.VendorJob;
import io.genport.toolkit.CatalogLookup;
import io.genport.toolkit.OutputImage;
import io.genport.toolkit.Submission;
import io.genport.toolkit.VendorCall;
import io.genport.toolkit.VendorError;
import io.genport.toolkit.VendorFailures;
import io.genport.toolkit.VendorResponse;
import io.genport.toolkit.VendorStatus;
import io.genport.toolkit.VendorStatus.State;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link EachLabsProtocol} reads from Each Labs' answers, without any transport. */
class EachLabsProtocolTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = "https://api.eachlabs.ai/v1";
  private static final EachLabsProtocol PROTOCOL =
      new EachLabsProtocol(
          URI.create(BASE),
          Duration.ofSeconds(2),
          new CatalogLookup(EachLabsCatalogTest.CATALOG, "Each Labs"),
          JSON,
          new VendorFailures("Each Labs", EachLabsProviderFactory.CREDENTIAL, Clock.systemUTC()));

  private static VendorResponse answer(String json) {
    try {
      return new VendorResponse(200, h -> null, JSON.readTree(json));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static VendorJob job(String id, Map<String, String> attributes) {
    return new VendorJob(new Target("eachlabs", "flux-dev"), id, attributes);
  }

  private static VendorStatus status(String json) {
    return PROTOCOL.readStatus(job("p1", Map.of()), answer(json));
  }

  private static List<String> locations(VendorStatus s) {
    return s.outputs().images().stream().map(OutputImage::location).toList();
  }

  @Test
  void readsEveryOutputShapeAndTheCostInUsd() {
    assertEquals(
        List.of("https://m/a.png"),
        locations(status("{\"status\":\"success\",\"output\":\"https://m/a.png\"}")));
    assertEquals(
        List.of("https://m/a.png", "https://m/b.png"),
        locations(
            status(
                "{\"status\":\"succeeded\",\"output\":[\"https://m/a.png\","
                    + "{\"url\":\"https://m/b.png\"},\"not a url\"]}")));
    assertEquals(
        List.of("https://m/a.png", "data:image/png;base64,AAAA"),
        locations(
            status(
                "{\"status\":\"success\",\"output\":{\"images\":[{\"url\":\"https://m/a.png\"},"
                    + "\"data:image/png;base64,AAAA\"]}}")));
    assertEquals(
        List.of("https://m/c.png"),
        locations(status("{\"status\":\"success\",\"output\":{\"image\":\"https://m/c.png\"}}")));
    VendorStatus none = status("{\"status\":\"success\",\"output\":{\"text\":\"hello\"}}");
    assertEquals(State.SUCCEEDED, none.state());
    assertEquals(List.of(), none.outputs().images(), "the engine fails a success without images");

    assertEquals(
        new Cost(new BigDecimal("0.025"), "USD"),
        status(
                "{\"status\":\"success\",\"output\":\"https://m/a.png\",\"metrics\":{\"cost\":0.025}}")
            .outputs()
            .cost());
    assertEquals(
        new Cost(new BigDecimal("0.5"), "USD"),
        status("{\"status\":\"success\",\"output\":\"https://m/a\",\"metrics\":{\"cost\":\"0.5\"}}")
            .outputs()
            .cost());
    for (String cost : List.of("-1", "\"free\"", "null", "{}")) {
      assertNull(
          status(
                  "{\"status\":\"success\",\"output\":\"https://m/a\",\"metrics\":{\"cost\":"
                      + cost
                      + "}}")
              .outputs()
              .cost(),
          cost);
    }
  }

  @Test
  void mapsEveryStatusWordAndRefusesUnknownOnes() {
    for (String s : List.of("created", "queued", "starting", "QUEUED")) {
      assertEquals(State.QUEUED, status("{\"status\":\"" + s + "\"}").state(), s);
    }
    for (String s : List.of("processing", "running")) {
      assertEquals(State.RUNNING, status("{\"status\":\"" + s + "\"}").state(), s);
    }
    for (String s : List.of("failed", "error")) {
      assertEquals(State.FAILED, status("{\"status\":\"" + s + "\"}").state(), s);
    }
    for (String s : List.of("cancelled", "canceled")) {
      assertEquals(State.CANCELLED, status("{\"status\":\"" + s + "\"}").state(), s);
    }
    NonRetryableProviderException e =
        assertThrows(NonRetryableProviderException.class, () -> status("{\"status\":\"paused\"}"));
    assertEquals("Each Labs reported an unknown prediction status 'paused'", e.getMessage());
  }

  @Test
  void aLogLineStillBeingWrittenIsHeldBackUntilTheJobEnds() {
    assertEquals(
        List.of("Loading model"),
        status("{\"status\":\"processing\",\"logs\":\"Loading model\\n\\nGenerat\"}").logs());
    assertEquals(
        List.of("Loading model", "Generating 1 image(s)"),
        status("{\"status\":\"processing\",\"logs\":\"Loading model\\nGenerating 1 image(s)\\n\"}")
            .logs());
    assertEquals(
        List.of("Loading model", "Done"),
        status(
                "{\"status\":\"success\",\"output\":\"https://m/a\","
                    + "\"logs\":\"Loading model\\r\\nDone\"}")
            .logs());
    assertEquals(List.of(), status("{\"status\":\"running\",\"logs\":null}").logs());
  }

  @Test
  void aFailedPredictionIsClassifiedByItsErrorCodeElseByItsText() {
    VendorStatus rejected =
        status(
            "{\"status\":\"failed\",\"output\":{\"error_code\":\"PROVIDER_REJECTED\","
                + "\"error_message\":\"The prompt was refused.\"}}");
    assertEquals(FailureClass.CONTENT_REJECTED, rejected.failureHint());
    assertEquals("PROVIDER_REJECTED: The prompt was refused.", rejected.failure());

    for (String code : List.of("EXECUTION_TIMEOUT", "WORKER_LOST", "PROVIDER_RATE_LIMIT")) {
      VendorStatus s =
          status("{\"status\":\"failed\",\"output\":{\"error_code\":\"" + code + "\"}}");
      assertEquals(FailureClass.RETRYABLE, s.failureHint(), code);
      assertTrue(s.failure().startsWith(code + ": {"), "the whole output, for any detail");
    }

    VendorStatus other =
        status(
            "{\"status\":\"failed\",\"output\":{\"error_code\":\"PROVIDER_FAILED\","
                + "\"error_message\":\"The model did not produce an output.\"}}");
    assertNull(other.failureHint(), "the toolkit's text rules decide");
    assertEquals("PROVIDER_FAILED: The model did not produce an output.", other.failure());

    assertEquals(
        "CUDA out of memory",
        status("{\"status\":\"failed\",\"output\":\"CUDA out of memory\"}").failure());
    assertEquals(
        "worker crashed",
        status("{\"status\":\"error\",\"output\":null,\"error\":\"worker crashed\"}").failure());
    assertEquals(
        "{\"reason\":\"odd\"}",
        status("{\"status\":\"failed\",\"output\":{\"reason\":\"odd\"}}").failure());
  }

  @Test
  void errorAnswersGiveTheirTextAndARefusalCode() {
    VendorError plain =
        PROTOCOL.readError(answer("{\"error\":\"Invalid input for model\",\"message\":\"x\"}"));
    assertEquals("Invalid input for model", plain.detail());
    assertNull(plain.hint());
    assertEquals(
        "detail text", PROTOCOL.readError(answer("{\"detail\":\"detail text\"}")).detail());
    assertEquals("{\"code\":7}", PROTOCOL.readError(answer("{\"code\":7}")).detail());
    assertEquals("", PROTOCOL.readError(answer("{}")).detail());
    VendorError refused =
        PROTOCOL.readError(
            answer("{\"error\":\"Request refused\",\"error_code\":\"PROVIDER_REJECTED\"}"));
    assertEquals(FailureClass.CONTENT_REJECTED, refused.hint());
  }

  @Test
  void theAcceptedAnswerNamesThePredictionOrTheSubmitIsAmbiguous() {
    Submission s = PROTOCOL.accepted(null, answer("{\"predictionID\":\"abc-123\"}"));
    assertEquals("abc-123", s.jobId());
    assertEquals(BASE + "/prediction/abc-123", s.attributes().get("get_url"));
    assertEquals(BASE + "/prediction/abc-123/cancel", s.attributes().get("cancel_url"));
    assertEquals("x9", PROTOCOL.accepted(null, answer("{\"id\":\"x9\"}")).jobId());

    RetryableProviderException none =
        assertThrows(
            RetryableProviderException.class,
            () -> PROTOCOL.accepted(null, answer("{\"status\":\"success\"}")));
    assertTrue(none.ambiguous(), "the prediction may exist: resubmitting could bill twice");
    assertTrue(none.getMessage().contains("predictionID"), none.getMessage());

    NonRetryableProviderException malformed =
        assertThrows(
            NonRetryableProviderException.class,
            () -> PROTOCOL.accepted(null, answer("{\"predictionID\":\"../../admin\"}")));
    assertTrue(malformed.getMessage().contains("malformed predictionID"));
  }

  @Test
  void statusAndCancelStayOnTheConfiguredHost() {
    VendorJob plain = job("p1", Map.of());
    assertEquals("GET", PROTOCOL.status(plain).method());
    assertEquals(URI.create(BASE + "/prediction/p1"), PROTOCOL.status(plain).uri());
    assertEquals("POST", PROTOCOL.cancel(plain).orElseThrow().method());
    assertEquals(
        URI.create(BASE + "/prediction/p1/cancel"), PROTOCOL.cancel(plain).orElseThrow().uri());
    assertNull(PROTOCOL.cancel(plain).orElseThrow().body());

    String same = "https://api.eachlabs.ai/v1/prediction/p1?view=full";
    assertEquals(
        URI.create(same), PROTOCOL.status(job("p1", Map.of("get_url", same))).uri(), "own host");
    VendorJob elsewhere =
        job(
            "p1",
            Map.of(
                "get_url", "https://evil.example/v1/prediction/p1",
                "cancel_url", "not a url ::"));
    assertEquals(URI.create(BASE + "/prediction/p1"), PROTOCOL.status(elsewhere).uri());
    assertEquals(
        URI.create(BASE + "/prediction/p1/cancel"), PROTOCOL.cancel(elsewhere).orElseThrow().uri());

    VendorJob unusable = job("a/b", Map.of());
    assertThrows(NonRetryableProviderException.class, () -> PROTOCOL.status(unusable));
    assertThrows(NonRetryableProviderException.class, () -> PROTOCOL.cancel(unusable));
  }

  @Test
  void aPredictionThatAlreadyEndedNeedsNoCancel() {
    for (int ended : List.of(400, 404, 409)) {
      assertTrue(PROTOCOL.cancelFoundJobEnded(ended), Integer.toString(ended));
    }
    for (int failed : List.of(401, 403, 429, 500)) {
      assertFalse(PROTOCOL.cancelFoundJobEnded(failed), Integer.toString(failed));
    }
  }

  @Test
  void targetsAreCatalogIdsOnlyAndTheBodyCarriesTheVersion() {
    assertEquals(62, new CatalogLookup(EachLabsCatalogTest.CATALOG, "Each Labs").ids().size());
    assertEquals("flux-dev", PROTOCOL.resolve("flux-dev").target());
    assertThrows(
        InvalidRequestException.class, () -> PROTOCOL.resolve("black-forest-labs/flux-dev"));
    VendorCall call =
        PROTOCOL.submit(
            PROTOCOL.resolve("flux-dev"), JSON.createObjectNode().put("prompt", "x"), null);
    assertEquals(URI.create(BASE + "/prediction"), call.uri());
    assertEquals(
        "{\"model\":\"flux-dev\",\"version\":\"0.0.1\",\"input\":{\"prompt\":\"x\"}}", call.body());
    assertEquals(Duration.ofSeconds(2), PROTOCOL.pollInterval(job("p1", Map.of())));
  }
}
