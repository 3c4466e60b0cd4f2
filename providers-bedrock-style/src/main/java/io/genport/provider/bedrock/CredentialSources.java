package io.genport.provider.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Names the source of credentials the AWS SDK resolved. The SDK reports it in {@code
 * providerName()} as the AWS SDKs' shared feature codes for credential sources (the ids they also
 * send in their user agent, e.g. {@code f} for Java system properties, {@code n} for a profile),
 * joined by commas when one source led to another; this turns them back into words for messages.
 */
final class CredentialSources {
  private static final Map<String, String> CODES =
      Map.ofEntries(
          Map.entry("e", "credentials set in code"),
          Map.entry("f", "Java system properties aws.accessKeyId and aws.secretAccessKey"),
          Map.entry("g", "environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"),
          Map.entry("h", "a web identity token file (AWS_WEB_IDENTITY_TOKEN_FILE)"),
          Map.entry("i", "an assumed role"),
          Map.entry("j", "an assumed role (SAML)"),
          Map.entry("k", "an assumed role (web identity)"),
          Map.entry("l", "a federation token"),
          Map.entry("m", "an STS session token"),
          Map.entry("n", "the AWS profile"),
          Map.entry("o", "a source profile"),
          Map.entry("p", "a profile's named credential source"),
          Map.entry("q", "a profile's web identity token"),
          Map.entry("r", "a profile's SSO session"),
          Map.entry("s", "SSO"),
          Map.entry("t", "a profile's SSO settings"),
          Map.entry("u", "SSO"),
          Map.entry("v", "a profile's credential_process"),
          Map.entry("w", "a credential process"),
          Map.entry("z", "a container credentials endpoint"),
          Map.entry("0", "the EC2 instance role (instance metadata)"));

  private CredentialSources() {}

  /** Words for an SDK {@code providerName}; unknown codes are shown as they are. */
  static String describe(String providerName) {
    if (providerName == null || providerName.isBlank()) {
      return "a provider of the chain";
    }
    List<String> words = new ArrayList<>();
    for (String code : providerName.split(",")) {
      String c = code.strip();
      words.add(CODES.getOrDefault(c, c));
    }
    return String.join(" via ", words);
  }
}
