package io.genport.architecture;

import static java.util.stream.Collectors.toCollection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.genport.archfixtures.corelayering.core.domain.DomainUsingApplication;
import io.genport.archfixtures.corelayering.core.domain.DomainUsingPort;
import io.genport.archfixtures.corelayering.core.domain.PureValue;
import io.genport.archfixtures.corelayering.core.port.PortUsingApplication;
import io.genport.archfixtures.corelayering.core.port.PortUsingDomain;
import io.genport.archfixtures.corepurity.core.application.ApplicationUsingSpi;
import io.genport.archfixtures.corepurity.core.domain.DomainUsingGuice;
import io.genport.archfixtures.corepurity.core.domain.DomainUsingJackson;
import io.genport.archfixtures.corepurity.core.domain.Prompt;
import io.genport.archfixtures.corepurity.core.port.CleanPort;
import io.genport.archfixtures.guiceplacement.bootstrap.GenportModule;
import io.genport.archfixtures.guiceplacement.simulators.CleanSimulator;
import io.genport.archfixtures.guiceplacement.simulators.SimulatorModule;
import io.genport.archfixtures.guiceplacement.transport.httpclient5.TransportWithInject;
import io.genport.archfixtures.httpclientplacement.bootstrap.BootstrapUsingHttpClient;
import io.genport.archfixtures.httpclientplacement.bootstrap.CleanBootstrap;
import io.genport.archfixtures.httpclientplacement.simulators.SimulatorUsingHttpCore;
import io.genport.archfixtures.httpclientplacement.transport.httpclient5.HttpClient5Transport;
import io.genport.archfixtures.modulemap.RootLevelUtility;
import io.genport.archfixtures.modulemap.core.domain.negotiation.Negotiator;
import io.genport.archfixtures.modulemap.provider.LooseProviderHelper;
import io.genport.archfixtures.modulemap.provider.fal.FalProvider;
import io.genport.archfixtures.modulemap.providers.fal.MisplacedProvider;
import io.genport.archfixtures.providerforbidden.provider.alpha.AlphaUsingApplication;
import io.genport.archfixtures.providerforbidden.provider.alpha.AlphaUsingHttpClient;
import io.genport.archfixtures.providerforbidden.provider.beta.BetaClean;
import io.genport.archfixtures.providerforbidden.provider.beta.BetaUsingGuice;
import io.genport.archfixtures.providerisolation.provider.alpha.AlphaProvider;
import io.genport.archfixtures.providerisolation.provider.gamma.GammaProvider;
import io.genport.archfixtures.spiallowlist.spi.SpiUsingBootstrap;
import io.genport.archfixtures.spiallowlist.spi.SpiUsingProvider;
import io.genport.archfixtures.spiisolation.spi.CleanSpi;
import io.genport.archfixtures.spiisolation.spi.SpiUsingApplication;
import io.genport.archfixtures.spiisolation.spi.SpiUsingGuice;
import io.genport.archfixtures.spiisolation.spi.SpiUsingHttpClient;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves every rule of {@link GenportArchitectureRules} bites: applied to its fixture root under
 * {@code io.genport.archfixtures}, it reports each deliberately violating class and none of the
 * compliant ones; applied to the fully compliant root, no rule reports anything (and, with {@code
 * failOnEmptyShould} on, every rule selects something there).
 */
class ArchitectureRulesBiteTest {

  private static final String FIXTURES = "io.genport.archfixtures";
  private static final String COMPLIANT_ROOT = FIXTURES + ".compliant";

  /** Imported fixture roots; scanning the class path is the slow part. */
  private static final Map<String, JavaClasses> IMPORTS = new ConcurrentHashMap<>();

