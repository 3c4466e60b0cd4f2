package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProvidersCommandTest {
  @Test
  void listsTheDiscoveredProvidersWithTheirDescriptions() {
    CliRun r = CliRun.run("providers");

    assertEquals(0, r.status(), r.err());
    assertEquals("test  test-only provider backed by a small catalog\n", r.out());
    assertEquals("", r.err());
  }
}
