package io.genport.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.ContentRejectedException;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.FailureReason;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.RetryableProviderException;
import io.genport.spi.http.HttpTransportException;
import java.io.EOFException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per row of the classification table in {@link VendorFailures}' javadoc (in its order),
 * then the cases that decide between rows: hints against statuses, phases, wrapped exceptions.
 */
class VendorFailuresTest {
  private static final Instant NOW = Instant.parse("2026-03-14T09:26:53Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final VendorFailures failures = new VendorFailures("Acme", "ACME_KEY", CLOCK);

  // --- row: no credential configured, or a URL off the vendor's hosts ---

  @Test
  void noCredentialOrAForeignHostIsNotRetryableAndSaysWhatToSet() {
    NonRetryableProviderException missing =
        failures.missingCredential(" (create one at https://acme.test/keys)");
    NonRetryableProviderException foreign = failures.foreignHost("evil.test");

    assertEquals(FailureClass.NOT_RETRYABLE, missing.failureClass());
    assertEquals(0, missing.httpStatus());
    assertEquals(
        "no Acme credential: set ACME_KEY (create one at https://acme.test/keys)",
        missing.getMessage());
    assertEquals(FailureClass.NOT_RETRYABLE, foreign.failureClass());
    assertEquals(0, foreign.httpStatus());
    assertTrue(foreign.getMessage().contains("evil.test"), foreign.getMessage());
    assertTrue(foreign.getMessage().contains("Acme credential"), foreign.getMessage());
    // Nothing was sent and the request is not to blame: the route moves on to its next target.
    assertEquals(FailureReason.NO_CREDENTIAL, missing.reason());
    assertEquals(FailureReason.MISCONFIGURED, foreign.reason());
    assertTrue(missing.reason().targetCannotServe());
    assertTrue(foreign.reason().targetCannotServe());
  }

  // --- row: connection refused, reset or timeout before the request was written ---

  @ParameterizedTest
  @EnumSource(Phase.class)
  void aFailureBeforeTheRequestWasWrittenIsRetryableAndNeverAmbiguous(Phase phase) {
    HttpTransportException refused = new HttpTransportException("Connection refused", false, null);

    RetryableProviderException e = retryable(failures.forTransport(phase, refused));

    assertFalse(e.ambiguous(), "nothing reached Acme, in " + phase);
    assertNull(e.retryAfter());
    assertSame(refused, e.getCause());
    assertEquals("Acme could not be reached: Connection refused", e.getMessage());
  }

  @Test
  void aFailureThatIsNotATransportExceptionCountsAsNotSent() {
    RetryableProviderException e =
        retryable(failures.forTransport(Phase.SUBMIT, new ConnectException("refused")));

    assertFalse(e.ambiguous());
  }

  // --- row: reset or timeout after the request was written ---

  @ParameterizedTest
  @EnumSource(Phase.class)
  void aFailureAfterTheRequestWasWrittenIsRetryableAndAmbiguousOnlyOnASubmit(Phase phase) {
    HttpTransportException reset = new HttpTransportException("Connection reset", true, null);

    RetryableProviderException e = retryable(failures.forTransport(phase, reset));

    boolean submit = phase == Phase.SUBMIT;
    assertEquals(submit, e.ambiguous(), "ambiguous in " + phase);
    assertEquals(
        submit, e.getMessage().contains("may have been received"), "message: " + e.getMessage());
    assertTrue(e.getMessage().startsWith("Acme could not be reached: Connection reset"));
    assertSame(reset, e.getCause());
  }

  // --- row: the transport refused to send (bad URI, unsafe logging) ---

  @ParameterizedTest
  @ValueSource(strings = {"state", "argument"})
  void aTransportRefusalIsNotRetryable(String kind) {
    RuntimeException refusal =
        kind.equals("state")
            ? new IllegalStateException("header logging is on")
            : new IllegalArgumentException("malformed URI");

    GenerationException e = failures.forTransport(Phase.SUBMIT, refusal);

    NonRetryableProviderException n = assertInstanceOf(NonRetryableProviderException.class, e);
    assertEquals(0, n.httpStatus());
    assertSame(refusal, n.getCause());
    assertTrue(n.getMessage().startsWith("Acme request was refused by the transport: "));
    assertTrue(n.getMessage().endsWith(refusal.getMessage()), n.getMessage());
    assertEquals(FailureReason.MISCONFIGURED, n.reason());
  }

  // --- row: the body of an answer could not be read to its end ---

  @ParameterizedTest
  @EnumSource(Phase.class)
  void anUnreadableBodyIsRetryableAndAmbiguousOnlyOnASubmit(Phase phase) {
    EOFException cut = new EOFException("premature end of chunk");

    RetryableProviderException e = failures.unreadableBody(phase, 200, cut);

    boolean submit = phase == Phase.SUBMIT;
    assertEquals(submit, e.ambiguous(), "ambiguous in " + phase);
    assertEquals(submit, e.getMessage().contains("the job may have been created"));
    assertTrue(
        e.getMessage().startsWith("Acme's answer (HTTP 200) could not be read: premature end"),
        e.getMessage());
    assertSame(cut, e.getCause());
  }

  // --- row: 2xx whose body is not JSON ---

  @ParameterizedTest
  @EnumSource(Phase.class)
  void malformedJsonIsRetryableAndAmbiguousOnlyOnASubmit(Phase phase) {
    RetryableProviderException e = failures.malformedJson(phase, 201);

    boolean submit = phase == Phase.SUBMIT;
    assertEquals(submit, e.ambiguous(), "ambiguous in " + phase);
    assertEquals(submit, e.getMessage().contains("the job may have been created"));
    assertTrue(e.getMessage().startsWith("Acme returned malformed JSON (HTTP 201)"));
  }

  // --- row: 2xx submit answer without a job id ---

  @Test
  void aSubmitAnswerWithoutAJobIdIsRetryableAndAmbiguous() {
    RetryableProviderException e = failures.missingJobId("request_id");

    assertTrue(e.ambiguous());
    assertEquals(
        "Acme accepted the request but sent no request_id; the job may exist", e.getMessage());
  }

  // --- row: an error body saying credits, balance or quota are exhausted, or HTTP 402 ---

  @ParameterizedTest
  @CsvSource({
    "402, ''",
    "402, Payment required",
    "400, Insufficient credits",
    "403, insufficient_balance for this request",
    "429, You are out of credits",
    "500, Credits exhausted",
    "400, You do not have enough API tokens to run this generation",
    "400, you don't have enough credits",
    "429, You exceeded your current quota; please check your plan and billing details",
    "429, insufficient_quota",
    "402, Monthly spend limit reached"
  })
  void exhaustedCreditsAreNotRetryable(int status, String detail) {
    GenerationException e = failures.forResponse(Phase.SUBMIT, status, VendorError.of(detail), "5");

    NonRetryableProviderException n = assertInstanceOf(NonRetryableProviderException.class, e);
    assertEquals(status, n.httpStatus());
    assertTrue(n.getMessage().startsWith("Acme returned HTTP " + status), n.getMessage());
    assertTrue(
        n.getMessage().endsWith("(out of credits: add credits to the Acme account)"),
        n.getMessage());
    assertEquals(FailureReason.OUT_OF_CREDITS, n.reason());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Rate limit exceeded, retry in 3 s",
        "Too many requests",
        "Quota exceeded for quota metric 'requests per minute'"
      })
  void aRateLimitIsNotMistakenForExhaustedQuota(String detail) {
    assertFalse(
        retryable(failures.forResponse(Phase.SUBMIT, 429, VendorError.of(detail), "2"))
            .ambiguous());
  }

