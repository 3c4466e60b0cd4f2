package io.genport.core.domain.negotiation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeedSpecTest {

  @ParameterizedTest(name = "[{0}..{1}] sentinel {2}: {3} -> {4}")
  @CsvSource(
      nullValues = "none",
      value = {
        // in range: identity
        "0, 4294967295, none, 0, 0",
        "0, 4294967295, none, 4294967295, 4294967295",
        "0, 2147483647, none, 12345, 12345",
        // past the end: back to min
        "0, 2147483647, none, 2147483648, 0",
        "0, 2147483647, none, 2147483650, 2",
        "10, 19, none, 20, 10",
        "10, 19, none, 31, 11",
        // below the start: from the end
        "0, 4294967295, none, -1, 4294967295",
        "10, 19, none, 9, 19",
        "10, 19, none, -1, 19",
        // a sentinel outside the range changes nothing
        "0, 4294967295, -1, 7, 7",
        "0, 4294967295, -1, 4294967296, 0",
        // a sentinel inside the range is skipped
        "0, 4294967294, 0, 0, 1",
        "0, 4294967294, 0, 1, 1",
        "0, 4294967294, 0, 4294967295, 1",
        "0, 4294967294, 0, 4294967296, 2",
        "0, 9, 5, 5, 6",
        "0, 9, 5, 10, 0",
        "0, 9, 5, 14, 4",
        "0, 9, 5, 15, 6",
        // ranges wider than a long's positive half
        "0, 9223372036854775807, none, -1, 9223372036854775807",
        "-9223372036854775808, 9223372036854775807, -1, -1, 0",
      })
  void wrap(long min, long max, Long sentinel, long seed, long expected) {
    SeedSpec spec = new SeedSpec(SeedSpec.Type.INTEGER, min, max, sentinel);
    long wrapped = spec.wrap(seed);
    assertEquals(expected, wrapped);
    assertTrue(spec.inRange(wrapped));
    assertFalse(spec.isRandomSentinel(wrapped));
  }

  @ParameterizedTest(name = "[{0}..{1}] sentinel {2}: {3} + {4} -> {5}")
  @CsvSource(
      nullValues = "none",
      value = {
        "0, 2147483647, none, 100, 8, 108",
        "0, 2147483647, none, 2147483646, 4, 2",
        "0, 2147483647, none, 2147483648, 0, 0",
        "10, 19, none, 18, 2, 10",
        "0, 9, 5, 3, 1, 4",
        "0, 9, 5, 3, 2, 6",
        "0, 9, 5, 3, 6, 0",
        "0, 9, 5, 3, 9, 3",
        "0, 4294967294, 0, 4294967291, 4, 1",
        "0, 4294967295, -1, 4294967295, 1, 0",
        "0, 9223372036854775807, none, 9223372036854775807, 4, 3",
      })
  void advance(long min, long max, Long sentinel, long seed, long steps, long expected) {
    SeedSpec spec = new SeedSpec(SeedSpec.Type.INTEGER, min, max, sentinel);
    assertEquals(expected, spec.advance(seed, steps));
  }

  @Test
  void advancingAcrossAnInteriorSentinelNeverRepeats() {
    SeedSpec spec = new SeedSpec(SeedSpec.Type.INTEGER, 0, 9, 5L);
    Set<Long> seen = new HashSet<>();
    for (long step = 0; step < 9; step++) {
      long s = spec.advance(3, step);
      assertFalse(spec.isRandomSentinel(s));
      assertTrue(seen.add(s), "repeated at step " + step);
    }
    assertEquals(9, seen.size());
  }

  @Test
  void constructionAndFactories() {
    assertThrows(
        IllegalArgumentException.class, () -> new SeedSpec(SeedSpec.Type.INTEGER, 5, 4, null));
    assertFalse(SeedSpec.none().accepted());
    assertTrue(SeedSpec.integer(0, 1).accepted());
    assertTrue(new SeedSpec(SeedSpec.Type.STRING, 0, 1, null).accepted());
  }
}
