package io.genport.spi.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.FailureClass;
import io.genport.core.domain.FailureReason;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.RetryableProviderException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpFailuresTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  @ParameterizedTest
  @CsvSource({
    "400,NOT_RETRYABLE",
    "401,NOT_RETRYABLE",
    "403,NOT_RETRYABLE",
    "404,NOT_RETRYABLE",
    "422,NOT_RETRYABLE",
    "408,RETRYABLE",
    "425,RETRYABLE",
    "429,RETRYABLE",
    "500,RETRYABLE",
    "502,RETRYABLE",
    "503,RETRYABLE",
    "504,RETRYABLE"
  })
  void classifiesStatuses(int status, FailureClass expected) {
    GenerationException e = HttpFailures.forStatus("fal", status, "boom", null, clock);
    assertEquals(expected, e.failureClass());
    assertTrue(e.getMessage().startsWith("fal returned HTTP " + status + ": boom"));
  }

  @ParameterizedTest
  @CsvSource({
    "401,CREDENTIAL_REFUSED",
    "403,CREDENTIAL_REFUSED",
    "402,OUT_OF_CREDITS",
    "400,UNSPECIFIED",
    "404,UNSPECIFIED",
    "422,UNSPECIFIED"
  })
  void accountWideStatusesSayTheTargetCannotServe(int status, FailureReason expected) {
    assertEquals(
        expected, FailureReason.of(HttpFailures.forStatus("x", status, null, null, clock)));
  }

  @Test
  void retryAfterInSecondsAndHttpDate() {
    assertEquals(Duration.ofSeconds(3), HttpFailures.retryAfter("3", clock));
    assertEquals(
        Duration.ofSeconds(90), HttpFailures.retryAfter("Mon, 23 Nov 2026 10:01:30 GMT", clock));
    assertEquals(Duration.ZERO, HttpFailures.retryAfter("Mon, 23 Nov 2026 09:00:00 GMT", clock));
    assertNull(HttpFailures.retryAfter("soon", clock));
    assertNull(HttpFailures.retryAfter(null, clock));
    RetryableProviderException e =
        (RetryableProviderException) HttpFailures.forStatus("x", 429, null, "2", clock);
    assertEquals(Duration.ofSeconds(2), e.retryAfter());
  }

  @Test
  void transportFailuresAreAmbiguousOnlyWhenTheRequestWasSent() {
    RetryableProviderException before =
        HttpFailures.forTransport(
            "fal", new HttpTransportException("refused", false, new ConnectException()));
    RetryableProviderException after =
        HttpFailures.forTransport("fal", new HttpTransportException("reset", true, null));
    assertFalse(before.ambiguous());
    assertTrue(after.ambiguous());
  }
}