  /**
   * One rule against one fixture root.
   *
   * @param rule name of the factory method in {@link GenportArchitectureRules}
   * @param violators classes the rule must report
   * @param compliant classes under the same root the rule judges (or could judge) and must not
   *     report; never the target of a violating dependency, which a report names legitimately
   */
  record Bite(
      String rule,
      Function<String, ArchRule> factory,
      String fixture,
      List<Class<?>> violators,
      List<Class<?>> compliant) {

    String root() {
      return FIXTURES + "." + fixture;
    }

    @Override
    public String toString() {
      return rule + " on archfixtures." + fixture;
    }
  }

  static Stream<Bite> bites() {
    return Stream.of(
        new Bite(
            "coreDependsOnlyOnJdkSlf4jAndItself",
            GenportArchitectureRules::coreDependsOnlyOnJdkSlf4jAndItself,
            "corepurity",
            List.of(DomainUsingGuice.class, DomainUsingJackson.class, ApplicationUsingSpi.class),
            List.of(CleanPort.class, Prompt.class)),
        new Bite(
            "spiNeverSeesApplicationHttpClientOrGuice",
            GenportArchitectureRules::spiNeverSeesApplicationHttpClientOrGuice,
            "spiisolation",
            List.of(SpiUsingApplication.class, SpiUsingHttpClient.class, SpiUsingGuice.class),
            List.of(CleanSpi.class)),
        new Bite(
            "spiDependsOnlyOnCoreDomainPortJacksonSlf4jAndJdk",
            GenportArchitectureRules::spiDependsOnlyOnCoreDomainPortJacksonSlf4jAndJdk,
            "spiallowlist",
            List.of(SpiUsingProvider.class, SpiUsingBootstrap.class),
            List.of(io.genport.archfixtures.spiallowlist.spi.CleanSpi.class)),
        new Bite(
            "toolkitDependsOnlyOnSpiCoreDomainPortJacksonSlf4jAndJdk",
            GenportArchitectureRules::toolkitDependsOnlyOnSpiCoreDomainPortJacksonSlf4jAndJdk,
            "toolkitallowlist",
            List.of(
                io.genport.archfixtures.toolkitallowlist.toolkit.ToolkitUsingProvider.class,
                io.genport.archfixtures.toolkitallowlist.toolkit.ToolkitUsingApplication.class),
            List.of(io.genport.archfixtures.toolkitallowlist.toolkit.CleanToolkit.class)),
        new Bite(
            "providersDoNotDependOnEachOther",
            GenportArchitectureRules::providersDoNotDependOnEachOther,
            "providerisolation",
            List.of(AlphaProvider.class),
            List.of(GammaProvider.class)),
        new Bite(
            "providersNeverSeeApplicationGuiceOrHttpClient",
            GenportArchitectureRules::providersNeverSeeApplicationGuiceOrHttpClient,
            "providerforbidden",
            List.of(AlphaUsingApplication.class, AlphaUsingHttpClient.class, BetaUsingGuice.class),
            List.of(BetaClean.class)),
        new Bite(
            "guiceOnlyInBootstrap",
            GenportArchitectureRules::guiceOnlyInBootstrap,
            "guiceplacement",
            List.of(SimulatorModule.class, TransportWithInject.class),
            List.of(GenportModule.class, CleanSimulator.class)),
        new Bite(
            "httpClientOnlyInTransportHttpClient5",
            GenportArchitectureRules::httpClientOnlyInTransportHttpClient5,
            "httpclientplacement",
            List.of(BootstrapUsingHttpClient.class, SimulatorUsingHttpCore.class),
            List.of(HttpClient5Transport.class, CleanBootstrap.class)),
        new Bite(
            "coreDomainIndependentOfPortAndApplication",
            GenportArchitectureRules::coreDomainIndependentOfPortAndApplication,
            "corelayering",
            List.of(DomainUsingPort.class, DomainUsingApplication.class),
            List.of(PureValue.class)),
        new Bite(
            "corePortIndependentOfApplication",
            GenportArchitectureRules::corePortIndependentOfApplication,
            "corelayering",
            List.of(PortUsingApplication.class),
            List.of(PortUsingDomain.class)),
        new Bite(
            "batchEngineDependsOnlyOnCoreDomainPortJacksonSlf4jAndJdk",
            GenportArchitectureRules::batchEngineDependsOnlyOnCoreDomainPortJacksonSlf4jAndJdk,
            "batchports",
            List.of(
                io.genport.archfixtures.batchports.bootstrap.batch.BatchUsingApplication.class,
                io.genport.archfixtures.batchports.bootstrap.batch.BatchUsingCli.class),
            List.of(io.genport.archfixtures.batchports.bootstrap.batch.CleanEngine.class)),
        new Bite(
            "redisDependsOnlyOnCoreLettuceSlf4jAndJdk",
            GenportArchitectureRules::redisDependsOnlyOnCoreLettuceSlf4jAndJdk,
            "adapters",
            List.of(
                io.genport.archfixtures.adapters.redis.RedisUsingJackson.class,
                io.genport.archfixtures.adapters.redis.RedisUsingBootstrap.class),
            List.of(
                io.genport.archfixtures.adapters.redis.CleanRedisState.class,
                io.genport.archfixtures.adapters.redis.RedisTarget.class)),
        new Bite(
            "micrometerDependsOnlyOnCoreMicrometerSlf4jAndJdk",
            GenportArchitectureRules::micrometerDependsOnlyOnCoreMicrometerSlf4jAndJdk,
            "adapters",
            List.of(io.genport.archfixtures.adapters.micrometer.MeterUsingFacade.class),
            List.of(io.genport.archfixtures.adapters.micrometer.CleanMeter.class)),
        new Bite(
            "facadeNeverSeesHostsOrOptionalAdapters",
            GenportArchitectureRules::facadeNeverSeesHostsOrOptionalAdapters,
            "adapters",
            List.of(
                io.genport.archfixtures.adapters.facade.FacadeUsingBootstrap.class,
                io.genport.archfixtures.adapters.facade.FacadeUsingRedis.class),
            List.of(io.genport.archfixtures.adapters.facade.FacadeEntry.class)),
        new Bite(
            "optionalModulesAreLeaves",
            GenportArchitectureRules::optionalModulesAreLeaves,
            "adapters",
            List.of(
                io.genport.archfixtures.adapters.facade.FacadeUsingRedis.class,
                io.genport.archfixtures.adapters.bootstrap.BootstrapUsingSpark.class),
            List.of(
                io.genport.archfixtures.adapters.bootstrap.Cli.class,
                io.genport.archfixtures.adapters.facade.FacadeEntry.class,
                io.genport.archfixtures.adapters.micrometer.CleanMeter.class)),
        new Bite(
            "everyClassBelongsToAKnownModule",
            GenportArchitectureRules::everyClassBelongsToAKnownModule,
            "modulemap",
            List.of(MisplacedProvider.class, LooseProviderHelper.class, RootLevelUtility.class),
            List.of(FalProvider.class, Negotiator.class)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bites")
  void ruleReportsEachViolatingFixture(Bite bite) {
    EvaluationResult result = evaluate(bite.factory().apply(bite.root()), bite.root());

    assertTrue(result.hasViolation(), bite + " reported nothing");
    String report = report(result);
    for (Class<?> violator : bite.violators()) {
      assertTrue(
          violator.getName().startsWith(bite.root() + "."),
          violator.getName() + " is not under " + bite.root());
      assertTrue(
          mentions(report, violator),
          () -> bite + " did not report " + violator.getName() + ":\n" + report);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bites")
  void ruleDoesNotReportTheCompliantFixture(Bite bite) {
    JavaClasses classes = importRoot(bite.root());
    String report = report(bite.factory().apply(bite.root()).evaluate(classes));

    assertFalse(bite.compliant().isEmpty(), bite + " has no compliant fixture");
    for (Class<?> compliant : bite.compliant()) {
      assertTrue(classes.contain(compliant), compliant.getName() + " was not imported");
      assertFalse(
          mentions(report, compliant),
          () -> bite + " reported compliant " + compliant.getName() + ":\n" + report);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleNames")
  void compliantCodebasePassesEveryRuleWithFailOnEmptyShouldOn(String ruleName) {
    ArchRule rule = ruleNamed(ruleName, COMPLIANT_ROOT);

    // evaluate() throws if the rule's that() selects nothing, so this also proves every rule has
    // subjects in a codebase of the real shape.
    EvaluationResult result = evaluate(rule, COMPLIANT_ROOT);

    assertFalse(result.hasViolation(), () -> ruleName + " reported:\n" + report(result));
  }

  @Test
  void failOnEmptyShouldIsOnSoARuleWithoutSubjectsFails() {
    String root = FIXTURES + ".corepurity"; // has no provider packages
    JavaClasses classes = importRoot(root);

    assertThrows(
        AssertionError.class,
        () -> GenportArchitectureRules.providersDoNotDependOnEachOther(root).evaluate(classes));
    assertThrows(
        AssertionError.class,
        () ->
            GenportArchitectureRules.providersNeverSeeApplicationGuiceOrHttpClient(root)
                .evaluate(classes));
  }

  @Test
  void everyRuleHasABiteIsListedAndIsAppliedToTheRealCode() {
    Set<String> rules = ruleNames().collect(toCollection(TreeSet::new));

    assertEquals(rules, bites().map(Bite::rule).collect(toCollection(TreeSet::new)));
    bites()
        .forEach(
            bite ->
                assertEquals(
                    ruleNamed(bite.rule(), "x").getDescription(),
                    bite.factory().apply("x").getDescription(),
                    bite + " names a different rule than it applies"));

    Set<String> ruleDescriptions =
        rules.stream()
            .map(name -> ruleNamed(name, "x").getDescription())
            .collect(toCollection(TreeSet::new));
    Set<String> listedDescriptions =
        GenportArchitectureRules.allRules("x").stream()
            .map(ArchRule::getDescription)
            .collect(toCollection(TreeSet::new));
    assertEquals(ruleDescriptions, listedDescriptions, "allRules() must list every rule");
    assertEquals(rules.size(), GenportArchitectureRules.allRules("x").size());

    Set<String> realCodeTests =
        Arrays.stream(ArchitectureTest.class.getDeclaredMethods())
            .filter(m -> m.isAnnotationPresent(Test.class))
            .map(Method::getName)
            .collect(toCollection(TreeSet::new));
    assertTrue(
        realCodeTests.containsAll(rules),
        () -> "ArchitectureTest lacks a test for some of " + rules + "; it has " + realCodeTests);
  }

  // ----------------------------------------------------------------------------------- helpers

  /** The public static {@code ArchRule name(String root)} factories of the rules class. */
  static Stream<String> ruleNames() {
    return Arrays.stream(GenportArchitectureRules.class.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
        .filter(m -> m.getReturnType() == ArchRule.class)
        .filter(m -> Arrays.equals(m.getParameterTypes(), new Class<?>[] {String.class}))
        .map(Method::getName)
        .sorted();
  }

  private static ArchRule ruleNamed(String name, String root) {
    try {
      return (ArchRule)
          GenportArchitectureRules.class.getMethod(name, String.class).invoke(null, root);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("no rule " + name, e);
    }
  }

  private static EvaluationResult evaluate(ArchRule rule, String root) {
    return rule.evaluate(importRoot(root));
  }

  private static JavaClasses importRoot(String root) {
    return IMPORTS.computeIfAbsent(root, r -> new ClassFileImporter().importPackages(r));
  }

  private static String report(EvaluationResult result) {
    return String.join("\n", result.getFailureReport().getDetails());
  }

  /** Whether the report names the class itself (not merely a class whose name it prefixes). */
  private static boolean mentions(String report, Class<?> type) {
    return Pattern.compile(Pattern.quote(type.getName()) + "(?![\\w$])").matcher(report).find();
  }
}
