package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.GenerationException;
import io.genport.spi.Credentials;
import io.genport.spi.download.ResultDownloader;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.HttpTransport;
import io.genport.spi.http.HttpTransportException;
import io.genport.spi.http.Origins;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends requests to one vendor's configured hosts with its credential, and reads the JSON answers.
 * A request to any other host fails before anything is sent (and before it is signed), so the
 * credential never leaves the vendor; a {@link RequestSigner} puts the credential on each request
 * as it is sent. Transport failures and unreadable bodies are classified by {@link VendorFailures}.
 * Thread-safe.
 */
public final class VendorClient {
  /** The largest JSON answer read; larger ones fail as unreadable. */
  public static final int MAX_JSON_BYTES = 64 * 1024 * 1024;

  /**
   * The largest answer read as a stream (one that may carry images inline): its images go to the
   * image store as they are decoded, each under the download limit, so the answer is never held and
   * is bounded only against a body that does not end. Room for several images at the 50 MiB limit
   * as base64.
   */
  public static final long MAX_STREAMED_ANSWER_BYTES = 512L * 1024 * 1024;

  private final HttpTransport transport;
  private final ObjectMapper json;
  private final RequestSigner signer;
  private final List<URI> hosts;
  private final VendorFailures failures;

  /**
   * @param transport the host's transport
   * @param credentials where the credential is looked up, at every request (so a rotated key is
   *     picked up)
   * @param json the host's mapper
   * @param credential how the vendor takes its credential
   * @param hosts the configured base URLs; requests go to their origins only
   * @param failures the classification
   */
  public VendorClient(
      HttpTransport transport,
      Credentials credentials,
      ObjectMapper json,
      CredentialScheme credential,
      List<URI> hosts,
      VendorFailures failures) {
    this(
        transport,
        json,
        RequestSigner.header(
            requireNonNull(credential, "credential is null"),
            requireNonNull(credentials, "credentials is null"),
            requireNonNull(failures, "failures is null")),
        hosts,
        failures);
  }

  /**
   * @param transport the host's transport
   * @param json the host's mapper
   * @param signer puts the credential on each request as it is sent
   * @param hosts the configured base URLs; requests go to their origins only
   * @param failures the classification
   */
  public VendorClient(
      HttpTransport transport,
      ObjectMapper json,
      RequestSigner signer,
      List<URI> hosts,
      VendorFailures failures) {
    this.transport = requireNonNull(transport, "transport is null");
    this.json = liftStringLimit(requireNonNull(json, "json is null"));
    this.signer = requireNonNull(signer, "signer is null");
    this.hosts = List.copyOf(hosts);
    this.failures = requireNonNull(failures, "failures is null");
    if (this.hosts.isEmpty()) {
      throw new IllegalArgumentException("no vendor host");
    }
  }

  /**
   * A copy of the host's mapper whose string limit is the answer limit: an inline image is one JSON
   * string (a {@code data:} URI or base64 of up to 25 MB from Bedrock), and Jackson's default of 20
   * million characters would make a valid answer read as malformed where a protocol builds the
   * tree. The host's own mapper is left as it is.
   */
  private static ObjectMapper liftStringLimit(ObjectMapper json) {
    StreamReadConstraints limits = json.getFactory().streamReadConstraints();
    if (limits.getMaxStringLength() >= MAX_JSON_BYTES) {
      return json;
    }
    ObjectMapper copy = json.copy();
    copy.getFactory()
        .setStreamReadConstraints(limits.rebuild().maxStringLength(MAX_JSON_BYTES).build());
    return copy;
  }

  /** The classification this client uses. */
  public VendorFailures failures() {
    return failures;
  }

  /** The header that carries the credential, or {@code null} for a vendor that takes none. */
  public String credentialHeader() {
    return signer.header();
  }

  /** The JSON mapper: the host's, with the string limit raised to the answer limit. */
  public ObjectMapper json() {
    return json;
  }

  /** Whether {@code uri} is on one of the vendor's configured hosts. */
  public boolean isOwn(URI uri) {
    return hosts.stream().anyMatch(h -> Origins.same(uri, h));
  }

  /**
   * A URL the vendor returned, when it is on one of its configured hosts; else {@code canonical}.
   * Vendors return status and cancel URLs; following one elsewhere would send the credential there.
   */
  public URI ownOr(String returned, URI canonical) {
    if (returned != null && !returned.isBlank()) {
      try {
        URI u = URI.create(returned);
        if (isOwn(u)) {
          return u;
        }
      } catch (IllegalArgumentException malformed) {
        // A malformed URL from the vendor: the canonical one works as well.
      }
    }
    return canonical;
  }

  /**
   * Sends {@code call} with the credential and reads the answer. The future fails with a classified
   * {@link GenerationException} when nothing could be sent (no credential, a foreign host), when
   * the exchange failed, or when a success answer is not JSON; an error answer completes normally,
   * for the caller to classify with its vendor's error reading.
   */
  public CompletableFuture<VendorResponse> exchange(Phase phase, VendorCall call) {
    return exchange(phase, call, null);
  }

