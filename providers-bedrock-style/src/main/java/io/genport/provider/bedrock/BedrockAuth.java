package io.genport.provider.bedrock;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.NonRetryableProviderException;
import io.genport.spi.Credentials;
import io.genport.spi.Secret;
import io.genport.spi.http.HttpRequest;
import io.genport.toolkit.RequestSigner;
import io.genport.toolkit.VendorError;
import io.genport.toolkit.VendorFailures;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Authenticates each Bedrock request as it is sent, with the AWS SDK's own parts: a Bedrock API key
 * ({@code AWS_BEARER_TOKEN_BEDROCK}, from the host's credentials) as {@code Authorization: Bearer},
 * or Signature Version 4 by the SDK's {@link AwsV4HttpSigner} (service {@code bedrock}, the
 * configured region, the host's clock, a session token for temporary credentials).
 *
 * <p>SigV4 credentials come from the host's credentials when {@code AWS_ACCESS_KEY_ID} and {@code
 * AWS_SECRET_ACCESS_KEY} (with {@code AWS_SESSION_TOKEN} when temporary) are there, so the host can
 * supply and redact them; otherwise, unless {@code aws-environment=false}, from the SDK's {@link
 * DefaultCredentialsProvider} chain (system properties, environment, web identity, profiles with
 * static keys, {@code credential_process} or SSO, container and instance roles; the SSO, web
 * identity and role-assuming sources need the SDK's {@code sso}, {@code ssooidc} and {@code sts}
 * modules on the class path, which this module does not ship). The chain is read only when no
 * Bedrock API key is used, and only at send time (plans need no credential).
 *
 * <p>It remembers which source it used last (never a value), so that an authentication error can
 * say which credentials to check. Thread-safe.
 */
final class BedrockAuth implements RequestSigner {
  /** The Bedrock API key, as the AWS SDKs read it. */
  static final String BEARER_TOKEN = "AWS_BEARER_TOKEN_BEDROCK";

  static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
  static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
  static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";

  /** Bedrock Runtime's SigV4 signing name (not {@code bedrock-runtime}). */
  static final String SIGNING_NAME = "bedrock";

  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private final BedrockSettings settings;
  private final Credentials credentials;
  private final Clock clock;
  private final VendorFailures failures;
  private final Supplier<AwsCredentialsProvider> chainFactory;
  private volatile AwsCredentialsProvider chain;
  private volatile String lastSource = "no credentials yet";

  /**
   * @param chainFactory makes the AWS SDK's credential chain on first use (tests pass their own)
   */
  BedrockAuth(
      BedrockSettings settings,
      Credentials credentials,
      Clock clock,
      VendorFailures failures,
      Supplier<AwsCredentialsProvider> chainFactory) {
    this.settings = requireNonNull(settings, "settings is null");
    this.credentials = requireNonNull(credentials, "credentials is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.failures = requireNonNull(failures, "failures is null");
    this.chainFactory = requireNonNull(chainFactory, "chainFactory is null");
  }

  /** The SDK's default chain, with the configured profile. */
  static Supplier<AwsCredentialsProvider> defaultChain(String profile) {
    return () -> {
      DefaultCredentialsProvider.Builder b = DefaultCredentialsProvider.builder();
      if (profile != null) {
        b.profileName(profile);
      }
      return b.build();
    };
  }

  @Override
  public String header() {
    return "Authorization";
  }

  /** Which credentials the last request was sent with, in words; never a value. */
  String lastSource() {
    return lastSource;
  }

  @Override
  public HttpRequest sign(HttpRequest request) {
    if (settings.auth() != BedrockSettings.Auth.SIGV4) {
      Optional<Secret> key = credentials.lookup(BEARER_TOKEN);
      if (key.isPresent()) {
        lastSource = "the Bedrock API key " + BEARER_TOKEN;
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        headers.put("Authorization", "Bearer " + key.get().reveal());
        return new HttpRequest(
            request.method(), request.uri(), headers, request.body(), request.timeout());
      }
      if (settings.auth() == BedrockSettings.Auth.BEARER) {
        throw failures.missingCredential(" (a Bedrock API key; auth=bearer takes nothing else)");
      }
    }
    return sigV4(request, identity());
  }

  private HttpRequest sigV4(HttpRequest request, AwsCredentialsIdentity identity) {
    SdkHttpFullRequest.Builder unsigned =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.fromValue(request.method()))
            .uri(request.uri());
    request.headers().forEach(unsigned::putHeader);
    byte[] body = request.body();
    SdkHttpRequest signed =
        SIGNER
            .sign(
                r ->
                    r.identity(identity)
                        .request(unsigned.build())
                        .payload(
                            body == null ? null : ContentStreamProvider.fromByteArrayUnsafe(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, settings.region())
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock))
            .request();
    Map<String, String> headers = new LinkedHashMap<>();
    signed
        .headers()
        .forEach(
            (name, values) -> {
              // The transport sets Host itself, from the same URI the signature covers.
              if (!name.equalsIgnoreCase("Host")) {
                headers.put(name, String.join(",", values));
              }
            });
    return new HttpRequest(request.method(), request.uri(), headers, body, request.timeout());
  }

