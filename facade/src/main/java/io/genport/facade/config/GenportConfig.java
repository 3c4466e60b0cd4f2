package io.genport.facade.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.genport.core.application.CircuitBreakerSettings;
import io.genport.core.application.FleetPolicy;
import io.genport.core.application.HedgingSettings;
import io.genport.core.application.RetryBudgetSettings;
import io.genport.core.application.RetryPolicy;
import io.genport.core.application.RouterSettings;
import io.genport.core.application.SpendCeiling;
import io.genport.core.domain.Cost;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.Target;
import io.genport.core.port.RateLimit;
import io.genport.core.port.SpendPeriod;
import io.genport.facade.EnvironmentConfiguration;
import io.genport.spi.catalog.CatalogFormatException;
import io.genport.spi.catalog.ModelCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The optional configuration file {@code genport.yaml}: named routes with their router policy,
 * per-provider options and custom model specs. Immutable.
 *
 * <p>Loading is strict: an unknown key, a value of the wrong type or out of range, a provider
 * option that looks like a secret, or a model spec that the catalog format refuses fails the load
 * with an {@link InvalidRequestException} whose field is the file and the YAML path of the value,
 * e.g. {@code genport.yaml routes.main[1].weight}.
 *
 * @param source where the file was read from, or {@code null} when there is no file
 * @param routes the routes by name, in file order
 * @param providers each provider's options ({@code ProviderConfig} keys such as {@code base-url}),
 *     by provider name
 * @param models the custom model specs of each provider, validated in the catalog format, by
 *     provider name; each provider also receives them as its {@code models} option and merges them
 *     over its built-in catalog, so a target can name them
 * @param fleet the shared fleet state and its policy ({@code fleet}); {@link FleetConfig#NONE} when
 *     the file has no such block
 * @param imageDirectory where received images are written as files ({@code images.directory},
 *     relative to the file's folder), or {@code null} to keep them in memory
 */
public record GenportConfig(
    Path source,
    Map<String, RouteConfig> routes,
    Map<String, Map<String, String>> providers,
    Map<String, ModelCatalog> models,
    FleetConfig fleet,
    Path imageDirectory) {

  /** The file looked for in the working directory when {@code --config} is not given. */
  public static final String DEFAULT_FILE = "genport.yaml";

  private static final Pattern SECRET_LIKE = Pattern.compile("(?i).*(key|token|secret|password).*");
  private static final Pattern OPTION_KEY = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final List<String> ROUTE_KEYS =
      List.of(
          "targets",
          "deadline",
          "retry",
          "budget",
          "circuitBreaker",
          "hedging",
          "resubmitAmbiguous",
          "failoverOnContentRejection");

  public GenportConfig {
    routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    Map<String, Map<String, String>> p = new LinkedHashMap<>();
    providers.forEach((k, v) -> p.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
    providers = Collections.unmodifiableMap(p);
    models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    fleet = fleet == null ? FleetConfig.NONE : fleet;
  }

  /** A configuration without an {@code images} block. */
  public GenportConfig(
      Path source,
      Map<String, RouteConfig> routes,
      Map<String, Map<String, String>> providers,
      Map<String, ModelCatalog> models,
      FleetConfig fleet) {
    this(source, routes, providers, models, fleet, null);
  }

  /** A configuration without a {@code fleet} block. */
  public GenportConfig(
      Path source,
      Map<String, RouteConfig> routes,
      Map<String, Map<String, String>> providers,
      Map<String, ModelCatalog> models) {
    this(source, routes, providers, models, FleetConfig.NONE);
  }

  /** No file: no routes, no provider options, no models. */
  public static GenportConfig empty() {
    return new GenportConfig(null, Map.of(), Map.of(), Map.of());
  }

  /**
   * The configuration in effect: {@code explicit} when given (it must exist), else {@code
   * genport.yaml} in {@code workingDirectory} when present, else {@link #empty()}.
   *
   * @throws InvalidRequestException naming {@code config} when {@code explicit} does not exist, or
   *     naming the YAML path of an invalid value
   */
  public static GenportConfig resolve(Path explicit, Path workingDirectory) {
    if (explicit != null) {
      if (!Files.isRegularFile(explicit)) {
        throw new InvalidRequestException("config", "no such file: " + explicit);
      }
      return load(explicit);
    }
    Path implicit = workingDirectory.resolve(DEFAULT_FILE);
    return Files.isRegularFile(implicit) ? load(implicit) : empty();
  }

  /** Reads and validates {@code file}. */
  public static GenportConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new InvalidRequestException("config", "cannot read " + file + ": " + e.getMessage());
    }
    return parse(text, file);
  }

  /**
   * Parses YAML text.
   *
   * @param source names the file in errors; {@code genport.yaml} when null
   */
  public static GenportConfig parse(String yaml, Path source) {
    String name = source == null ? DEFAULT_FILE : source.toString();
    YAMLMapper mapper = new YAMLMapper();
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    JsonNode root;
    try {
      root = mapper.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw ConfigException.at(
          name,
          "",
          "not valid YAML: "
              + e.getOriginalMessage()
              + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
    }
    return new Parser(name).root(root, source);
  }

  /** The route called {@code name}. */
  public RouteConfig route(String name) {
    RouteConfig r = routes.get(name);
    if (r == null) {
      throw new InvalidRequestException(
          "route",
          "no route '"
              + name
              + "' "
              + (source == null
                  ? "(no " + DEFAULT_FILE + " found; give one with --config FILE)"
                  : "in "
                      + source
                      + (routes.isEmpty()
                          ? " (it defines no routes)"
                          : "; routes: " + String.join(", ", routes.keySet()))));
    }
    return r;
  }

  /**
   * The provider options as {@code GENPORT_<PROVIDER>_<KEY>} environment variables, the form {@link
   * EnvironmentConfiguration} turns into {@code ProviderConfig} keys.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new TreeMap<>();
    providers.forEach(
        (provider, options) ->
            options.forEach((k, v) -> env.put(EnvironmentConfiguration.variable(provider, k), v)));
    if (imageDirectory != null) {
      env.put(io.genport.facade.ConfigurationKeys.IMAGE_DIR_VARIABLE, imageDirectory.toString());
    }
    return env;
  }

  /** Walks the tree, naming the YAML path of every problem. */
  private static final class Parser {
    private final String source;

    Parser(String source) {
      this.source = source;
    }

    private InvalidRequestException error(String path, String problem) {
      return ConfigException.at(source, path, problem);
    }

    GenportConfig root(JsonNode root, Path file) {
      if (root == null || root.isMissingNode() || root.isNull()) {
        return new GenportConfig(file, Map.of(), Map.of(), Map.of());
      }
      ObjectNode o = object(root, "");
      keys(o, "", List.of("routes", "providers", "models", "fleet", "images"));
      Map<String, RouteConfig> routes = new LinkedHashMap<>();
      if (o.has("routes")) {
        each(object(o.get("routes"), "routes"), "routes", (n, v) -> routes.put(n, route(n, v)));
      }
      Map<String, Map<String, String>> providers = new LinkedHashMap<>();
      if (o.has("providers")) {
        each(
            object(o.get("providers"), "providers"),
            "providers",
            (n, v) -> providers.put(n, providerOptions(n, v)));
      }
      Map<String, ModelCatalog> models = new LinkedHashMap<>();
      if (o.has("models")) {
        each(object(o.get("models"), "models"), "models", (n, v) -> models.put(n, models(n, v)));
      }
      // Custom models reach their provider as its "models" option (catalog JSON), which every
      // provider merges over its built-in catalog (ModelCatalog#withConfiguredModels).
      modelJson.forEach(
          (provider, json) -> {
            Map<String, String> options =
                new LinkedHashMap<>(providers.getOrDefault(provider, Map.of()));
            options.put(ModelCatalog.CONFIG_KEY, json);
            providers.put(provider, options);
          });
      FleetConfig fleet = o.has("fleet") ? fleet(o.get("fleet")) : FleetConfig.NONE;
      Path imageDirectory = o.has("images") ? imageDirectory(o.get("images"), file) : null;
      return new GenportConfig(file, routes, providers, models, fleet, imageDirectory);
    }

    /** {@code images.directory}: a path, relative to the file's folder when not absolute. */
    private Path imageDirectory(JsonNode node, Path file) {
      ObjectNode o = object(node, "images");
      keys(o, "images", List.of("directory"));
      if (!o.has("directory")) {
        return null;
      }
      String dir = text(o.get("directory"), "images.directory").strip();
      if (dir.isEmpty()) {
        throw error("images.directory", "must not be blank; leave it out to keep images in memory");
      }
      try {
        Path p = Path.of(dir);
        Path base = file == null ? null : file.toAbsolutePath().getParent();
        return p.isAbsolute() || base == null ? p : base.resolve(p);
      } catch (java.nio.file.InvalidPathException e) {
        throw error("images.directory", "'" + dir + "' is not a directory path: " + e.getReason());
      }
    }

    private FleetConfig fleet(JsonNode node) {
      ObjectNode o = object(node, "fleet");
      keys(o, "fleet", List.of("redisUrl", "rateLimits", "costPerImage", "ceilings", "owner"));
      String url = null;
      if (o.has("redisUrl")) {
        url = text(o.get("redisUrl"), "fleet.redisUrl").strip();
        if (url.contains("@")) {
          // genport.yaml never holds credentials; the password goes in the environment.
          throw error(
              "fleet.redisUrl",
              "holds credentials; genport.yaml does not: set the whole URL in "
                  + io.genport.facade.ConfigurationKeys.REDIS_URL_VARIABLE
                  + " instead");
        }
      }
      FleetPolicy.Builder policy = FleetPolicy.builder();
      boolean[] any = {false};
      if (o.has("rateLimits")) {
        each(
            object(o.get("rateLimits"), "fleet.rateLimits"),
            "fleet.rateLimits",
            (vendor, v) -> {
              String p = "fleet.rateLimits." + vendor;
              ObjectNode r = object(v, p);
              keys(r, p, List.of("permits", "per", "burst"));
              int permits = integer(r.get("permits"), p + ".permits", 1, 1_000_000);
              Duration per =
                  r.has("per") ? duration(r.get("per"), p + ".per") : Duration.ofSeconds(1);
              int burst =
                  r.has("burst")
                      ? integer(r.get("burst"), p + ".burst", 1, 1_000_000)
                      : Math.max(1, permits / 10);
              try {
                policy.rateLimit(vendor, new RateLimit(permits, per, burst));
              } catch (IllegalArgumentException e) {
                throw error(p, e.getMessage());
              }
              any[0] = true;
            });
      }
      if (o.has("costPerImage")) {
        each(
            object(o.get("costPerImage"), "fleet.costPerImage"),
            "fleet.costPerImage",
            (target, v) -> {
              String p = "fleet.costPerImage." + target;
              ObjectNode c = object(v, p);
              keys(c, p, List.of("amount", "unit"));
              policy.costPerImage(target, cost(c, p, "unit"));
              any[0] = true;
            });
      }
      if (o.has("ceilings")) {
        each(
            object(o.get("ceilings"), "fleet.ceilings"),
            "fleet.ceilings",
            (unit, v) -> {
              String p = "fleet.ceilings." + unit;
              ObjectNode c = object(v, p);
              keys(c, p, List.of("amount", "period"));
              JsonNode amount = c.get("amount");
              if (amount == null || !amount.isNumber() || amount.decimalValue().signum() <= 0) {
                throw error(p + ".amount", "must be a positive number, was " + kind(amount));
              }
              String period = c.has("period") ? text(c.get("period"), p + ".period") : "day";
              SpendPeriod sp;
              try {
                sp = SpendPeriod.valueOf(period.toUpperCase(java.util.Locale.ROOT));
              } catch (IllegalArgumentException e) {
                throw error(p + ".period", "must be hour, day or month, was '" + period + "'");
              }
              try {
                policy.ceiling(new SpendCeiling(new Cost(amount.decimalValue(), unit), sp));
              } catch (RuntimeException e) {
                throw error(p, String.valueOf(e.getMessage()));
              }
              any[0] = true;
            });
      }
      if (o.has("owner")) {
        policy.owner(text(o.get("owner"), "fleet.owner"));
        any[0] = true;
      }
      try {
        return new FleetConfig(url, policy.build(), any[0]);
      } catch (InvalidRequestException e) {
        throw error(e.field(), e.getMessage());
      }
    }

    private Cost cost(ObjectNode c, String p, String unitKey) {
      JsonNode amount = c.get("amount");
      if (amount == null || !amount.isNumber() || amount.decimalValue().signum() < 0) {
        throw error(p + ".amount", "must be a number, zero or more, was " + kind(amount));
      }
      String unit = text(c.get(unitKey), p + "." + unitKey);
      try {
        return new Cost(amount.decimalValue(), unit);
      } catch (RuntimeException e) {
        throw error(p, String.valueOf(e.getMessage()));
      }
    }

    private RouteConfig route(String name, JsonNode node) {
      String path = "routes." + name;
      JsonNode targets;
      ObjectNode settings = null;
      String targetsPath;
      if (node != null && node.isArray()) {
        targets = node;
        targetsPath = path;
      } else {
        settings = object(node, path);
        keys(settings, path, ROUTE_KEYS);
        targets = settings.get("targets");
        targetsPath = path + ".targets";
        if (targets == null) {
          throw error(
              targetsPath, "missing; list the route's targets, e.g. - target: PROVIDER:MODEL");
        }
      }
      if (!targets.isArray() || targets.isEmpty()) {
        throw error(targetsPath, "must be a non-empty list of targets");
      }
      List<RouteConfig.TargetConfig> out = new ArrayList<>();
      Set<Target> seen = new HashSet<>();
      int weightedCount = 0;
      for (int i = 0; i < targets.size(); i++) {
        String p = targetsPath + "[" + i + "]";
        JsonNode t = targets.get(i);
        JsonNode targetText;
        Integer weight = null;
        if (t.isTextual()) {
          targetText = t;
        } else {
          ObjectNode to = object(t, p);
          keys(to, p, List.of("target", "weight"));
          targetText = to.get("target");
          if (targetText == null) {
            throw error(p + ".target", "missing; give PROVIDER:MODEL (see genport models)");
          }
          if (to.has("weight")) {
            weight = integer(to.get("weight"), p + ".weight", 0, 1_000_000);
            weightedCount++;
          }
        }
        Target target;
        try {
          target = Target.parse(text(targetText, p + (t.isTextual() ? "" : ".target")));
        } catch (InvalidRequestException e) {
          throw error(p + (t.isTextual() ? "" : ".target"), e.getMessage());
        }
        if (!seen.add(target)) {
          throw error(p, "names " + target + " twice in the route");
        }
        out.add(new RouteConfig.TargetConfig(target, weight == null ? 1 : weight));
      }
      boolean weighted = weightedCount > 0;
      if (weighted && weightedCount < out.size()) {
        throw error(targetsPath, "give every target a weight, or none (weight 0 is a fallback)");
      }
      if (weighted && out.stream().allMatch(t -> t.weight() == 0)) {
        throw error(targetsPath, "a weighted route needs at least one target of positive weight");
      }
      return new RouteConfig(name, out, weighted, settings(settings, path));
    }

    private RouterSettings settings(ObjectNode o, String path) {
      if (o == null) {
        return RouterSettings.defaults();
      }
      try {
        RouterSettings.Builder b = RouterSettings.builder();
        if (o.has("deadline")) {
          b.deadline(duration(o.get("deadline"), path + ".deadline"));
        }
        RetryPolicy.Builder r = RetryPolicy.builder();
        if (o.has("retry")) {
          String p = path + ".retry";
          ObjectNode ro = object(o.get("retry"), p);
          keys(
              ro,
              p,
              List.of(
                  "maxAttempts", "initialBackoff", "maxBackoff", "multiplier", "retryAfterCap"));
          ifPresent(ro, "maxAttempts", n -> r.maxAttempts(integer(n, p + ".maxAttempts")));
          ifPresent(
              ro, "initialBackoff", n -> r.initialBackoff(duration(n, p + ".initialBackoff")));
          ifPresent(ro, "maxBackoff", n -> r.maxBackoff(duration(n, p + ".maxBackoff")));
          ifPresent(ro, "multiplier", n -> r.multiplier(number(n, p + ".multiplier")));
          ifPresent(ro, "retryAfterCap", n -> r.retryAfterCap(duration(n, p + ".retryAfterCap")));
        }
        if (o.has("budget")) {
          String p = path + ".budget";
          ObjectNode bo = object(o.get("budget"), p);
          keys(bo, p, List.of("tokenRatio", "maxTokens"));
          RetryBudgetSettings d = RetryBudgetSettings.defaults();
          r.budget(
              new RetryBudgetSettings(
                  bo.has("tokenRatio")
                      ? number(bo.get("tokenRatio"), p + ".tokenRatio")
                      : d.tokenRatio(),
                  bo.has("maxTokens")
                      ? integer(bo.get("maxTokens"), p + ".maxTokens")
                      : d.maxTokens()));
        }
        b.retry(r.build());
        if (o.has("circuitBreaker")) {
          String p = path + ".circuitBreaker";
          ObjectNode co = object(o.get("circuitBreaker"), p);
          keys(
              co,
              p,
              List.of(
                  "enabled",
                  "consecutiveFailures",
                  "failureRateThreshold",
                  "minimumCalls",
                  "window",
                  "baseCooldown",
                  "maxCooldown",
                  "probes"));
          CircuitBreakerSettings.Builder c = CircuitBreakerSettings.builder();
          ifPresent(co, "enabled", n -> c.enabled(bool(n, p + ".enabled")));
          ifPresent(
              co,
              "consecutiveFailures",
              n -> c.consecutiveFailures(integer(n, p + ".consecutiveFailures")));
          ifPresent(
              co,
              "failureRateThreshold",
              n -> c.failureRateThreshold(number(n, p + ".failureRateThreshold")));
          ifPresent(co, "minimumCalls", n -> c.minimumCalls(integer(n, p + ".minimumCalls")));
          ifPresent(co, "window", n -> c.window(duration(n, p + ".window")));
          ifPresent(co, "baseCooldown", n -> c.baseCooldown(duration(n, p + ".baseCooldown")));
          ifPresent(co, "maxCooldown", n -> c.maxCooldown(duration(n, p + ".maxCooldown")));
          ifPresent(co, "probes", n -> c.probes(integer(n, p + ".probes")));
          b.circuitBreaker(c.build());
        }
        if (o.has("hedging")) {
          String p = path + ".hedging";
          ObjectNode ho = object(o.get("hedging"), p);
          keys(ho, p, List.of("enabled", "delay"));
          boolean enabled = !ho.has("enabled") || bool(ho.get("enabled"), p + ".enabled");
          Duration delay =
              ho.has("delay")
                  ? duration(ho.get("delay"), p + ".delay")
                  : HedgingSettings.DEFAULT_DELAY;
          b.hedging(new HedgingSettings(enabled, delay));
        }
        ifPresent(
            o, "resubmitAmbiguous", n -> b.resubmitAmbiguous(bool(n, path + ".resubmitAmbiguous")));
        ifPresent(
            o,
            "failoverOnContentRejection",
            n -> b.failoverOnContentRejection(bool(n, path + ".failoverOnContentRejection")));
        return b.build();
      } catch (InvalidRequestException e) {
        if (e.field().startsWith(source + " ")) {
          throw e;
        }
        // A range check of the router's own records: its field names match the YAML keys.
        String field = e.field().startsWith("retry.budget.") ? e.field().substring(6) : e.field();
        String problem = e.getMessage().substring(e.field().length() + 2);
        throw error(path + "." + field, problem);
      }
    }

    private Map<String, String> providerOptions(String provider, JsonNode node) {
      String path = "providers." + provider;
      ObjectNode o = object(node, path);
      Map<String, String> out = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        String p = path + "." + key;
        if (SECRET_LIKE.matcher(key).matches()) {
          throw error(
              p,
              "looks like a secret; genport.yaml does not hold credentials: set them in the"
                  + " environment, under the names the provider looks them up by, instead");
        }
        if (!OPTION_KEY.matcher(key).matches()) {
          throw error(p, "option keys are lower-case words joined by '-', e.g. base-url");
        }
        JsonNode v = e.getValue();
        if (v == null || !v.isValueNode() || v.isNull()) {
          throw error(p, "must be a text, number or boolean value");
        }
        out.put(key, v.asText());
      }
      return out;
    }

    private final Map<String, String> modelJson = new LinkedHashMap<>();

    private ModelCatalog models(String provider, JsonNode node) {
      String path = "models." + provider;
      JsonNode catalog;
      if (node != null && node.isArray()) {
        ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
        wrapped.put("provider", provider);
        wrapped.set("models", node);
        catalog = wrapped;
      } else {
        ObjectNode o = object(node, path);
        JsonNode p = o.get("provider");
        if (p != null && !provider.equals(p.asText())) {
          throw error(path + ".provider", "must be '" + provider + "' or left out");
        }
        catalog = o;
      }
      String name = source + " " + path;
      try {
        ModelCatalog parsed = ModelCatalog.parseConfigured(catalog, name);
        modelJson.put(provider, catalog.toString());
        return parsed;
      } catch (CatalogFormatException e) {
        String prefix =
            "catalog "
                + name
                + (e.model() == null ? "" : ", model '" + e.model() + "'")
                + ", field "
                + e.field()
                + ": ";
        String msg = e.getMessage();
        throw error(
            path + (e.model() == null ? "" : "['" + e.model() + "']") + "." + e.field(),
            msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg);
      } catch (IllegalArgumentException e) {
        throw error(path, String.valueOf(e.getMessage()));
      }
    }

    private ObjectNode object(JsonNode node, String path) {
      if (node == null || !node.isObject()) {
        throw error(path, "must be a mapping (key: value lines), was " + kind(node));
      }
      return (ObjectNode) node;
    }

    private void keys(ObjectNode o, String path, List<String> allowed) {
      Iterator<String> it = o.fieldNames();
      while (it.hasNext()) {
        String k = it.next();
        if (!allowed.contains(k)) {
          throw error(
              path.isEmpty() ? k : path + "." + k,
              "unknown key; allowed: " + String.join(", ", allowed));
        }
      }
    }

    private interface Entry {
      void accept(String name, JsonNode value);
    }

    private void each(ObjectNode o, String path, Entry entry) {
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().isBlank()) {
          throw error(path, "names must not be empty");
        }
        entry.accept(e.getKey(), e.getValue());
      }
    }

    private static void ifPresent(ObjectNode o, String key, Consumer<JsonNode> action) {
      if (o.has(key)) {
        action.accept(o.get(key));
      }
    }

    private String text(JsonNode n, String path) {
      if (n == null || !n.isTextual() || n.asText().isBlank()) {
        throw error(path, "must be a text, was " + kind(n));
      }
      return n.asText();
    }

    private int integer(JsonNode n, String path) {
      if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
        throw error(path, "must be a whole number, was " + kind(n));
      }
      return n.intValue();
    }

    private int integer(JsonNode n, String path, int min, int max) {
      int v = integer(n, path);
      if (v < min || v > max) {
        throw error(path, "must be in " + min + ".." + max + ", was " + v);
      }
      return v;
    }

    private double number(JsonNode n, String path) {
      if (n == null || !n.isNumber()) {
        throw error(path, "must be a number, was " + kind(n));
      }
      return n.doubleValue();
    }

    private boolean bool(JsonNode n, String path) {
      if (n == null || !n.isBoolean()) {
        throw error(path, "must be true or false, was " + kind(n));
      }
      return n.booleanValue();
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, ISO-8601 ({@code PT30S}) or seconds. */
    private Duration duration(JsonNode n, String path) {
      if (n != null && n.isNumber()) {
        return Durations.ofSeconds(n.doubleValue());
      }
      if (n != null && n.isTextual()) {
        Optional<Duration> d = Durations.parse(n.asText());
        if (d.isPresent()) {
          return d.get();
        }
      }
      throw error(path, "must be a duration such as " + Durations.EXAMPLES + ", was " + kind(n));
    }

    private static String kind(JsonNode n) {
      if (n == null || n.isMissingNode()) {
        return "missing";
      }
      if (n.isNull()) {
        return "empty";
      }
      if (n.isObject()) {
        return "a mapping";
      }
      if (n.isArray()) {
        return "a list";
      }
      return "'" + n.asText() + "'";
    }
  }

  /** Never shows option values. */
  @Override
  public String toString() {
    return "GenportConfig["
        + (source == null ? "no file" : source)
        + ", routes "
        + routes.keySet()
        + "]";
  }
}