  /**
   * {@link #exchange(Phase, VendorCall)} for an answer that may carry images inline: a success
   * answer is not read here but handed over {@linkplain VendorResponse#streamed() streamed}, its
   * body to be parsed as it arrives by the thread that completes the future (the transport's
   * callback thread, never its I/O thread), its images received by {@code images}. The caller reads
   * it and then {@linkplain VendorResponse#close() closes} it. An error answer is read whole as
   * before: it is small, and capped.
   *
   * @param images receives the answer's inline images; {@code null} reads a success answer whole
   */
  public CompletableFuture<VendorResponse> exchange(
      Phase phase, VendorCall call, ResultDownloader images) {
    HttpRequest request;
    try {
      request = request(call);
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    } catch (RuntimeException e) {
      // A signer bug, not a vendor answer; its message could hold anything, so only its type.
      return CompletableFuture.failedFuture(
          failures.unexpected(
              "request could not be authenticated (" + e.getClass().getSimpleName() + ")"));
    }
    CompletableFuture<HttpResponse> sent;
    try {
      sent = transport.send(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(failures.forTransport(phase, e));
    }
    return sent.handle(
            (resp, err) -> {
              if (err != null) {
                throw failures.forTransport(phase, err);
              }
              if (images != null && resp.status() >= 200 && resp.status() < 300) {
                return CompletableFuture.completedFuture(
                    VendorResponse.streamed(
                        resp.status(), resp::header, resp.body(), json, images));
              }
              // Collected by the transport as it arrives, where it can: no thread waits on it.
              return resp.readBodyAsync(MAX_JSON_BYTES + 1)
                  .handle(
                      (bytes, bodyErr) -> {
                        if (bodyErr != null) {
                          Throwable c =
                              bodyErr instanceof CompletionException && bodyErr.getCause() != null
                                  ? bodyErr.getCause()
                                  : bodyErr;
                          // The status line arrived, so the vendor has the request; the rest
                          // broke off.
                          throw failures.unreadableBody(
                              phase,
                              resp.status(),
                              c instanceof UncheckedIOException u ? u.getCause() : c);
                        }
                        return read(phase, resp, bytes);
                      });
            })
        .thenCompose(f -> f);
  }

  /**
   * Sends {@code call} with the credential and hands back the answer unread, for a body the caller
   * streams (server-sent events); the caller must close it. The future fails with a classified
   * {@link GenerationException} when nothing could be sent or the exchange failed.
   */
  public CompletableFuture<HttpResponse> open(Phase phase, VendorCall call) {
    HttpRequest request;
    try {
      request = request(call);
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          failures.unexpected(
              "request could not be authenticated (" + e.getClass().getSimpleName() + ")"));
    }
    try {
      return transport
          .send(request)
          .handle(
              (resp, err) -> {
                if (err != null) {
                  throw failures.forTransport(phase, err);
                }
                return resp;
              });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(failures.forTransport(phase, e));
    }
  }

  private HttpRequest request(VendorCall call) {
    Map<String, String> headers = new LinkedHashMap<>(call.headers());
    headers.putIfAbsent("Accept", "application/json");
    if (call.body() != null) {
      headers.putIfAbsent("Content-Type", "application/json");
    } else {
      headers.remove("Content-Type");
    }
    if (!isOwn(call.uri())) {
      throw failures.foreignHost(call.uri().getHost());
    }
    byte[] body = call.body() == null ? null : call.body().getBytes(StandardCharsets.UTF_8);
    return signer.sign(new HttpRequest(call.method(), call.uri(), headers, body, call.timeout()));
  }

  /**
   * Reads the answer's body whole, but builds no JSON tree: a success answer is only checked to be
   * well-formed JSON, with a streaming pass that allocates no strings, and the tree is built when a
   * protocol first asks for it. A protocol that reads large inline images (Bedrock answers of up to
   * 25 MB of base64) streams them from {@link VendorResponse#parser()} instead.
   */
  private VendorResponse read(Phase phase, HttpResponse resp, byte[] bytes) {
    if (bytes.length > MAX_JSON_BYTES) {
      throw failures.unreadableBody(
          phase,
          resp.status(),
          new HttpTransportException(
              "response body is larger than " + MAX_JSON_BYTES + " bytes", true, null));
    }
    boolean ok = resp.status() >= 200 && resp.status() < 300;
    if (ok && bytes.length > 0 && !wellFormed(bytes)) {
      throw failures.malformedJson(phase, resp.status());
    }
    // An error page that is not JSON reads as an empty object: the status alone classifies it.
    return VendorResponse.of(resp.status(), resp::header, bytes, json);
  }

  private boolean wellFormed(byte[] bytes) {
    try (JsonParser p = json.getFactory().createParser(bytes)) {
      // Skipping a string token does not build it, so a 25 MB image costs nothing here.
      while (p.nextToken() != null) {
        // only the syntax is checked
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