  /** The SigV4 credentials: the host's, else the AWS SDK's chain. */
  private AwsCredentialsIdentity identity() {
    Optional<Secret> id = credentials.lookup(ACCESS_KEY_ID);
    Optional<Secret> secret = credentials.lookup(SECRET_ACCESS_KEY);
    if (id.isPresent() || secret.isPresent()) {
      if (id.isEmpty() || secret.isEmpty()) {
        throw new NonRetryableProviderException(
            failures.vendor()
                + ": "
                + (id.isEmpty() ? SECRET_ACCESS_KEY : ACCESS_KEY_ID)
                + " is set without "
                + (id.isEmpty() ? ACCESS_KEY_ID : SECRET_ACCESS_KEY)
                + "; set both, or neither to use an AWS profile or role");
      }
      Optional<Secret> token = credentials.lookup(SESSION_TOKEN);
      lastSource =
          token.isPresent()
              ? ACCESS_KEY_ID + ", " + SECRET_ACCESS_KEY + " and " + SESSION_TOKEN
              : ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY;
      return token.isPresent()
          ? AwsSessionCredentialsIdentity.create(
              id.get().reveal(), secret.get().reveal(), token.get().reveal())
          : AwsCredentialsIdentity.create(id.get().reveal(), secret.get().reveal());
    }
    if (!settings.awsEnvironment()) {
      throw failures.missingCredential(
          " (a Bedrock API key), or " + ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY);
    }
    try {
      AwsCredentialsIdentity found = chain().resolveCredentials();
      lastSource =
          "the AWS SDK's default credential chain ("
              + CredentialSources.describe(found.providerName().orElse(null))
              + (settings.profile() == null ? "" : ", profile '" + settings.profile() + "'")
              + ")";
      return found;
    } catch (RuntimeException e) {
      throw failures.missingCredential(
          " (a Bedrock API key), or "
              + ACCESS_KEY_ID
              + " and "
              + SECRET_ACCESS_KEY
              + ", or an AWS profile or role; the AWS SDK's default chain found none: "
              + VendorError.shorten(String.valueOf(e.getMessage())));
    }
  }

  private AwsCredentialsProvider chain() {
    AwsCredentialsProvider c = chain;
    if (c == null) {
      synchronized (this) {
        c = chain;
        if (c == null) {
          c = chainFactory.get();
          chain = c;
        }
      }
    }
    return c;
  }

  /** The names a failure can point at for each kind of source. */
  static List<String> credentialNames() {
    return List.of(BEARER_TOKEN, ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN);
  }

  @Override
  public String toString() {
    return "BedrockAuth[" + settings.auth() + ", region " + settings.region() + "]";
  }
}