  @Test
  void creditsTextKeepsItsMeaningUnderADoNotRetryHint() {
    GenerationException e =
        failures.forResponse(
            Phase.SUBMIT,
            400,
            new VendorError("Insufficient credits", FailureClass.NOT_RETRYABLE),
            null);

    assertTrue(e.getMessage().contains("out of credits"), e.getMessage());
    assertEquals(400, assertInstanceOf(NonRetryableProviderException.class, e).httpStatus());
    assertEquals(FailureReason.OUT_OF_CREDITS, FailureReason.of(e));
  }

  // --- row: a content-policy refusal (vendor signal, or the text, on a 4xx other than 429) ---

  @ParameterizedTest
  @CsvSource({
    "400, NSFW content detected in the prompt",
    "403, Your request was flagged by our moderation system",
    "422, Image generation failed due to content policy",
    "451, rejected by the safety filter"
  })
  void aContentTextOnA4xxIsAContentRejection(int status, String detail) {
    GenerationException e =
        failures.forResponse(Phase.SUBMIT, status, VendorError.of(detail), null);

    assertInstanceOf(ContentRejectedException.class, e);
    assertEquals(FailureClass.CONTENT_REJECTED, e.failureClass());
    assertEquals("Acme rejected the content: " + detail, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 429, 500, 503})
  void aContentSignalIsAContentRejectionWhateverTheStatus(int status) {
    GenerationException e =
        failures.forResponse(
            Phase.SUBMIT, status, new VendorError("", FailureClass.CONTENT_REJECTED), null);

    assertInstanceOf(ContentRejectedException.class, e);
    assertEquals("Acme rejected the content: HTTP " + status, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 500, 502, 503})
  void aContentTextOnA5xxOr429IsNotAContentRejection(int status) {
    GenerationException e =
        failures.forResponse(
            Phase.STATUS, status, VendorError.of("safety checker unavailable"), null);

    RetryableProviderException r = retryable(e);
    assertFalse(r.ambiguous());
    assertEquals("Acme returned HTTP " + status + ": safety checker unavailable", r.getMessage());
  }

