package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Stage;
import com.google.inject.util.Modules;
import io.genport.bootstrap.BootstrapSettings;
import io.genport.bootstrap.GenportModule;
import io.genport.bootstrap.GenportRuntime;
import io.genport.facade.EnvironmentConfiguration;
import io.genport.spi.Credentials;
import io.genport.spi.LoadedProviders;
import io.genport.spi.ProviderLoader;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.HttpTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden test of {@code genport explain --json}: it pins today's planning behaviour of every
 * provider so that a rewrite of the providers or of the core negotiation cannot change it
 * unnoticed.
 *
 * <p>For each provider it runs a corpus of requests ({@link #CORPUS}) against every target: every
 * catalog model ({@code ImageProvider.models()}, read from the running provider so a new model
 * shows up as a new record) plus the generic forms each provider accepts (a fal endpoint id, a
 * Replicate {@code owner/name} and {@code owner/name:version}, {@code cog:generic}, an Oxen model
 * id outside the catalog, Bedrock inference profiles and ARNs, a Leonardo model UUID), under one or
 * more <em>setups</em> (environments): fal and Oxen in queue and sync mode, gateways with
 * path-prefixed base URLs, Cog with and without its base URL, Bedrock in two regions with the
 * machine's AWS setup switched off. The output of each run is compared with {@code
 * src/test/resources/golden/explain/<provider>.golden}.
 *
 * <p>A golden file is a sequence of JSON objects (one record each, blank-line separated, laid out
 * so that a change shows as a changed line):
 *
 * <ul>
 *   <li>a header: the prompt, the corpus (request name to command-line options) and the provider's
 *       generic and invalid model ids, so that the file says what produced it;
 *   <li>per setup, a setup record: its environment, the exit status of each run (one {@code
 *       explain} over all targets per request), its stderr when there is more than the discovery
 *       line, and {@code callDefaults}, the method and headers that most of its calls share;
 *   <li>one record per setup, target and request: the target's object of {@code explain --json}
 *       (calls with method, URL, headers, body; adaptations; error) with the setup and request
 *       added. A call leaves out its method and headers when they equal {@code callDefaults} (they
 *       are the same for nearly every call), and has a {@code part}: the summary {@code explain}
 *       prints in text mode ("4 images (#1-4), seed 42, expected 1024x768"), since the JSON does
 *       not show the expected size. A body keeps the order the provider wrote its fields in, nested
 *       objects included, so a provider whose field order varies between runs fails the test.
 * </ul>
 *
 * <p>Determinism: explain runs offline (a transport that fails the test if anything is sent), no
 * credentials are configured, every base URL is fixed (the vendor defaults, or fake {@code
 * .invalid} hosts), an explicit empty configuration file is passed (a {@code genport.yaml} in the
 * working directory is ignored), and the clock is fixed. Every request but {@code no-seed} sets
 * {@code --seed}; for {@code no-seed} the injected {@link RandomGenerator} answers each draw from a
 * fresh generator with a fixed seed, so a drawn seed depends only on the model's seed range, not on
 * which targets were planned before.
 *
 * <p>On a difference the test fails listing, per record, the setup, target, request and the first
 * differing field as a JSON pointer, with the expected and actual values.
 *
 * <h2>Regenerating</h2>
 *
 * <p>After an intended change of behaviour, rewrite the golden files and review the diff:
 *
 * <pre>
 * mvn -o -B -ntp test -pl app-bootstrap -am -Dtest=ExplainGoldenTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dgenport.golden.update=true
 * git diff app-bootstrap/src/test/resources/golden/explain
 * </pre>
 *
 * <p>With {@code -Dgenport.golden.update=true} the test writes the files instead of comparing (and
 * passes); without it, it never writes.
 */
class ExplainGoldenTest {
  /** The system property that rewrites the golden files instead of comparing. */
  static final String UPDATE = "genport.golden.update";

  private static final Path DIR = Path.of("src", "test", "resources", "golden", "explain");

  /** Where a differing output is written, to be compared with the golden file by a diff tool. */
  private static final Path ACTUAL = Path.of("target", "golden", "explain");

  private static final String PROMPT = "a fox";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEFAULTS = "defaults";
  private static final int MAX_REPORTED = 25;

  /** A named request: the options given before the prompt. */
  record Request(String name, List<String> args) {
    Request(String name, String... args) {
      this(name, List.of(args));
    }
  }

  /** The corpus, in the order of the golden files. */
  static final List<Request> CORPUS =
      List.of(
          new Request(DEFAULTS, "--seed", "42"),
          new Request("no-seed"),
          new Request("seed-5000000000", "--seed", "5000000000"),
          new Request("size-1000x700", "--seed", "42", "--size", "1000x700"),
          new Request("size-1366x768", "--seed", "42", "--size", "1366x768"),
          new Request("size-5000x5000", "--seed", "42", "--size", "5000x5000"),
          new Request("size-64x64", "--seed", "42", "--size", "64x64"),
          new Request("aspect-21:9", "--seed", "42", "--aspect", "21:9"),
          new Request("aspect-1:4", "--seed", "42", "--aspect", "1:4"),
          new Request("aspect-4:1", "--seed", "42", "--aspect", "4:1"),
          new Request("aspect-16:9-2mp", "--seed", "42", "--aspect", "16:9", "--megapixels", "2"),
          new Request("count-5", "--seed", "42", "--count", "5"),
          new Request("count-9", "--seed", "42", "--count", "9"),
          new Request(
              "negative-safety-strict",
              "--seed",
              "42",
              "--negative",
              "blurry, watermark",
              "--safety",
              "STRICT"),
          new Request("safety-off-png", "--seed", "42", "--safety", "OFF", "--format", "PNG"),
          new Request("webp-quality-80", "--seed", "42", "--format", "WEBP", "--quality", "80"),
          new Request(
              "steps-30-guidance-3.5", "--seed", "42", "--steps", "30", "--guidance", "3.5"),
          new Request(
              "strict-size-1000x700", "--seed", "42", "--strict", "size", "--size", "1000x700"),
          // One native parameter per provider; each target's provider sees only its own.
          new Request(
              "param",
              "--seed",
              "42",
              "--param",
              "fal:acceleration=high",
              "--param",
              "eachlabs:acceleration=high",
              "--param",
              "replicate:go_fast=false",
              "--param",
              "cog:go_fast=false",
              "--param",
              "oxen:resolution=2 MP",
              "--param",
              "bedrock:imageGenerationConfig.quality=premium",
              "--param",
              "leonardo:public=false"));

  /**
   * One environment a provider is explained under.
   *
   * @param name the setup's name in the golden file
   * @param env the environment ({@code GENPORT_<PROVIDER>_<KEY>} variables)
   * @param fullCorpus every request of the corpus, or only {@code defaults}
   * @param targets the models to explain, or {@code null} for the catalog plus the provider's
   *     generic and (with the full corpus, for {@code defaults} only) invalid model ids
   */
  record Setup(String name, Map<String, String> env, boolean fullCorpus, List<String> targets) {
    static Setup full(String name, Map<String, String> env) {
      return new Setup(name, env, true, null);
    }

    static Setup defaultsOnly(String name, Map<String, String> env) {
      return new Setup(name, env, false, null);
    }
  }

  /**
   * What is explained for one provider.
   *
   * @param generic model ids outside the catalog that the provider accepts (generic forms)
   * @param invalid model ids it must refuse; explained with {@code defaults} only
   */
  record ProviderCase(
      String provider, List<String> generic, List<String> invalid, List<Setup> setups) {}

  static final Map<String, ProviderCase> PROVIDERS = providers();

  private static Map<String, ProviderCase> providers() {
    Map<String, ProviderCase> p = new LinkedHashMap<>();
    p.put(
        "fal",
        new ProviderCase(
            "fal",
            // an endpoint id with a path, one without, and a catalog model's endpoint id
            List.of("fal-ai/some/app", "acme/custom-app", "fal-ai/flux-2"),
            List.of("not-an-endpoint"),
            List.of(
                Setup.full("queue", Map.of()),
                Setup.full("sync", Map.of("GENPORT_FAL_MODE", "sync")),
                Setup.defaultsOnly(
                    "queue-gateway",
                    Map.of(
                        "GENPORT_FAL_BASE_URL", "https://gateway.golden.invalid/fal-sync",
                        "GENPORT_FAL_QUEUE_URL", "https://gateway.golden.invalid/fal-queue")),
                Setup.defaultsOnly(
                    "sync-gateway",
                    Map.of(
                        "GENPORT_FAL_MODE", "sync",
                        "GENPORT_FAL_BASE_URL", "https://gateway.golden.invalid/fal-sync",
                        "GENPORT_FAL_QUEUE_URL", "https://gateway.golden.invalid/fal-queue")))));
    p.put(
        "replicate",
        new ProviderCase(
            "replicate",
            // owner/name, owner/name:version, and a catalog model's owner/name
            List.of(
                "acme/painter", "acme/painter:0123456789abcdef", "black-forest-labs/flux-schnell"),
            List.of("no-owner"),
            List.of(
                Setup.full("default", Map.of()),
                Setup.defaultsOnly(
                    "gateway-no-wait",
                    Map.of(
                        "GENPORT_REPLICATE_BASE_URL",
                        "https://gateway.golden.invalid/replicate/v1",
                        "GENPORT_REPLICATE_WAIT",
                        "0")))));
    p.put(
        "cog",
        new ProviderCase(
            "cog",
            List.of(),
            List.of("acme/painter"),
            List.of(
                Setup.full(
                    "default", Map.of("GENPORT_COG_BASE_URL", "http://cog.golden.invalid:5000")),
                new Setup("no-base-url", Map.of(), false, List.of("generic")))));
    p.put(
        "eachlabs",
        new ProviderCase(
            "eachlabs",
            List.of(),
            List.of("no-such-model"),
            List.of(
                Setup.full("default", Map.of()),
                Setup.defaultsOnly(
                    "gateway",
                    Map.of(
                        "GENPORT_EACHLABS_BASE_URL",
                        "https://gateway.golden.invalid/eachlabs/v1")))));
    p.put(
        "oxen",
        new ProviderCase(
            "oxen",
            List.of("acme/custom-model"),
            List.of("images/edit"),
            List.of(
                Setup.full("queue", Map.of()),
                Setup.full("sync", Map.of("GENPORT_OXEN_MODE", "sync")),
                Setup.full(
                    "sync-b64-namespace",
                    Map.of(
                        "GENPORT_OXEN_MODE", "sync",
                        "GENPORT_OXEN_RESPONSE_FORMAT", "b64_json",
                        "GENPORT_OXEN_TARGET_NAMESPACE", "acme-team")),
                Setup.defaultsOnly(
                    "queue-gateway",
                    Map.of(
                        "GENPORT_OXEN_BASE_URL", "https://gateway.golden.invalid/oxen/api/ai")))));
    // The machine's AWS setup is never read (aws-environment=false), so the region and the base
    // URL are fixed whatever profiles or variables the machine has.
    Map<String, String> bedrockOffline =
        Map.of("GENPORT_BEDROCK_AWS_ENVIRONMENT", "false", "GENPORT_BEDROCK_REGION", "us-east-1");
    p.put(
        "bedrock",
        new ProviderCase(
            "bedrock",
            // a cross-region inference profile, a foundation-model ARN and an inference-profile
            // ARN,
            // each naming a catalog model
            List.of(
                "us.amazon.nova-canvas-v1:0",
                "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-image-generator-v2:0",
                "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.stability.sd3-5-large-v1:0"),
            List.of("amazon.no-such-model-v1:0"),
            List.of(
                Setup.full("default", bedrockOffline),
                Setup.defaultsOnly(
                    "eu-region",
                    Map.of(
                        "GENPORT_BEDROCK_AWS_ENVIRONMENT", "false",
                        "GENPORT_BEDROCK_REGION", "eu-west-1")),
                Setup.defaultsOnly(
                    "gateway",
                    Map.of(
                        "GENPORT_BEDROCK_AWS_ENVIRONMENT", "false",
                        "GENPORT_BEDROCK_REGION", "us-east-1",
                        "GENPORT_BEDROCK_BASE_URL", "https://gateway.golden.invalid/bedrock")))));
    p.put(
        "leonardo",
        new ProviderCase(
            "leonardo",
            // a model UUID outside the catalog (a fine-tune), read with the generic entry
            List.of("0b6c7a4e-1f52-4d8e-9a3b-5c2d7e8f9a10"),
            List.of("not-a-uuid"),
            List.of(
                Setup.full("default", Map.of()),
                Setup.defaultsOnly(
                    "gateway",
                    Map.of(
                        "GENPORT_LEONARDO_BASE_URL",
                        "https://gateway.golden.invalid/leonardo/api/rest/v1")))));
    return p;
  }

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fal", "replicate", "cog", "eachlabs", "oxen", "bedrock", "leonardo"})
  void explainOutputMatchesTheGoldenFile(String provider) throws IOException {
    Path config = Files.writeString(tmp.resolve("genport.yaml"), "{}\n");
    String actual = render(PROVIDERS.get(provider), config);
    Path file = DIR.resolve(provider + ".golden");
    if (Boolean.getBoolean(UPDATE)) {
      Files.createDirectories(DIR);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      System.out.println("golden file rewritten: " + file.toAbsolutePath());
      return;
    }
    if (!Files.isRegularFile(file)) {
      fail(
          "no golden file "
              + file.toAbsolutePath()
              + " (run from the module directory); create it with -D"
              + UPDATE
              + "=true");
    }
    String expected = Files.readString(file, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      // for a plain diff against the golden file
      Files.createDirectories(ACTUAL);
      Files.writeString(ACTUAL.resolve(provider + ".golden"), actual, StandardCharsets.UTF_8);
    }
    compare(provider, expected, actual);
  }

  // ---- producing the records

  private static String render(ProviderCase pc, Path config) {
    List<ObjectNode> records = new ArrayList<>();
    records.add(header(pc));
    for (Setup setup : pc.setups()) {
      SendRefusingTransport transport = new SendRefusingTransport();
      GenportRuntime app = runtime(setup.env(), transport);
      List<String> targets;
      if (setup.targets() != null) {
        targets = setup.targets();
      } else {
        targets = new ArrayList<>(app.providers().provider(pc.provider()).models());
        targets.addAll(pc.generic());
      }
      List<Request> requests = setup.fullCorpus() ? CORPUS : List.of(CORPUS.get(0));
      ObjectNode setupRecord = setupRecord(setup);
      ObjectNode status = setupRecord.putObject("status");
      ObjectNode stderr = JSON.createObjectNode();
      // target -> its records in corpus order
      Map<String, List<ObjectNode>> byTarget = new LinkedHashMap<>();
      for (Request request : requests) {
        List<String> explained = new ArrayList<>(targets);
        if (setup.targets() == null && setup.fullCorpus() && request.name().equals(DEFAULTS)) {
          explained.addAll(pc.invalid());
        }
        Run run = run(app, config, pc.provider(), explained, request);
        status.put(request.name(), run.status());
        if (!run.stderr().isEmpty()) {
          stderr.set(request.name(), JSON.valueToTree(run.stderr()));
        }
        for (ObjectNode r : run.targetRecords(setup.name())) {
          byTarget.computeIfAbsent(r.get("target").asText(), k -> new ArrayList<>()).add(r);
        }
      }
      assertEquals(0, transport.sends.get(), "explain must not send anything");
      if (!stderr.isEmpty()) {
        setupRecord.set("stderr", stderr);
      }
      List<ObjectNode> targetRecords = new ArrayList<>();
      byTarget.values().forEach(targetRecords::addAll);
      hoistCallDefaults(setupRecord, targetRecords);
      records.add(setupRecord);
      records.addAll(targetRecords);
    }
    StringBuilder out = new StringBuilder();
    for (ObjectNode r : records) {
      out.append(layout(r)).append("\n\n");
    }
    return out.toString();
  }

  private static ObjectNode header(ProviderCase pc) {
    ObjectNode h = JSON.createObjectNode();
    h.put(
        "golden",
        "genport explain --json, pinned by ExplainGoldenTest; regenerate with -D"
            + UPDATE
            + "=true. A call without method or headers has its setup's callDefaults; objects"
            + " inside a body are written with sorted keys.");
    h.put("provider", pc.provider());
    h.put("prompt", PROMPT);
    ObjectNode corpus = h.putObject("requests");
    CORPUS.forEach(r -> corpus.set(r.name(), JSON.valueToTree(r.args())));
    h.set("generic", JSON.valueToTree(pc.generic()));
    h.set("invalid", JSON.valueToTree(pc.invalid()));
    return h;
  }

  private static ObjectNode setupRecord(Setup s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("setup", s.name());
    o.put("requests", s.fullCorpus() ? "all" : DEFAULTS);
    o.set("env", JSON.valueToTree(new TreeMap<>(s.env())));
    if (s.targets() != null) {
      o.set("targets", JSON.valueToTree(s.targets()));
    }
    return o;
  }

  /**
   * Moves the method and headers that most calls of a setup share into the setup record's {@code
   * callDefaults}, and drops them from the calls that have exactly those: they are the same for
   * nearly every call, and a call that differs keeps its own.
   */
  private static void hoistCallDefaults(ObjectNode setupRecord, List<ObjectNode> targetRecords) {
    ObjectNode defaults = setupRecord.putObject("callDefaults");
    for (String field : List.of("method", "headers")) {
      // Compared as text, so that a call whose headers come in another order keeps its own.
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (ObjectNode r : targetRecords) {
        r.get("calls").forEach(c -> counts.merge(compact(c.get(field)), 1, Integer::sum));
      }
      String common =
          counts.entrySet().stream()
              .max(Map.Entry.comparingByValue())
              .map(Map.Entry::getKey)
              .orElse(null);
      if (common == null) {
        setupRecord.remove("callDefaults");
        return;
      }
      for (ObjectNode r : targetRecords) {
        r.get("calls")
            .forEach(
                c -> {
                  if (compact(c.get(field)).equals(common)) {
                    defaults.set(field, c.get(field));
                    ((ObjectNode) c).remove(field);
                  }
                });
      }
    }
  }

  /** One explain invocation over several targets, in JSON and in text. */
  private record Run(
      Request request,
      int status,
      List<String> stderr,
      JsonNode targets,
      List<List<String>> parts) {

    List<ObjectNode> targetRecords(String setup) {
      List<ObjectNode> out = new ArrayList<>();
      if (targets == null) {
        return out;
      }
      for (int i = 0; i < targets.size(); i++) {
        JsonNode t = targets.get(i);
        ObjectNode r = JSON.createObjectNode();
        r.put("setup", setup);
        r.set("target", t.get("target"));
        r.put("request", request.name());
        ArrayNode calls = r.putArray("calls");
        List<String> summaries = parts.get(i);
        for (int c = 0; c < t.get("calls").size(); c++) {
          ObjectNode call = calls.addObject();
          call.put("part", summaries.get(c));
          call.setAll((ObjectNode) t.get("calls").get(c));
        }
        // every other field as explain printed it, in its order
        Iterator<Map.Entry<String, JsonNode>> fields = t.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> f = fields.next();
          if (!f.getKey().equals("target") && !f.getKey().equals("calls")) {
            r.set(f.getKey(), f.getValue());
          }
        }
        out.add(r);
      }
      return out;
    }
  }

  private static final Pattern TEXT_CALL = Pattern.compile("  call (\\d+) of (\\d+): (.*)");

  private static Run run(
      GenportRuntime app, Path config, String provider, List<String> targets, Request request) {
    List<String> args = new ArrayList<>(List.of("explain", "--config", config.toString()));
    for (String t : targets) {
      args.add("--target");
      args.add(provider + ":" + t);
    }
    args.addAll(request.args());
    List<String> jsonArgs = new ArrayList<>(args);
    jsonArgs.add("--json");
    jsonArgs.add(PROMPT);
    args.add(PROMPT);
    CliRun json = CliRun.run(() -> app, jsonArgs.toArray(String[]::new));
    CliRun text = CliRun.run(() -> app, args.toArray(String[]::new));
    String context = provider + " " + request.name();
    assertEquals(json.status(), text.status(), context + ": text and JSON exit statuses differ");
    assertEquals(json.err(), text.err(), context + ": text and JSON stderr differ");
    List<String> stderr =
        json.err().lines().filter(l -> !l.startsWith("genport: providers: ")).toList();
    if (json.out().isEmpty()) {
      assertTrue(text.out().isEmpty(), context + ": text output without JSON output");
      return new Run(request, json.status(), stderr, null, List.of());
    }
    JsonNode parsed;
    try {
      parsed = JSON.readTree(json.out()).get("targets");
    } catch (IOException e) {
      throw new AssertionError(context + ": explain --json printed no JSON: " + json.out(), e);
    }
    // The call summaries of the text output, per target, checked against the JSON's targets.
    List<String> textTargets = new ArrayList<>();
    List<List<String>> parts = new ArrayList<>();
    for (String line : text.out().split("\n", -1)) {
      if (line.startsWith("target ")) {
        textTargets.add(line.substring("target ".length()));
        parts.add(new ArrayList<>());
        continue;
      }
      Matcher m = TEXT_CALL.matcher(line);
      if (m.matches()) {
        parts.get(parts.size() - 1).add(m.group(3));
      }
    }
    List<String> jsonTargets = new ArrayList<>();
    parsed.forEach(t -> jsonTargets.add(t.get("target").asText()));
    assertEquals(jsonTargets, textTargets, context + ": text and JSON name different targets");
    for (int i = 0; i < parsed.size(); i++) {
      assertEquals(
          parsed.get(i).get("calls").size(),
          parts.get(i).size(),
          context + " " + jsonTargets.get(i) + ": text and JSON show different numbers of calls");
    }
    return new Run(request, json.status(), stderr, parsed, parts);
  }

  /**
   * The application as {@code Bootstrap.start} wires it, with a fixed clock, draws that do not
   * depend on their order, and a transport that counts attempts to send.
   */
  private static GenportRuntime runtime(Map<String, String> env, HttpTransport transport) {
    BootstrapSettings settings =
        new BootstrapSettings(
            env, Credentials.none(), ExplainGoldenTest.class.getClassLoader(), transport);
    EnvironmentConfiguration configuration = new EnvironmentConfiguration(settings.environment());
    LoadedProviders loaded =
        ProviderLoader.load(settings.classLoader(), configuration.factorySelections());
    return Guice.createInjector(
            Stage.PRODUCTION,
            Modules.override(new GenportModule(settings, configuration, loaded))
                .with(
                    new AbstractModule() {
                      @Override
                      protected void configure() {
                        bind(RandomGenerator.class).toInstance(new FixedDraws());
                        bind(Clock.class)
                            .toInstance(
                                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
                      }
                    }))
        .getInstance(GenportRuntime.class);
  }

  /**
   * Answers every draw from a fresh generator with a fixed seed: deterministic, and a draw does not
   * depend on the draws made before it (for other targets). The bounded draws are overridden
   * because the interface's defaults would loop forever on a generator that repeats one value.
   */
  static final class FixedDraws implements RandomGenerator {
    private static SplittableRandom fresh() {
      return new SplittableRandom(0x5EEDL);
    }

    @Override
    public long nextLong() {
      return fresh().nextLong();
    }

    @Override
    public long nextLong(long bound) {
      return fresh().nextLong(bound);
    }

    @Override
    public long nextLong(long origin, long bound) {
      return fresh().nextLong(origin, bound);
    }

    @Override
    public int nextInt() {
      return fresh().nextInt();
    }

    @Override
    public int nextInt(int bound) {
      return fresh().nextInt(bound);
    }

    @Override
    public int nextInt(int origin, int bound) {
      return fresh().nextInt(origin, bound);
    }

    @Override
    public double nextGaussian() {
      return fresh().nextGaussian();
    }

    @Override
    public double nextExponential() {
      return fresh().nextExponential();
    }
  }

  /** Refuses like the offline transport, and counts the attempts so that the test can fail. */
  private static final class SendRefusingTransport implements HttpTransport {
    final AtomicInteger sends = new AtomicInteger();

    @Override
    public CompletableFuture<HttpResponse> send(HttpRequest request) {
      sends.incrementAndGet();
      return CompletableFuture.failedFuture(
          new IllegalStateException("explain must not send " + request.method()));
    }
  }

  // ---- the file layout

  /**
   * One record as JSON, laid out for diffs: the scalar fields before the first container on the
   * first line, every later field on a line of its own, and each element of a non-empty array or
   * object on a line of its own.
   */
  static String layout(ObjectNode record) {
    StringBuilder b = new StringBuilder("{");
    boolean firstLine = true;
    boolean first = true;
    Iterator<Map.Entry<String, JsonNode>> fields = record.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode v = f.getValue();
      boolean expand = v.isContainerNode() && !v.isEmpty();
      firstLine &= !expand;
      if (!first) {
        b.append(firstLine ? "," : ",\n ");
      } else if (!firstLine) {
        b.append("\n ");
      }
      first = false;
      b.append(compact(JSON.getNodeFactory().textNode(f.getKey()))).append(':');
      b.append(expand ? container(v) : compact(v));
    }
    return b.append("}").toString();
  }

  private static String container(JsonNode v) {
    List<String> items = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(e -> items.add(compact(e)));
      return "[\n  " + String.join(",\n  ", items) + "]";
    }
    v.fields()
        .forEachRemaining(
            f ->
                items.add(
                    compact(JSON.getNodeFactory().textNode(f.getKey()))
                        + ":"
                        + compact(f.getValue())));
    return "{\n  " + String.join(",\n  ", items) + "}";
  }

  private static String compact(JsonNode v) {
    try {
      return JSON.writeValueAsString(v);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- comparing

  private static void compare(String provider, String expected, String actual) throws IOException {
    Map<String, JsonNode> want = records(expected);
    Map<String, JsonNode> got = records(actual);
    List<String> problems = new ArrayList<>();
    Set<String> keys = new LinkedHashSet<>(want.keySet());
    keys.addAll(got.keySet());
    for (String key : keys) {
      JsonNode w = want.get(key);
      JsonNode g = got.get(key);
      if (g == null) {
        problems.add(key + ": in the golden file but no longer produced");
      } else if (w == null) {
        problems.add(key + ": produced but not in the golden file: " + brief(g));
      } else {
        String d = firstDifference("", w, g);
        if (d != null) {
          problems.add(key + ": " + d);
        }
      }
    }
    if (problems.isEmpty() && !expected.equals(actual)) {
      List<String> e = expected.lines().toList();
      List<String> a = actual.lines().toList();
      int line = 0;
      while (line < Math.min(e.size(), a.size()) && e.get(line).equals(a.get(line))) {
        line++;
      }
      problems.add(
          "every record is equal, but the order of records or fields differs, first at line "
              + (line + 1)
              + ": expected "
              + (line < e.size() ? clip(e.get(line)) : "end of file")
              + " but was "
              + (line < a.size() ? clip(a.get(line)) : "end of file"));
    }
    if (!problems.isEmpty()) {
      StringBuilder m =
          new StringBuilder(
              "explain output of provider '"
                  + provider
                  + "' differs from "
                  + DIR.resolve(provider + ".golden")
                  + " in "
                  + problems.size()
                  + " record(s):\n");
      problems.stream().limit(MAX_REPORTED).forEach(p -> m.append("  ").append(p).append('\n'));
      if (problems.size() > MAX_REPORTED) {
        m.append("  ... and ").append(problems.size() - MAX_REPORTED).append(" more\n");
      }
      m.append("The whole output is in ")
          .append(ACTUAL.resolve(provider + ".golden"))
          .append(". If the change is intended, regenerate with -D")
          .append(UPDATE)
          .append("=true and review the diff (see ExplainGoldenTest's javadoc).");
      fail(m.toString());
    }
  }

  /** The records of a golden text by key: setup, target (or run) and request. */
  private static Map<String, JsonNode> records(String text) throws IOException {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNext()) {
        JsonNode r = it.next();
        String key;
        if (r.has("golden")) {
          key = "header";
        } else if (r.has("target")) {
          key =
              "setup "
                  + r.path("setup").asText()
                  + ", target "
                  + r.path("target").asText()
                  + ", request "
                  + r.path("request").asText();
        } else {
          key = "setup " + r.path("setup").asText();
        }
        if (out.put(key, r) != null) {
          throw new AssertionError("two records for " + key);
        }
      }
    }
    return out;
  }

  /** The JSON pointer of the first difference, with both values; {@code null} when equal. */
  static String firstDifference(String path, JsonNode expected, JsonNode actual) {
    if (expected.equals(actual)) {
      return null;
    }
    String at = path.isEmpty() ? "/" : path;
    if (expected.isObject() && actual.isObject()) {
      Iterator<String> names = expected.fieldNames();
      while (names.hasNext()) {
        String n = names.next();
        String p = path + "/" + n;
        if (!actual.has(n)) {
          return p + ": missing, expected " + brief(expected.get(n));
        }
        String d = firstDifference(p, expected.get(n), actual.get(n));
        if (d != null) {
          return d;
        }
      }
      Iterator<String> extra = actual.fieldNames();
      while (extra.hasNext()) {
        String n = extra.next();
        if (!expected.has(n)) {
          return path + "/" + n + ": unexpected field, was " + brief(actual.get(n));
        }
      }
    }
    if (expected.isArray() && actual.isArray()) {
      for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
        String d = firstDifference(path + "/" + i, expected.get(i), actual.get(i));
        if (d != null) {
          return d;
        }
      }
      return at + ": expected " + expected.size() + " elements but was " + actual.size();
    }
    return at + ": expected " + brief(expected) + " but was " + brief(actual);
  }

  private static String brief(JsonNode v) {
    return clip(compact(v));
  }

  private static String clip(String s) {
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }
}
