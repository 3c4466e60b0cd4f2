package io.genport.provider.bedrock;

import static java.util.Objects.requireNonNull;

import io.genport.spi.ProviderConfig;
import io.genport.toolkit.CatalogProviderFactory;
import io.genport.toolkit.CredentialScheme;
import io.genport.toolkit.JobProtocol;
import io.genport.toolkit.ProviderSetup;
import io.genport.toolkit.RequestSigner;
import io.genport.toolkit.VendorIdentity;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Discovers the Amazon Bedrock provider ({@code bedrock}): targets {@code bedrock:<modelId>}.
 *
 * <p><b>Configured</b>: the host counts the provider as set up when one of the declared credentials
 * ({@code AWS_BEARER_TOKEN_BEDROCK}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code AWS_SESSION_TOKEN}) is set, or when {@link #ambientCredentials} finds AWS credentials of
 * the machine's own: an AWS profile (static keys, {@code credential_process}, SSO or a role), a web
 * identity token file, a container credentials endpoint. That probe reads local files only: it
 * resolves the AWS SDK's default chain with instance metadata switched off ({@code
 * aws.disableEc2Metadata=true} for its duration), never calls a container endpoint, and counts a
 * profile that exists even when it cannot be resolved offline (an SSO session, an assumed role), so
 * that such a user is not silently sent to the simulator. An EC2 instance role cannot be seen
 * without the network: setting {@code aws-environment=true} explicitly ({@code
 * GENPORT_BEDROCK_AWS_ENVIRONMENT=true}) declares that the machine's AWS setup is to be used, and
 * counts as configured without a probe.
 */
public final class BedrockProviderFactory extends CatalogProviderFactory {
  static final String NAME = "bedrock";
  static final String VENDOR = "Amazon Bedrock";

  /** The catalog resource, next to this class, as Class.getResource resolves it. */
  public static final String CATALOG = "bedrock-catalog.json";

  /** How long an invoke may take before it times out, unless {@code timeout-ms} says otherwise. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

  /**
   * The provider's identity. The credential named is the Bedrock API key; SigV4 credentials are
   * read by {@link BedrockAuth}, and {@link #credentialNames()} declares them too.
   */
  private static final VendorIdentity IDENTITY =
      new VendorIdentity(
          NAME,
          VENDOR,
          "Amazon Bedrock InvokeModel (Nova Canvas, Titan Image Generator, Stability)",
          CredentialScheme.bearer(
              BedrockAuth.BEARER_TOKEN,
              " (a Bedrock API key), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS"
                  + " profile"),
          CATALOG);

  private final Function<String, String> environment;

  /** The factory {@link java.util.ServiceLoader} creates; it reads the process environment. */
  public BedrockProviderFactory() {
    this(System::getenv);
  }

  /** A factory that reads environment variables through {@code environment} (for tests). */
  BedrockProviderFactory(Function<String, String> environment) {
    super(IDENTITY);
    this.environment = requireNonNull(environment, "environment is null");
  }

  /** The Bedrock API key and the SigV4 keys, all looked up through the host's credentials. */
  @Override
  public Set<String> credentialNames() {
    return Set.copyOf(new LinkedHashSet<>(BedrockAuth.credentialNames()));
  }

  @Override
  public Optional<String> ambientCredentials(ProviderConfig config) {
    if (config.get("aws-environment", "true").equals("false")
        || config.get("auth", "auto").equals("bearer")) {
      return Optional.empty();
    }
    if (config.get("aws-environment", null) != null) {
      return Optional.of("the AWS SDK's default credential chain (aws-environment=true)");
    }
    return AwsEnvironmentProbe.find(environment, config.get("profile", null));
  }

  @Override
  protected JobProtocol protocol(ProviderSetup setup) {
    BedrockSettings settings = BedrockSettings.from(setup, environment);
    BedrockAuth auth =
        new BedrockAuth(
            settings,
            setup.context().credentials(),
            setup.context().clock(),
            setup.failures(),
            BedrockAuth.defaultChain(settings.profile()));
    return new BedrockProtocol(
        setup.lookup(),
        setup.failures(),
        settings,
        auth,
        setup.millis("timeout-ms", DEFAULT_TIMEOUT, 900_000));
  }

  /** The protocol's {@link BedrockAuth}: a Bedrock API key, or SigV4 per send. */
  @Override
  protected RequestSigner signer(ProviderSetup setup, JobProtocol protocol) {
    return ((BedrockProtocol) protocol).auth();
  }
}
