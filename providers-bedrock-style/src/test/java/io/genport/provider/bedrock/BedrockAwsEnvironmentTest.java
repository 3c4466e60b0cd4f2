package io.genport.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.simulators.Endpoint;
import io.genport.simulators.bedrock.BedrockSimulator;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spitck.ProviderDriver;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider with {@code aws-environment} on: endpoint overrides, the region chain, the AWS SDK's
 * default credential chain and the "configured" probe. The machine's own AWS setup is never read:
 * the SDK's system properties point at this test's own files, and are restored after each test.
 */
class BedrockAwsEnvironmentTest {
  private static final String[] PROPERTIES = {
    "aws.accessKeyId",
    "aws.secretAccessKey",
    "aws.sessionToken",
    "aws.region",
    "aws.profile",
    "aws.sharedCredentialsFile",
    "aws.configFile",
    "aws.disableEc2Metadata"
  };

  @TempDir Path dir;
  private final Map<String, String> saved = new HashMap<>();
  private final Map<String, String> env = new HashMap<>();
  private BedrockSimulator sim;
  private HttpClient5Transport http;

  @BeforeEach
  void isolate() throws IOException {
    for (String p : PROPERTIES) {
      saved.put(p, System.getProperty(p));
    }
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty("aws.sessionToken");
    System.clearProperty("aws.region");
    System.clearProperty("aws.profile");
    System.setProperty("aws.sharedCredentialsFile", write("credentials", "").toString());
    System.setProperty("aws.configFile", write("config", "").toString());
    System.setProperty("aws.disableEc2Metadata", "true");
  }