  // --- row: the vendor says "do not retry" ---

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 503})
  void aDoNotRetrySignalMakesARetryableStatusNotRetryable(int status) {
    GenerationException e =
        failures.forResponse(
            Phase.SUBMIT, status, new VendorError("busy", FailureClass.NOT_RETRYABLE), "3");

    NonRetryableProviderException n = assertInstanceOf(NonRetryableProviderException.class, e);
    assertEquals(status, n.httpStatus());
    assertEquals("Acme returned HTTP " + status + ": busy (not retryable)", n.getMessage());
    // Acme answered the submit without creating a job: the target cannot serve it.
    assertEquals(FailureReason.PLAN_REFUSED, n.reason());
    assertEquals(
        FailureReason.UNSPECIFIED,
        FailureReason.of(
            failures.forResponse(
                Phase.STATUS, status, new VendorError("busy", FailureClass.NOT_RETRYABLE), null)));
  }

  // --- row: 408, 425, 429, 5xx ---

  @ParameterizedTest
  @ValueSource(ints = {408, 425, 429, 500, 502, 503, 504, 520})
  void aRetryableStatusIsRetryableWithRetryAfterAndNotAmbiguous(int status) {
    for (Phase phase : Phase.values()) {
      GenerationException e = failures.forResponse(phase, status, VendorError.of("try later"), "7");

      RetryableProviderException r = retryable(e);
      assertFalse(r.ambiguous(), "Acme answered, in " + phase);
      assertEquals(Duration.ofSeconds(7), r.retryAfter());
      assertEquals("Acme returned HTTP " + status + ": try later", r.getMessage());
    }
  }

  @Test
  void retryAfterIsReadAsAnHttpDateAgainstTheClock() {
    String in30s =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(30).atZone(CLOCK.getZone()));
    String past =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(60).atZone(CLOCK.getZone()));

    assertEquals(Duration.ofSeconds(30), retryAfter(503, in30s));
    assertEquals(Duration.ZERO, retryAfter(503, past));
    assertNull(retryAfter(429, null));
    assertNull(retryAfter(429, "whenever"));
  }

  // --- row: 401, 403 ---

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void anAuthenticationRefusalIsNotRetryableAndNamesTheCredential(int status) {
    GenerationException e =
        failures.forResponse(Phase.STATUS, status, VendorError.of("Invalid API key"), null);

    NonRetryableProviderException n = assertInstanceOf(NonRetryableProviderException.class, e);
    assertEquals(status, n.httpStatus());
    assertEquals(
        "Acme returned HTTP " + status + ": Invalid API key (check the Acme credential ACME_KEY)",
        n.getMessage());
    assertEquals(FailureReason.CREDENTIAL_REFUSED, n.reason());
    assertEquals(
        FailureReason.CREDENTIAL_REFUSED,
        FailureReason.of(failures.forResponse(Phase.SUBMIT, status, VendorError.of(""), null)));

    GenerationException keyless =
        new VendorFailures("Cog", null, CLOCK)
            .forResponse(Phase.SUBMIT, status, VendorError.of(""), null);
    assertEquals(
        "Cog returned HTTP " + status + " (the server refused the request)", keyless.getMessage());
  }

  // --- row: 404 on a submit ---

  @Test
  void a404OnASubmitIsAnUnknownModelOrEndpoint() {
    GenerationException e =
        failures.forResponse(Phase.SUBMIT, 404, VendorError.of("Not Found"), null);

    NonRetryableProviderException n = assertInstanceOf(NonRetryableProviderException.class, e);
    assertEquals(404, n.httpStatus());
    assertEquals(
        "Acme returned HTTP 404: Not Found (the model or endpoint does not exist, or is not"
            + " enabled for this account)",
        n.getMessage());
    assertEquals(FailureReason.MODEL_UNAVAILABLE, n.reason());
  }

  // --- row: any other status (400, 404 on a poll, 422, ...) ---

  @ParameterizedTest
  @CsvSource({
    "SUBMIT, 400, PLAN_REFUSED",
    "STATUS, 404, UNSPECIFIED",
    "RESULT, 404, UNSPECIFIED",
    "CANCEL, 404, UNSPECIFIED",
    "SUBMIT, 409, PLAN_REFUSED",
    "SUBMIT, 413, PLAN_REFUSED",
    "SUBMIT, 422, PLAN_REFUSED",
    "STATUS, 410, UNSPECIFIED",
    "RESULT, 422, UNSPECIFIED"
  })
  void anyOtherStatusIsNotRetryable(Phase phase, int status, FailureReason reason) {
    GenerationException e =
        failures.forResponse(phase, status, VendorError.of("width is invalid"), "9");

    NonRetryableProviderException n = assertInstanceOf(NonRetryableProviderException.class, e);
    assertEquals(status, n.httpStatus());
    assertEquals("Acme returned HTTP " + status + ": width is invalid", n.getMessage());
    // A refused submit is the target's (its plan made the parameters); a refused poll is not.
    assertEquals(reason, n.reason());
  }

  // --- row: a job that failed with a content-policy text ---

  @ParameterizedTest
  @ValueSource(
      strings = {
        "NSFW content detected",
        "Output was flagged as sensitive (E005)",
        "Prompt violates our content_policy",
        "blocked by the safety checker"
      })
  void aJobThatFailedOnContentIsAContentRejection(String text) {
    GenerationException e = failures.jobFailed(text, null);

    assertInstanceOf(ContentRejectedException.class, e);
    assertEquals("Acme rejected the content: " + text, e.getMessage());
  }

  @Test
  void aJobFailureCodeOfContentIsAContentRejectionWhateverTheText() {
    GenerationException e = failures.jobFailed("E_4711", FailureClass.CONTENT_REJECTED);

    assertInstanceOf(ContentRejectedException.class, e);
    assertEquals("Acme rejected the content: E_4711", e.getMessage());
  }

  // --- row: a job that failed for lack of credits ---

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Insufficient credits to run this model",
        "not enough credits",
        "You do not have enough API tokens"
      })
  void aJobThatFailedForLackOfCreditsIsNotRetryable(String text) {
    GenerationException e = failures.jobFailed(text, null);

    assertInstanceOf(NonRetryableProviderException.class, e);
    assertEquals(
        "Acme job failed: " + text + " (out of credits: add credits to the Acme account)",
        e.getMessage());
    assertEquals(FailureReason.OUT_OF_CREDITS, FailureReason.of(e));
  }

  // --- row: a job that failed with a transient text ---

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Request timed out",
        "GPU worker timeout",
        "Model is overloaded, try again later",
        "Service temporarily unavailable",
        "internal error"
      })
  void aJobThatFailedWithATransientTextIsRetryableAndNotAmbiguous(String text) {
    RetryableProviderException e = retryable(failures.jobFailed(text, null));

    assertFalse(e.ambiguous(), "the job ended: a new attempt is a new job");
    assertNull(e.retryAfter());
    assertEquals("Acme job failed: " + text, e.getMessage());
  }

  @Test
  void aJobFailureCodeDecidesOverTheText() {
    assertFalse(retryable(failures.jobFailed("E_CAPACITY", FailureClass.RETRYABLE)).ambiguous());
    assertInstanceOf(
        NonRetryableProviderException.class,
        failures.jobFailed("timed out validating the input", FailureClass.NOT_RETRYABLE));
    // A content text under a code that says otherwise is not a content rejection.
    assertInstanceOf(
        NonRetryableProviderException.class,
        failures.jobFailed("nsfw parameter is invalid", FailureClass.NOT_RETRYABLE));
  }

  // --- row: a job that failed otherwise ---

  @Test
  void aJobThatFailedOtherwiseIsNotRetryable() {
    GenerationException e = failures.jobFailed("  invalid image dimensions\n", null);

    assertInstanceOf(NonRetryableProviderException.class, e);
    assertEquals("Acme job failed: invalid image dimensions", e.getMessage());
    assertEquals(FailureReason.UNSPECIFIED, FailureReason.of(e));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void aJobThatFailedWithoutAMessageSaysSo(String blank) {
    assertEquals("Acme job failed: no error message", failures.jobFailed(blank, null).getMessage());
    GenerationException none = failures.jobFailed(null, null);
    assertInstanceOf(NonRetryableProviderException.class, none);
    assertEquals("Acme job failed: no error message", none.getMessage());
  }

  // --- row: an answer the protocol cannot interpret ---

  @Test
  void anUninterpretableAnswerPinsNothingOnTheTarget() {
    // A 2xx submit answer the protocol cannot read may still have created a job: never fail over.
    assertEquals(
        FailureReason.UNSPECIFIED, failures.unexpected("reported an unknown status 'x'").reason());
  }

  // --- what decides between rows ---

  @Test
  void anAlreadyClassifiedFailureIsReturnedAsItIs() {
    GenerationException classified = failures.missingJobId("id");

    assertSame(classified, failures.forTransport(Phase.STATUS, classified));
    assertSame(
        classified, failures.forTransport(Phase.SUBMIT, new CompletionException(classified)));
  }

  @Test
  void aCompletionExceptionIsUnwrapped() {
    HttpTransportException reset = new HttpTransportException("reset", true, null);

    RetryableProviderException e =
        retryable(failures.forTransport(Phase.SUBMIT, new CompletionException(reset)));

    assertTrue(e.ambiguous(), "the wrapped transport failure says the request was sent");
    assertSame(reset, e.getCause());
    assertTrue(e.getMessage().startsWith("Acme could not be reached: reset"), e.getMessage());

    NonRetryableProviderException refused =
        assertInstanceOf(
            NonRetryableProviderException.class,
            failures.forTransport(
                Phase.SUBMIT, new CompletionException(new IllegalStateException("no"))));
    assertEquals("Acme request was refused by the transport: no", refused.getMessage());
  }

  @Test
  void aRetryableHintOverridesTheStatus() {
    for (int status : new int[] {400, 401, 402, 404, 422}) {
      GenerationException e =
          failures.forResponse(
              Phase.SUBMIT, status, new VendorError("queue full", FailureClass.RETRYABLE), "4");

      RetryableProviderException r = retryable(e);
      assertFalse(r.ambiguous());
      assertEquals(Duration.ofSeconds(4), r.retryAfter());
      assertEquals("Acme returned HTTP " + status + ": queue full", r.getMessage());
    }
  }

  @Test
  void anAmbiguousRetryableHintMakesASubmitAmbiguousButNotAPoll() {
    for (int status : new int[] {408, 500, 424}) {
      GenerationException submit =
          failures.forResponse(
              Phase.SUBMIT,
              status,
              VendorError.retryableButAmbiguous("Model has timed out (ModelTimeoutException)"),
              "2");

      RetryableProviderException r = retryable(submit);
      assertTrue(r.ambiguous(), "the model may have run and been billed");
      assertEquals(Duration.ofSeconds(2), r.retryAfter(), "Retry-After still counts");
      assertTrue(r.getMessage().contains("may have been processed and billed"), r.getMessage());

      RetryableProviderException poll =
          retryable(
              failures.forResponse(
                  Phase.STATUS, status, VendorError.retryableButAmbiguous("timed out"), null));
      assertFalse(poll.ambiguous(), "an idempotent poll creates nothing");
    }
    // The flag alone does not make a non-retryable error retryable.
    GenerationException denied =
        failures.forResponse(
            Phase.SUBMIT, 403, new VendorError("denied", FailureClass.NOT_RETRYABLE, true), null);
    assertEquals(FailureClass.NOT_RETRYABLE, denied.failureClass());
  }

  @Test
  void aDoNotRetryHintOverridesAContentTextAndA402() {
    GenerationException content =
        failures.forResponse(
            Phase.SUBMIT,
            400,
            new VendorError("nsfw flag missing", FailureClass.NOT_RETRYABLE),
            null);
    GenerationException payment =
        failures.forResponse(
            Phase.SUBMIT, 402, new VendorError("", FailureClass.NOT_RETRYABLE), null);

    assertEquals(
        "Acme returned HTTP 400: nsfw flag missing (not retryable)",
        assertInstanceOf(NonRetryableProviderException.class, content).getMessage());
    assertEquals(
        "Acme returned HTTP 402 (not retryable)",
        assertInstanceOf(NonRetryableProviderException.class, payment).getMessage());
  }

  @Test
  void aContentHintOverridesA402AndCreditsText() {
    GenerationException e =
        failures.forResponse(
            Phase.SUBMIT,
            402,
            new VendorError("Insufficient credits", FailureClass.CONTENT_REJECTED),
            null);

    assertInstanceOf(ContentRejectedException.class, e);
  }

  private Duration retryAfter(int status, String header) {
    return retryable(failures.forResponse(Phase.SUBMIT, status, VendorError.of(""), header))
        .retryAfter();
  }

  private static RetryableProviderException retryable(GenerationException e) {
    assertEquals(FailureClass.RETRYABLE, e.failureClass(), e.getMessage());
    return assertInstanceOf(RetryableProviderException.class, e);
  }
}
