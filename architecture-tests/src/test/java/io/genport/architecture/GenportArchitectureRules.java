package io.genport.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The dependency rules of docs/architecture.md section 2.2, each defined once.
 *
 * <p>Every rule takes the root package of the code it judges: {@value #GENPORT_ROOT} for the real
 * classes, or a fixture root such as {@code io.genport.archfixtures.corepurity} whose sub-packages
 * mirror the real shape ({@code <root>.core.domain}, {@code <root>.spi}, {@code
 * <root>.provider.<vendor>}, ...). That lets {@code ArchitectureRulesBiteTest} prove that the very
 * rule definition that judges the real code reports a deliberately violating fixture.
 *
 * <p>The rules keep ArchUnit's default {@code failOnEmptyShould}: a rule whose {@code that()}
 * selects nothing fails. Callers that judge code in which a module does not exist yet must opt out
 * explicitly, per rule.
 */
public final class GenportArchitectureRules {

  /** Root package of the real code. */
  public static final String GENPORT_ROOT = "io.genport";

  /** The JDK's public packages. */
  static final String JDK = "java..";

  static final String SLF4J = "org.slf4j..";
  static final String JACKSON = "com.fasterxml.jackson..";
  static final String GUICE = "com.google.inject..";

  /** The Redis client the fleet-state adapter is built on. */
  static final String LETTUCE = "io.lettuce..";

  static final String MICROMETER = "io.micrometer..";

  /** Apache HttpClient 5 and its HttpCore 5 (classic, async, h2). */
  static final String HTTP_CLIENT = "org.apache.hc..";

  private GenportArchitectureRules() {}

  // ---------------------------------------------------------------- package patterns of a root

  static String core(String root) {
    return root + ".core..";
  }

  static String coreDomain(String root) {
    return root + ".core.domain..";
  }

  static String corePort(String root) {
    return root + ".core.port..";
  }

  static String coreApplication(String root) {
    return root + ".core.application..";
  }

  static String spi(String root) {
    return root + ".spi..";
  }

  static String providers(String root) {
    return root + ".provider..";
  }

  /** One package per provider jar: {@code <root>.provider.<vendor>..}. */
  static String providerVendors(String root) {
    return root + ".provider.*..";
  }

  static String toolkit(String root) {
    return root + ".toolkit..";
  }

  static String transportHttpClient5(String root) {
    return root + ".transport.httpclient5..";
  }

  static String simulators(String root) {
    return root + ".simulators..";
  }

  static String spiTck(String root) {
    return root + ".spitck..";
  }

  static String bootstrap(String root) {
    return root + ".bootstrap..";
  }

  /** The library facade (no Guice: {@link #guiceOnlyInBootstrap} covers it). */
  static String facade(String root) {
    return root + ".facade..";
  }

  /** The Micrometer adapter of the router's metrics. */
  static String micrometer(String root) {
    return root + ".micrometer..";
  }

  /** The fleet state on Redis ({@code genport-redis}), optional. */
  static String redis(String root) {
    return root + ".redis..";
  }

  /** The Spark batch host ({@code genport-spark}), optional. */
  static String spark(String root) {
    return root + ".spark..";
  }

  /** The load and speed measurements ({@code genport-benchmarks}), never shipped. */
  static String benchmarks(String root) {
    return root + ".benchmarks..";
  }

  static String batch(String root) {
    return root + ".bootstrap.batch..";
  }

  static String underRoot(String root) {
    return root + "..";
  }

  // ---------------------------------------------------------------------------------- the rules

  /** {@code core} depends on nothing but the JDK, slf4j-api and {@code core} itself. */
  public static ArchRule coreDependsOnlyOnJdkSlf4jAndItself(String root) {
    return classes()
        .that()
        .resideInAPackage(core(root))
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(JDK, SLF4J, core(root))
        .because("docs/architecture.md 2.2 rule 1: core may depend on the JDK and slf4j-api only");
  }

  /** {@code spi} never sees {@code core.application}, HttpClient or Guice. */
  public static ArchRule spiNeverSeesApplicationHttpClientOrGuice(String root) {
    return noClasses()
        .that()
        .resideInAPackage(spi(root))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(coreApplication(root), HTTP_CLIENT, GUICE)
        .because(
            "docs/architecture.md 2.2 rule 2: spi never sees core.application, HttpClient or Guice");
  }

  /**
   * {@code spi} depends only on what the module table allows it: the JDK, slf4j-api, jackson,
   * {@code core.domain}, {@code core.port} and itself. This is the allow-list form of {@link
   * #spiNeverSeesApplicationHttpClientOrGuice}; it also catches e.g. spi reaching into a provider
   * or into bootstrap.
   */
  public static ArchRule spiDependsOnlyOnCoreDomainPortJacksonSlf4jAndJdk(String root) {
    return classes()
        .that()
        .resideInAPackage(spi(root))
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(JDK, SLF4J, JACKSON, coreDomain(root), corePort(root), spi(root))
        .because(
            "docs/architecture.md 2.2 rule 3: spi may depend on core (domain + port only), jackson-databind and"
                + " slf4j-api");
  }

  /**
   * The provider toolkit depends only on the contract it builds on (spi, core domain and port),
   * jackson, slf4j and the JDK: never on a provider (it is shared by all of them), on {@code
   * core.application}, Guice or HttpClient.
   */
  public static ArchRule toolkitDependsOnlyOnSpiCoreDomainPortJacksonSlf4jAndJdk(String root) {
    return classes()
        .that()
        .resideInAPackage(toolkit(root))
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            JDK, SLF4J, JACKSON, coreDomain(root), corePort(root), spi(root), toolkit(root))
        .because(
            "the provider toolkit is shared by every provider and sits beside the spi: it may"
                + " depend on the spi, core (domain + port), jackson-databind and slf4j-api only");
  }

  /** A provider package never depends on another provider package. */
  public static ArchRule providersDoNotDependOnEachOther(String root) {
    return slices()
        .matching(root + ".provider.(*)..")
        .namingSlices("provider $1")
        .should()
        .notDependOnEachOther()
        .because(
            "docs/architecture.md 2.2 rule 4: a provider package never depends on another provider");
  }

  /** A provider package never depends on {@code core.application}, Guice or HttpClient. */
  public static ArchRule providersNeverSeeApplicationGuiceOrHttpClient(String root) {
    return noClasses()
        .that()
        .resideInAPackage(providers(root))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(coreApplication(root), GUICE, HTTP_CLIENT)
        .because(
            "docs/architecture.md 2.2 rule 5: a provider never depends on core.application, on Guice or on"
                + " HttpClient (it talks HTTP through the spi's HttpTransport)");
  }

  /** Guice appears only in {@code bootstrap}. */
  public static ArchRule guiceOnlyInBootstrap(String root) {
    return noClasses()
        .that()
        .resideInAPackage(underRoot(root))
        .and()
        .resideOutsideOfPackage(bootstrap(root))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(GUICE)
        .because("docs/architecture.md 2.2 rule 6: Guice appears only in app-bootstrap");
  }

  /** HttpClient appears only in {@code transport.httpclient5}. */
  public static ArchRule httpClientOnlyInTransportHttpClient5(String root) {
    return noClasses()
        .that()
        .resideInAPackage(underRoot(root))
        .and()
        .resideOutsideOfPackage(transportHttpClient5(root))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(HTTP_CLIENT)
        .because(
            "docs/architecture.md 2.2 rule 7: HttpClient appears only in transport-httpclient5");
  }

  /** Inside core: the domain sees neither the ports nor the application services. */
  public static ArchRule coreDomainIndependentOfPortAndApplication(String root) {
    return noClasses()
        .that()
        .resideInAPackage(coreDomain(root))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(corePort(root), coreApplication(root))
        .because(
            "docs/architecture.md 2.2 rule 8: the domain is the innermost ring of the hexagon");
  }

  /** Inside core: the ports do not see the application services. */
  public static ArchRule corePortIndependentOfApplication(String root) {
    return noClasses()
        .that()
        .resideInAPackage(corePort(root))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(coreApplication(root))
        .because(
            "docs/architecture.md 2.2 rule 9: ports are implemented or called by the application,"
                + " never the reverse");
  }

  /**
   * The batch engine ({@code bootstrap.batch}) sees only core's domain and ports, Jackson, slf4j
   * and the JDK: never the router implementation, the command line, Guice or the providers, so the
   * same engine can run one partition per worker of a distributed job.
   */
  public static ArchRule batchEngineDependsOnlyOnCoreDomainPortJacksonSlf4jAndJdk(String root) {
    return classes()
        .that()
        .resideInAPackage(batch(root))
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(JDK, SLF4J, JACKSON, coreDomain(root), corePort(root), batch(root))
        .because(
            "docs/architecture.md 2.2 rule 11: the batch engine drives core's ImageGeneration port"
                + " and nothing else of GenPort, so it can run wherever the port is available");
  }

  /**
   * The Redis fleet state implements core's port with Lettuce and nothing else of GenPort: it sees
   * core, Lettuce, slf4j-api and the JDK, so any host can plug it in (found through {@code
   * FleetStateFactory}) without it knowing the host.
   */
  public static ArchRule redisDependsOnlyOnCoreLettuceSlf4jAndJdk(String root) {
    return classes()
        .that()
        .resideInAPackage(redis(root))
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(JDK, SLF4J, LETTUCE, core(root), redis(root))
        .because(
            "genport-redis is an adapter of core's FleetState port: core, Lettuce and slf4j-api"
                + " only");
  }

  /**
   * The Micrometer adapter of the router's metrics sees core, Micrometer, slf4j-api and the JDK:
   * never the facade or a host, so any of them can register it.
   */
  public static ArchRule micrometerDependsOnlyOnCoreMicrometerSlf4jAndJdk(String root) {
    return classes()
        .that()
        .resideInAPackage(micrometer(root))
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(JDK, SLF4J, MICROMETER, core(root), micrometer(root))
        .because(
            "genport-micrometer is an adapter of core's RouterMetrics: core, Micrometer and"
                + " slf4j-api only");
  }

  /**
   * The library facade is what hosts build on: it never sees a host (app-bootstrap, Spark) or an
   * optional adapter (Redis, Micrometer, benchmarks). A configured Redis URL reaches the Redis
   * module through core's {@code FleetStateFactory} and ServiceLoader, not a compile-time link.
   */
  public static ArchRule facadeNeverSeesHostsOrOptionalAdapters(String root) {
    return noClasses()
        .that()
        .resideInAPackage(facade(root))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            bootstrap(root), spark(root), redis(root), micrometer(root), benchmarks(root))
        .because(
            "the facade sits under every host and beside every optional adapter; it finds"
                + " adapters at run time (ServiceLoader), never at compile time");
  }

  /**
   * Redis, Spark and the benchmarks are optional leaves: no other module depends on them (the
   * command line opens a Redis fleet state through {@code FleetStateFactory} when the jar is
   * present), so leaving one out never breaks a build or a class path.
   */
  public static ArchRule optionalModulesAreLeaves(String root) {
    return noClasses()
        .that()
        .resideInAPackage(underRoot(root))
        .and()
        .resideOutsideOfPackages(redis(root), spark(root), benchmarks(root))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(redis(root), spark(root), benchmarks(root))
        .because(
            "genport-redis, genport-spark and genport-benchmarks are optional: nothing else"
                + " depends on them");
  }

  /**
   * Guard for the rules above: every class under the root lives in one of the module packages they
   * know. A misspelt package (say {@code <root>.providers.fal}) would otherwise escape every rule
   * silently, which matters while the provider rules run with {@code allowEmptyShould}.
   */
  public static ArchRule everyClassBelongsToAKnownModule(String root) {
    return classes()
        .that()
        .resideInAPackage(underRoot(root))
        .should()
        .resideInAnyPackage(
            coreDomain(root),
            corePort(root),
            coreApplication(root),
            spi(root),
            toolkit(root),
            providerVendors(root),
            transportHttpClient5(root),
            simulators(root),
            spiTck(root),
            facade(root),
            micrometer(root),
            redis(root),
            spark(root),
            benchmarks(root),
            bootstrap(root))
        .because(
            "docs/architecture.md 2.2 rule 10: the dependency rules select modules by package; a"
                + " class outside them would be checked by none");
  }

  /** Every rule above, for one root, in declaration order. */
  public static List<ArchRule> allRules(String root) {
    return List.of(
        coreDependsOnlyOnJdkSlf4jAndItself(root),
        spiNeverSeesApplicationHttpClientOrGuice(root),
        spiDependsOnlyOnCoreDomainPortJacksonSlf4jAndJdk(root),
        toolkitDependsOnlyOnSpiCoreDomainPortJacksonSlf4jAndJdk(root),
        providersDoNotDependOnEachOther(root),
        providersNeverSeeApplicationGuiceOrHttpClient(root),
        guiceOnlyInBootstrap(root),
        httpClientOnlyInTransportHttpClient5(root),
        coreDomainIndependentOfPortAndApplication(root),
        corePortIndependentOfApplication(root),
        batchEngineDependsOnlyOnCoreDomainPortJacksonSlf4jAndJdk(root),
        redisDependsOnlyOnCoreLettuceSlf4jAndJdk(root),
        micrometerDependsOnlyOnCoreMicrometerSlf4jAndJdk(root),
        facadeNeverSeesHostsOrOptionalAdapters(root),
        optionalModulesAreLeaves(root),
        everyClassBelongsToAKnownModule(root));
  }
}
