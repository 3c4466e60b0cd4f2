package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

import io.genport.spi.Credentials;
import io.genport.spi.Secret;
import io.genport.spi.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Puts a vendor's credential on a request, once per send, just before the {@link VendorClient}
 * hands it to the transport (after it checked that the request goes to one of the vendor's own
 * hosts). Most vendors take a static credential in one header: {@link #header} does that, from a
 * {@link CredentialScheme}, and is what every factory gets by default. A vendor whose
 * authentication depends on the request itself overrides {@link
 * CatalogProviderFactory#signer(ProviderSetup, JobProtocol)} with its own signer: AWS Signature
 * Version 4 signs the method, path, headers, body hash and the time of sending, so it cannot be a
 * header fixed at plan time.
 *
 * <p>Plans never carry the credential: they name {@link #header()} only, and {@code explain} shows
 * it redacted. Implementations must be thread-safe, must not log or put a credential in a message,
 * and must fail with a classified {@link io.genport.core.domain.GenerationException} (usually
 * {@link VendorFailures#missingCredential}) when no credential is available, so nothing is sent.
 */
public interface RequestSigner {

  /**
   * The header that carries the credential, e.g. {@code Authorization}, for plans; {@code null} for
   * a vendor that takes none.
   */
  String header();

  /**
   * {@code request} with its credential added (and any header the scheme needs, such as {@code
   * X-Amz-Date}). Called once per send; the request's host is already known to be the vendor's.
   *
   * @throws io.genport.core.domain.GenerationException when no credential is available or the
   *     request cannot be signed; nothing is sent then
   */
  HttpRequest sign(HttpRequest request);

  /**
   * The default: {@code scheme}'s header with the credential looked up in {@code credentials} at
   * every send (so a rotated key is picked up), or the request unchanged for a vendor that takes no
   * credential.
   */
  static RequestSigner header(
      CredentialScheme scheme, Credentials credentials, VendorFailures failures) {
    requireNonNull(scheme, "scheme is null");
    requireNonNull(credentials, "credentials is null");
    requireNonNull(failures, "failures is null");
    return new RequestSigner() {
      @Override
      public String header() {
        return scheme.header();
      }

      @Override
      public HttpRequest sign(HttpRequest request) {
        if (!scheme.required()) {
          return request;
        }
        Optional<Secret> secret = credentials.lookup(scheme.name());
        if (secret.isEmpty()) {
          throw failures.missingCredential(scheme.whereToGetOne());
        }
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        headers.put(scheme.header(), scheme.prefix() + secret.get().reveal());
        return new HttpRequest(
            request.method(), request.uri(), headers, request.body(), request.timeout());
      }

      @Override
      public String toString() {
        return "RequestSigner[" + (scheme.required() ? scheme.name() : "none") + "]";
      }
    };
  }
}
