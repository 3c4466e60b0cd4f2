package io.genport.provider.bedrock;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.InvalidRequestException;
import io.genport.toolkit.ProviderSetup;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;

/**
 * Where the Bedrock provider sends its requests and how it authenticates, resolved once from the
 * configuration and, unless {@code aws-environment=false}, the AWS environment.
 *
 * <ul>
 *   <li><b>Endpoint</b>: {@code AWS_ENDPOINT_URL_BEDROCK_RUNTIME}, then {@code AWS_ENDPOINT_URL}
 *       (the AWS SDKs' service-specific and global endpoint overrides, both skipped when {@code
 *       AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} is {@code true}), then the configuration's {@code
 *       base-url}, then {@code https://bedrock-runtime.<region>.amazonaws.com}. Signed requests go
 *       to this origin only.
 *   <li><b>Region</b>: the configuration's {@code region}, then the AWS SDK's region sources {@code
 *       AWS_REGION} (or the system property {@code aws.region}) and the profile's {@code region}
 *       (the {@code DefaultAwsRegionProviderChain} without its instance-metadata lookup, which
 *       could stall {@code explain} for seconds on a machine that is not on EC2), then {@code
 *       us-east-1}, where every Bedrock image model is offered.
 *   <li><b>Profile</b>: the configuration's {@code profile}, else the SDK's own choice ({@code
 *       AWS_PROFILE}, {@code aws.profile}, {@code default}).
 *   <li><b>Authentication</b>: {@code auth} is {@code auto} (a Bedrock API key when {@code
 *       AWS_BEARER_TOKEN_BEDROCK} is set, else SigV4), {@code sigv4} or {@code bearer}.
 * </ul>
 *
 * <p>With {@code aws-environment=false} (the simulator sets it) none of the AWS environment is
 * read: no endpoint variables, no profile, and no AWS SDK credential chain; only genport's own
 * configuration and credentials count.
 *
 * @param base the endpoint's base URL, without a trailing slash
 * @param endpointSource where {@code base} came from, for messages
 * @param region the SigV4 signing region
 * @param regionSource where {@code region} came from, for messages
 * @param profile the AWS profile to use, or {@code null} for the SDK's own choice
 * @param auth how requests are authenticated
 * @param awsEnvironment whether the AWS environment (variables, profiles, SDK chain) is read
 */
record BedrockSettings(
    URI base,
    String endpointSource,
    String region,
    String regionSource,
    String profile,
    Auth auth,
    boolean awsEnvironment) {

  /** The default region when none is configured anywhere. */
  static final String DEFAULT_REGION = "us-east-1";

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+-\\d+");

  /** How requests are authenticated. */
  enum Auth {
    /** A Bedrock API key when one is set, else SigV4. */
    AUTO,
    /** Always SigV4, even when a Bedrock API key is set. */
    SIGV4,
    /** Always the Bedrock API key. */
    BEARER
  }

  BedrockSettings {
    requireNonNull(base, "base is null");
    requireNonNull(region, "region is null");
    requireNonNull(auth, "auth is null");
  }

  /**
   * Reads the settings.
   *
   * @param environment reads an environment variable (the process environment in production)
   * @throws InvalidRequestException naming the key (or variable) of an invalid value
   */
  static BedrockSettings from(ProviderSetup setup, Function<String, String> environment) {
    boolean aws = setup.choice("aws-environment", "true", List.of("true", "false")).equals("true");
    Auth auth =
        Auth.valueOf(
            setup
                .choice("auth", "auto", List.of("auto", "sigv4", "bearer"))
                .toUpperCase(Locale.ROOT));
    String profile = setup.optional("profile");
    String region = setup.optional("region");
    String regionSource = "configuration key region";
    if (region == null && aws) {
      region = sdkRegion(profile);
      regionSource = "the AWS environment (AWS_REGION or the profile's region)";
    }
    if (region == null) {
      region = DEFAULT_REGION;
      regionSource = "the default: no region is configured";
    }
    region = region.strip().toLowerCase(Locale.ROOT);
    if (!REGION.matcher(region).matches()) {
      throw new InvalidRequestException(
          "region", "'" + region + "' is not an AWS region such as us-east-1");
    }
    URI base = null;
    String endpointSource = null;
    boolean ignoreEndpoints =
        "true".equalsIgnoreCase(environment.apply("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"));
    if (aws && !ignoreEndpoints) {
      for (String variable : List.of("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "AWS_ENDPOINT_URL")) {
        String v = environment.apply(variable);
        if (v != null && !v.isBlank()) {
          base = endpoint(variable, v);
          endpointSource = "environment variable " + variable;
          break;
        }
      }
    }
    if (base == null && setup.optional("base-url") != null) {
      base = setup.baseUrl("base-url", null, "");
      endpointSource = "configuration key base-url";
    }
    if (base == null) {
      base = URI.create("https://bedrock-runtime." + region + ".amazonaws.com");
      endpointSource = "the region's public endpoint";
    }
    if (base.getRawQuery() != null || base.getRawFragment() != null) {
      throw new InvalidRequestException(
          "base-url", "'" + base + "' must not have a query or fragment");
    }
    return new BedrockSettings(base, endpointSource, region, regionSource, profile, auth, aws);
  }

  private static URI endpoint(String variable, String value) {
    String v = value.strip();
    try {
      URI u = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
      if (u.getHost() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
        throw new IllegalArgumentException("not an absolute http(s) URL");
      }
      return u;
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidRequestException(variable, "'" + v + "' is not an absolute http(s) URL");
    }
  }

  /** The region the AWS SDK finds in the environment or the profile, or {@code null}. */
  private static String sdkRegion(String profile) {
    try {
      Region r =
          new AwsRegionProviderChain(
                  new SystemSettingsRegionProvider(),
                  profile == null
                      ? new AwsProfileRegionProvider()
                      : new AwsProfileRegionProvider(ProfileFile::defaultProfileFile, profile))
              .getRegion();
      return r == null ? null : r.id();
    } catch (SdkException | IllegalStateException e) {
      // No region anywhere (or an unreadable profile file): the default applies.
      return null;
    }
  }
}
