package io.genport.provider.bedrock;

import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;

/**
 * Finds out, without the network, whether the machine has AWS credentials of its own that the AWS
 * SDK's default chain would use: for the host's decision whether the Bedrock provider is configured
 * ({@link io.genport.spi.ProviderFactory#ambientCredentials}).
 *
 * <ol>
 *   <li>A web identity token file or a container credentials endpoint named in the environment
 *       counts as it is (resolving either would call STS or the endpoint).
 *   <li>Otherwise the SDK's {@link DefaultCredentialsProvider} is resolved with instance metadata
 *       switched off: the system property {@code aws.disableEc2Metadata} (the SDK's
 *       AWS_EC2_METADATA_DISABLED) is set to {@code true} for the duration and restored after, so
 *       the lookup cannot stall on 169.254.169.254 on a machine that is not an EC2 instance. This
 *       finds system properties, environment keys, and profiles with static keys or a {@code
 *       credential_process}.
 *   <li>A profile that exists but cannot be resolved offline (SSO, an assumed role) still counts:
 *       using it for real then reports clearly what is missing.
 * </ol>
 *
 * <p>The answer names the source, never a value. Meant for a command line's start-up: the system
 * property is process-wide, so this is not for concurrent use.
 */
final class AwsEnvironmentProbe {
  private static final String NO_IMDS = "aws.disableEc2Metadata";

  private AwsEnvironmentProbe() {}

  static synchronized Optional<String> find(Function<String, String> environment, String profile) {
    if (set(environment.apply("AWS_WEB_IDENTITY_TOKEN_FILE"))) {
      return Optional.of("an AWS web identity token file (AWS_WEB_IDENTITY_TOKEN_FILE)");
    }
    if (set(environment.apply("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"))
        || set(environment.apply("AWS_CONTAINER_CREDENTIALS_FULL_URI"))) {
      return Optional.of("an AWS container credentials endpoint");
    }
    String before = System.getProperty(NO_IMDS);
    System.setProperty(NO_IMDS, "true");
    try {
      DefaultCredentialsProvider.Builder b =
          DefaultCredentialsProvider.builder().asyncCredentialUpdateEnabled(false);
      if (profile != null) {
        b.profileName(profile);
      }
      try (DefaultCredentialsProvider chain = b.build()) {
        AwsCredentials found = chain.resolveCredentials();
        return Optional.of(
            "AWS credentials from "
                + CredentialSources.describe(found.providerName().orElse(null)));
      }
    } catch (RuntimeException notResolved) {
      return existingProfile(profile);
    } finally {
      if (before == null) {
        System.clearProperty(NO_IMDS);
      } else {
        System.setProperty(NO_IMDS, before);
      }
    }
  }

  /** The profile the SDK would use, when the profile files define it. */
  private static Optional<String> existingProfile(String profile) {
    try {
      String name =
          profile != null
              ? profile
              : ProfileFileSystemSetting.AWS_PROFILE.getStringValue().orElse("default");
      return ProfileFile.defaultProfileFile().profile(name).isPresent()
          ? Optional.of("AWS profile '" + name + "'")
          : Optional.empty();
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  private static boolean set(String value) {
    return value != null && !value.isBlank();
  }
}
