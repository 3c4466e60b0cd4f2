package io.genport.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * genport-bom manages every artifact the reactor publishes, at the reactor's version: a new module
 * that is not added to the BOM, or a version bump that misses it, fails here.
 */
class BomTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  /** Modules that are built but never used as a dependency. */
  private static final Set<String> UNPUBLISHED =
      Set.of(
          "genport-bom", "genport-chaos-tests", "genport-architecture-tests", "genport-benchmarks");

  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern ARTIFACT =
      Pattern.compile("<artifactId>(genport-[^<]+)</artifactId>");
  private static final Pattern VERSION = Pattern.compile("<version>([^<]+)</version>");

  @Test
  void theBomManagesEveryPublishedModuleAtTheReactorVersion() throws Exception {
    String parent = Files.readString(ROOT.resolve("pom.xml"));
    Set<String> published = new TreeSet<>();
    Matcher m = MODULE.matcher(parent);
    while (m.find()) {
      String pom = Files.readString(ROOT.resolve(m.group(1)).resolve("pom.xml"));
      if (pom.contains("<packaging>maven-archetype</packaging>")) {
        continue; // an archetype is generated from, never depended on
      }
      Matcher a = ARTIFACT.matcher(pom.substring(pom.indexOf("</parent>") + 1));
      a.find();
      if (!UNPUBLISHED.contains(a.group(1))) {
        published.add(a.group(1));
      }
    }
    String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
    Set<String> managed = new TreeSet<>();
    Matcher b = ARTIFACT.matcher(bom.substring(bom.indexOf("<dependencyManagement>")));
    while (b.find()) {
      managed.add(b.group(1));
    }
    assertEquals(published, managed, "bom/pom.xml must manage exactly the published modules");

    Matcher pv = VERSION.matcher(parent);
    pv.find();
    Matcher bv = VERSION.matcher(bom);
    bv.find();
    assertEquals(pv.group(1), bv.group(1), "the BOM's version");
    assertEquals(
        1, bom.split("<genport.version>" + pv.group(1) + "</genport.version>", -1).length - 1);
  }
}
