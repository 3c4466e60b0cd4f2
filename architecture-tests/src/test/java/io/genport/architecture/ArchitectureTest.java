package io.genport.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static io.genport.architecture.GenportArchitectureRules.GENPORT_ROOT;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Applies every rule of {@link GenportArchitectureRules} to the production classes of every GenPort
 * jar this module depends on.
 *
 * <p>{@code failOnEmptyShould} stays on. Only the rules about modules that do not exist yet opt
 * out, each with a comment; {@link GenportArchitectureRules#everyClassBelongsToAKnownModule} makes
 * sure a misplaced package cannot hide behind that opt-out.
 */
class ArchitectureTest {

  private static JavaClasses genport;

  @BeforeAll
  static void importProductionClasses() {
    genport =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(new ExcludeArchitectureTestCode())
            .importPackages(GENPORT_ROOT);
  }

  @Test
  void importSeesTheProductionJarsAndNoTestCode() {
    for (String module :
        new String[] {
          "io.genport.core.domain..",
          "io.genport.core.port..",
          "io.genport.core.application..",
          "io.genport.spi..",
          "io.genport.spitck..",
          "io.genport.simulators..",
          "io.genport.transport.httpclient5..",
          "io.genport.provider.fal..",
          "io.genport.provider.leonardo..",
          "io.genport.facade..",
          "io.genport.micrometer..",
          "io.genport.redis..",
          "io.genport.bootstrap.."
        }) {
      assertFalse(
          genport.that(resideInAPackage(module)).isEmpty(), "no production class in " + module);
    }
    assertTrue(
        genport.that(resideInAPackage("io.genport.archfixtures..")).isEmpty(), "fixtures imported");
    assertTrue(
        genport.that(resideInAPackage("io.genport.architecture..")).isEmpty(),
        "architecture tests imported");
  }

  @Test
  void coreDependsOnlyOnJdkSlf4jAndItself() {
    GenportArchitectureRules.coreDependsOnlyOnJdkSlf4jAndItself(GENPORT_ROOT).check(genport);
  }

  @Test
  void spiNeverSeesApplicationHttpClientOrGuice() {
    GenportArchitectureRules.spiNeverSeesApplicationHttpClientOrGuice(GENPORT_ROOT).check(genport);
  }

  @Test
  void spiDependsOnlyOnCoreDomainPortJacksonSlf4jAndJdk() {
    GenportArchitectureRules.spiDependsOnlyOnCoreDomainPortJacksonSlf4jAndJdk(GENPORT_ROOT)
        .check(genport);
  }

  @Test
  void toolkitDependsOnlyOnSpiCoreDomainPortJacksonSlf4jAndJdk() {
    GenportArchitectureRules.toolkitDependsOnlyOnSpiCoreDomainPortJacksonSlf4jAndJdk(GENPORT_ROOT)
        .check(genport);
  }

  @Test
  void providersDoNotDependOnEachOther() {
    GenportArchitectureRules.providersDoNotDependOnEachOther(GENPORT_ROOT).check(genport);
  }

  @Test
  void providersNeverSeeApplicationGuiceOrHttpClient() {
    GenportArchitectureRules.providersNeverSeeApplicationGuiceOrHttpClient(GENPORT_ROOT)
        .check(genport);
  }

  @Test
  void guiceOnlyInBootstrap() {
    GenportArchitectureRules.guiceOnlyInBootstrap(GENPORT_ROOT).check(genport);
  }

  @Test
  void httpClientOnlyInTransportHttpClient5() {
    GenportArchitectureRules.httpClientOnlyInTransportHttpClient5(GENPORT_ROOT).check(genport);
  }

  @Test
  void coreDomainIndependentOfPortAndApplication() {
    GenportArchitectureRules.coreDomainIndependentOfPortAndApplication(GENPORT_ROOT).check(genport);
  }

  @Test
  void corePortIndependentOfApplication() {
    GenportArchitectureRules.corePortIndependentOfApplication(GENPORT_ROOT).check(genport);
  }

  @Test
  void batchEngineDependsOnlyOnCoreDomainPortJacksonSlf4jAndJdk() {
    GenportArchitectureRules.batchEngineDependsOnlyOnCoreDomainPortJacksonSlf4jAndJdk(GENPORT_ROOT)
        .check(genport);
  }

  @Test
  void redisDependsOnlyOnCoreLettuceSlf4jAndJdk() {
    GenportArchitectureRules.redisDependsOnlyOnCoreLettuceSlf4jAndJdk(GENPORT_ROOT).check(genport);
  }

  @Test
  void micrometerDependsOnlyOnCoreMicrometerSlf4jAndJdk() {
    GenportArchitectureRules.micrometerDependsOnlyOnCoreMicrometerSlf4jAndJdk(GENPORT_ROOT)
        .check(genport);
  }

  @Test
  void facadeNeverSeesHostsOrOptionalAdapters() {
    GenportArchitectureRules.facadeNeverSeesHostsOrOptionalAdapters(GENPORT_ROOT).check(genport);
  }

  @Test
  void optionalModulesAreLeaves() {
    GenportArchitectureRules.optionalModulesAreLeaves(GENPORT_ROOT).check(genport);
  }

  @Test
  void everyClassBelongsToAKnownModule() {
    GenportArchitectureRules.everyClassBelongsToAKnownModule(GENPORT_ROOT).check(genport);
  }

  /**
   * Belt and braces next to {@code DO_NOT_INCLUDE_TESTS}: never judge this module's own rule code
   * or its violating fixtures as if they were production code.
   */
  static final class ExcludeArchitectureTestCode implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/io/genport/archfixtures/")
          && !location.contains("/io/genport/architecture/");
    }
  }
}
