package io.genport.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.RetryableProviderException;
import io.genport.spi.Credentials;
import io.genport.spi.http.HttpRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The {@link VendorClient}'s signing hook: the default header signer, a signer that sees every
 * request as it is sent, and the lazily parsed answers.
 */
class RequestSignerTest {
  private static final URI HOST = URI.create("https://api.acme.test/v1");
  private static final URI JOB = URI.create("https://api.acme.test/v1/jobs");

  private final FakeTransport http = new FakeTransport();
  private final ObjectMapper json = new ObjectMapper();
  private final VendorFailures failures = new VendorFailures("Acme", "ACME_KEY", Clock.systemUTC());

  /** Signs with a counter, so each send is seen to be signed anew. */
  private final class CountingSigner implements RequestSigner {
    final AtomicInteger signed = new AtomicInteger();
    final List<HttpRequest> seen = new ArrayList<>();

    @Override
    public String header() {
      return "Authorization";
    }

    @Override
    public HttpRequest sign(HttpRequest request) {
      seen.add(request);
      Map<String, String> h = new LinkedHashMap<>(request.headers());
      h.put("Authorization", "Sig n=" + signed.incrementAndGet() + " m=" + request.method());
      h.put("X-Signed-Length", String.valueOf(request.body() == null ? 0 : request.body().length));
      return new HttpRequest(request.method(), request.uri(), h, request.body(), request.timeout());
    }
  }

  private VendorClient client(RequestSigner signer) {
    return new VendorClient(http, json, signer, List.of(HOST), failures);
  }

  @Test
  void aCustomSignerSignsEverySendOfTheFinalRequest() {
    CountingSigner signer = new CountingSigner();
    VendorClient client = client(signer);
    http.answer("POST", JOB.toString(), 200, "{\"id\": \"a\"}");
    http.answer("POST", JOB.toString(), 200, "{\"id\": \"b\"}");

    VendorCall call = new VendorCall("POST", JOB, Map.of("X-Model", "m"), "{\"p\": 1}", null);
    client.exchange(Phase.SUBMIT, call).join();
    client.exchange(Phase.SUBMIT, call).join();

    assertEquals("Authorization", client.credentialHeader());
    assertEquals("Sig n=1 m=POST", http.sent().get(0).headers().get("Authorization"));
    assertEquals("Sig n=2 m=POST", http.sent().get(1).headers().get("Authorization"));
    HttpRequest before = signer.seen.get(0);
    assertEquals("application/json", before.headers().get("Content-Type"), "complete when signed");
    assertEquals("application/json", before.headers().get("Accept"));
    assertEquals("8", http.sent().get(0).headers().get("X-Signed-Length"), "it saw the body");
  }

  @Test
  void aRequestOffTheVendorsHostsIsNeverSigned() {
    CountingSigner signer = new CountingSigner();

    CompletionException e =
        assertThrows(
            CompletionException.class,
            () ->
                client(signer)
                    .exchange(Phase.STATUS, VendorCall.get(URI.create("https://evil.test/x")))
                    .join());

    assertInstanceOf(NonRetryableProviderException.class, e.getCause());
    assertEquals(0, signer.signed.get(), "signing happens only for the vendor's hosts");
    assertTrue(http.sent().isEmpty());
  }

  @Test
  void aSignerThatFindsNoCredentialFailsBeforeAnythingIsSent() {
    RequestSigner none =
        new RequestSigner() {
          @Override
          public String header() {
            return "Authorization";
          }

          @Override
          public HttpRequest sign(HttpRequest request) {
            throw failures.missingCredential(" (or a profile)");
          }
        };

    CompletionException e =
        assertThrows(
            CompletionException.class,
            () -> client(none).exchange(Phase.SUBMIT, VendorCall.get(JOB)).join());

    GenerationException g = assertInstanceOf(NonRetryableProviderException.class, e.getCause());
    assertTrue(g.getMessage().contains("ACME_KEY (or a profile)"), g.getMessage());
    assertTrue(http.sent().isEmpty());
  }

  @Test
  void aSignerBugIsReportedByItsTypeOnly() {
    RequestSigner broken =
        new RequestSigner() {
          @Override
          public String header() {
            return "Authorization";
          }

          @Override
          public HttpRequest sign(HttpRequest request) {
            throw new IllegalStateException("secret-material-in-message");
          }
        };

    CompletionException e =
        assertThrows(
            CompletionException.class,
            () -> client(broken).exchange(Phase.SUBMIT, VendorCall.get(JOB)).join());

    assertFalse(e.getCause().getMessage().contains("secret-material"), e.getCause().getMessage());
    assertTrue(e.getCause().getMessage().contains("IllegalStateException"));
    assertTrue(http.sent().isEmpty());
  }

  @Test
  void theDefaultSignerPutsTheStaticCredentialInItsHeaderAtEverySend() {
    Map<String, String> store = new java.util.concurrent.ConcurrentHashMap<>();
    store.put("ACME_KEY", "key-one-123456");
    Credentials rotating =
        name -> java.util.Optional.ofNullable(store.get(name)).map(io.genport.spi.Secret::of);
    RequestSigner signer =
        RequestSigner.header(CredentialScheme.bearer("ACME_KEY", ""), rotating, failures);
    VendorClient client = client(signer);
    http.answer("GET", JOB.toString(), 200, "{}");
    http.answer("GET", JOB.toString(), 200, "{}");

    client.exchange(Phase.STATUS, VendorCall.get(JOB)).join();
    store.put("ACME_KEY", "key-two-654321");
    client.exchange(Phase.STATUS, VendorCall.get(JOB)).join();

    assertEquals("Bearer key-one-123456", http.sent().get(0).headers().get("Authorization"));
    assertEquals("Bearer key-two-654321", http.sent().get(1).headers().get("Authorization"));
    assertFalse(signer.toString().contains("key-"), signer.toString());
  }

  @Test
  void answersAreParsedOnlyWhenAskedAndCanBeStreamed() throws Exception {
    http.answer("POST", JOB.toString(), 200, "{\"images\": [\"aGVsbG8=\"], \"n\": 1}");

    VendorResponse answer =
        client(new CountingSigner())
            .exchange(Phase.SUBMIT, new VendorCall("POST", JOB, Map.of(), "{}", null))
            .join();

    try (JsonParser p = answer.parser()) {
      assertEquals(JsonToken.START_OBJECT, p.nextToken());
      assertEquals("images", p.nextFieldName());
      assertEquals(JsonToken.START_ARRAY, p.nextToken());
      assertEquals(JsonToken.VALUE_STRING, p.nextToken());
      assertEquals("hello", new String(p.getBinaryValue(), StandardCharsets.UTF_8));
    }
    assertEquals(1, answer.json().path("n").asInt(), "the tree is still there when asked for");
    assertEquals("VendorResponse[200]", answer.toString());
  }

  @Test
  void aSuccessAnswerThatIsNotJsonIsCaughtWithoutBuildingATree() {
    http.answer("POST", JOB.toString(), 200, "{\"images\": [\"aGVsbG8=\"");

    CompletionException e =
        assertThrows(
            CompletionException.class,
            () ->
                client(new CountingSigner())
                    .exchange(Phase.SUBMIT, new VendorCall("POST", JOB, Map.of(), "{}", null))
                    .join());
    RetryableProviderException r = assertInstanceOf(RetryableProviderException.class, e.getCause());
    assertTrue(r.ambiguous(), "a submit answer that broke off may stand for a job");
  }
}