  @AfterEach
  void restore() {
    saved.forEach(
        (k, v) -> {
          if (v == null) {
            System.clearProperty(k);
          } else {
            System.setProperty(k, v);
          }
        });
    if (http != null) {
      http.close();
    }
    if (sim != null) {
      sim.close();
    }
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private BedrockSettings settings(Map<String, String> config) {
    return BedrockSettings.from(
        new io.genport.toolkit.ProviderSetup(
            new ProviderConfig(config),
            context(Map.of()),
            io.genport.spi.catalog.ModelCatalog.fromResource(
                getClass(), BedrockProviderFactory.CATALOG),
            new io.genport.toolkit.VendorFailures("Amazon Bedrock", "X", Clock.systemUTC())),
        env::get);
  }

  private ProviderContext context(Map<String, String> credentials) {
    return ProviderContext.of(
        http == null ? r -> null : http,
        Clock.systemUTC(),
        d -> {},
        Credentials.fromMap(credentials),
        new ObjectMapper(),
        new Random(1));
  }

  // ---------------------------------------------------------------------------- endpoint

  @Test
  void theEndpointComesFromTheServiceVariableThenTheGlobalOneThenBaseUrlThenTheRegion() {
    Map<String, String> config = Map.of("base-url", "https://proxy.example/bedrock");
    assertEquals(
        URI.create("https://bedrock-runtime.us-east-1.amazonaws.com"),
        settings(Map.of()).base(),
        "the region's public endpoint (us-east-1 when nothing is configured)");
    assertEquals(URI.create("https://proxy.example/bedrock"), settings(config).base());
    env.put("AWS_ENDPOINT_URL", "https://global.example/");
    assertEquals(URI.create("https://global.example"), settings(config).base());
    env.put("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "http://127.0.0.1:4566");
    BedrockSettings s = settings(config);
    assertEquals(URI.create("http://127.0.0.1:4566"), s.base());
    assertEquals("environment variable AWS_ENDPOINT_URL_BEDROCK_RUNTIME", s.endpointSource());

    env.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
    assertEquals(URI.create("https://proxy.example/bedrock"), settings(config).base());
    env.remove("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");

    Map<String, String> isolated = new LinkedHashMap<>(config);
    isolated.put("aws-environment", "false");
    assertEquals(
        URI.create("https://proxy.example/bedrock"),
        settings(isolated).base(),
        "aws-environment=false reads no AWS variable");

    env.put("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "not a url");
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> settings(config));
    assertEquals("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", e.field());
  }

  @Test
  void theRegionComesFromTheConfigurationThenAwsRegionThenTheProfileThenTheDefault()
      throws IOException {
    assertEquals("us-east-1", settings(Map.of()).region());
    assertTrue(settings(Map.of()).regionSource().contains("default"));

    write("config", "[profile dev]\nregion = ap-southeast-2\n");
    assertEquals("ap-southeast-2", settings(Map.of("profile", "dev")).region());

    System.setProperty("aws.region", "eu-central-1");
    assertEquals("eu-central-1", settings(Map.of("profile", "dev")).region());
    assertEquals(
        "https://bedrock-runtime.eu-central-1.amazonaws.com", settings(Map.of()).base().toString());

    assertEquals("us-west-2", settings(Map.of("region", "us-west-2")).region());
    assertEquals(
        "us-east-1",
        settings(Map.of("aws-environment", "false")).region(),
        "aws-environment=false: not even AWS_REGION");
    assertEquals(
        "region",
        assertThrows(InvalidRequestException.class, () -> settings(Map.of("region", "mars")))
            .field());
  }

  @Test
  void invalidOptionsAreRefusedNamingTheirKey() {
    assertEquals(
        "auth",
        assertThrows(InvalidRequestException.class, () -> settings(Map.of("auth", "magic")))
            .field());
    assertEquals(
        "aws-environment",
        assertThrows(
                InvalidRequestException.class, () -> settings(Map.of("aws-environment", "maybe")))
            .field());
  }

  // ---------------------------------------------------------------- the SDK's credential chain

  private ImageProvider providerAgainstSimulator(
      String accessKeyId, String secret, Map<String, String> config) {
    sim = BedrockSimulator.builder().region("us-west-2").accessKey(accessKeyId, secret).start();
    http = new HttpClient5Transport();
    Map<String, String> c = new LinkedHashMap<>(config);
    c.put("region", "us-west-2");
    c.put("base-url", sim.runtimeBaseUri().toString());
    return new BedrockProviderFactory(env::get).create(new ProviderConfig(c), context(Map.of()));
  }

  private static JobStatus run(ImageProvider p) {
    PlannedCall call =
        p.plan(GenerationRequest.builder("a fox").build(), "amazon.nova-canvas-v1:0")
            .calls()
            .get(0);
    return new ProviderDriver(p).run(call);
  }

  @Test
  void withoutCredentialsOfTheHostTheSdkChainSignsFromSystemProperties() {
    System.setProperty("aws.accessKeyId", "AKIDFROMPROPERTIES");
    System.setProperty("aws.secretAccessKey", "from/properties+secret");
    ImageProvider p =
        providerAgainstSimulator("AKIDFROMPROPERTIES", "from/properties+secret", Map.of());

    assertInstanceOf(JobStatus.Succeeded.class, run(p));
    assertTrue(
        sim.requests()
            .last(Endpoint.named(BedrockSimulator.INVOKE))
            .orElseThrow()
            .header("authorization")
            .orElseThrow()
            .contains("Credential=AKIDFROMPROPERTIES/"));
  }

  @Test
  void aProfileIsUsedAndNamedWhenItsKeysAreRefused() throws IOException {
    write(
        "credentials",
        "[dev]\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = profile/secret+1\n");
    ImageProvider ok =
        providerAgainstSimulator("AKIDFROMPROFILE", "profile/secret+1", Map.of("profile", "dev"));
    assertInstanceOf(JobStatus.Succeeded.class, run(ok));

    sim.close();
    http.close();
    ImageProvider refused =
        providerAgainstSimulator("AKIDSOMEONEELSE", "another/secret", Map.of("profile", "dev"));
    GenerationException e = ProviderDriver.failure(() -> run(refused), "run");
    assertEquals(FailureClass.NOT_RETRYABLE, e.failureClass());
    assertTrue(
        e.getMessage()
            .contains(
                "credentials used: the AWS SDK's default credential chain (the AWS profile,"
                    + " profile 'dev')"),
        e.getMessage());
    assertFalse(e.getMessage().contains("profile/secret+1"), e.getMessage());
  }

  @Test
  void noCredentialAnywhereFailsBeforeSendingAndSaysWhatToSet() throws IOException {
    write("credentials", "[default]\naws_secret_access_key = half/a+pair/secret\n");
    ImageProvider p = providerAgainstSimulator("AKIDUNUSED", "unused", Map.of());

    GenerationException e = ProviderDriver.failure(() -> run(p), "run");

    assertEquals(FailureClass.NOT_RETRYABLE, e.failureClass());
    assertTrue(e.getMessage().contains("AWS_BEARER_TOKEN_BEDROCK"), e.getMessage());
    assertTrue(e.getMessage().contains("the AWS SDK's default chain found none"), e.getMessage());
    assertFalse(e.getMessage().contains("half/a+pair/secret"), "the SDK's reason leaks nothing");
    assertEquals(0, sim.requests().size());
  }

  // ------------------------------------------------------------------------- configured?

  private Optional<String> probe(Map<String, String> config) {
    return new BedrockProviderFactory(env::get).ambientCredentials(new ProviderConfig(config));
  }

  @Test
  void withNothingSetTheProbeFindsNothingAndRestoresTheMetadataSwitch() {
    System.clearProperty("aws.disableEc2Metadata");

    assertEquals(Optional.empty(), probe(Map.of()));

    assertEquals(
        null,
        System.getProperty("aws.disableEc2Metadata"),
        "set for the probe only (it kept the lookup off 169.254.169.254)");
  }

  @Test
  void theProbeFindsKeysProfilesAndRoleSourcesButNeverShowsAValue() throws IOException {
    System.setProperty("aws.accessKeyId", "AKIDPROBE");
    System.setProperty("aws.secretAccessKey", "probe/secret+value");
    Optional<String> found = probe(Map.of());
    assertEquals(
        "AWS credentials from Java system properties aws.accessKeyId and aws.secretAccessKey",
        found.orElseThrow());
    assertFalse(found.get().contains("probe/secret"));
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");

    // An SSO profile cannot be resolved offline (nor without the SDK's sso module) but counts.
    write(
        "config",
        "[profile work]\nsso_session = corp\nsso_account_id = 123456789012\n"
            + "sso_role_name = Dev\nregion = eu-west-1\n");
    assertEquals(Optional.of("AWS profile 'work'"), probe(Map.of("profile", "work")));
    assertEquals(Optional.empty(), probe(Map.of("profile", "nobody")));

    env.put("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/token");
    assertTrue(probe(Map.of()).orElseThrow().contains("web identity"));
    env.clear();
    env.put("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc");
    assertTrue(probe(Map.of()).orElseThrow().contains("container"));
  }

  @Test
  void theProbeIsOffWhenTheProviderMustNotReadTheAwsSetupAndOnWhenTheConfigurationSaysSo() {
    System.setProperty("aws.accessKeyId", "AKIDPROBE");
    System.setProperty("aws.secretAccessKey", "probe/secret+value");
    assertEquals(Optional.empty(), probe(Map.of("aws-environment", "false")));
    assertEquals(Optional.empty(), probe(Map.of("auth", "bearer")));
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    assertTrue(
        probe(Map.of("aws-environment", "true")).orElseThrow().contains("aws-environment=true"),
        "an explicit declaration, e.g. for an EC2 instance role the probe cannot see");
  }

  @Test
  void theFactoryDeclaresEveryCredentialNameItLooksUp() {
    assertEquals(
        java.util.Set.of(
            "AWS_BEARER_TOKEN_BEDROCK",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN"),
        new BedrockProviderFactory().credentialNames());
    assertEquals("bedrock", new BedrockProviderFactory().name());
    Function<String, String> none = n -> null;
    assertEquals(
        java.util.List.of(
            "amazon.nova-canvas-v1:0",
            "amazon.titan-image-generator-v2:0",
            "amazon.titan-image-generator-v1",
            "stability.sd3-5-large-v1:0",
            "stability.stable-image-ultra-v1:1",
            "stability.stable-image-core-v1:1"),
        new BedrockProviderFactory(none)
            .create(new ProviderConfig(Map.of("aws-environment", "false")), context(Map.of()))
            .models());
  }
}
