package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class FleetPolicyOwnerTest {
  @Test
  void theDefaultOwnerIsTheJvmsPidAtHostAsTheRuntimeMxBeanNamesIt() {
    assertEquals(ManagementFactory.getRuntimeMXBean().getName(), FleetPolicy.NONE.owner());
    assertEquals(
        ManagementFactory.getRuntimeMXBean().getName(), FleetPolicy.builder().build().owner());
  }

  @Test
  void aGivenOwnerIsKept() {
    assertEquals("worker-7", FleetPolicy.builder().owner("worker-7").build().owner());
  }
}
