package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input: status 2, one line on stderr naming the field, nothing else, no plugin loaded. */
class InvalidInputTest {

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of("prompt", List.of("   ")),
        Arguments.of("prompt", List.of("")),
        Arguments.of("count", List.of("--count", "0", "a fox")),
        Arguments.of("count", List.of("--count", "101", "a fox")),
        Arguments.of("--count", List.of("--count", "many", "a fox")),
        Arguments.of("size", List.of("--size", "10x", "a fox")),
        Arguments.of("size", List.of("--size", "0x10", "a fox")),
        Arguments.of("quality", List.of("--format", "jpeg", "--quality", "101", "a fox")),
        Arguments.of("quality", List.of("--quality", "80", "a fox")),
        Arguments.of("--aspect", List.of("--size", "1024x768", "--aspect", "16:9", "a fox")),
        Arguments.of("strict", List.of("--strict", "colour", "a fox")),
        Arguments.of("safety", List.of("--safety", "loud", "a fox")),
        Arguments.of("format", List.of("--format", "gif", "a fox")),
        Arguments.of("steps", List.of("--steps", "0", "a fox")),
        Arguments.of("guidance", List.of("--guidance", "-1", "a fox")),
        Arguments.of("megapixels", List.of("--megapixels", "2", "a fox")),
        Arguments.of("megapixels", List.of("--aspect", "16:9", "--megapixels", "100", "a fox")),
        Arguments.of("size", List.of("--aspect", "wide", "a fox")),
        Arguments.of("param", List.of("--param", "lora_scale", "a fox")),
        Arguments.of("param", List.of("--param", "Bad:x=1", "a fox")),
        Arguments.of("--seed", List.of("--seed", "x", "a fox")));
  }

  @ParameterizedTest(name = "{1} names {0}")
  @MethodSource("badInput")
  void isRejectedWithStatusTwoAndOneLineNamingTheField(String field, List<String> options) {
    List<String> args = new ArrayList<>(List.of("explain", "--target", "test:tiny"));
    args.addAll(options);

    CliRun r = CliRun.runWithoutRuntime(args.toArray(String[]::new));

    assertEquals(2, r.status(), r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("genport: "), r.err());
    assertTrue(r.err().contains(field), "'" + r.err() + "' should name " + field);
  }

  @Test
  void sizeWithAspectNamesBothOptions() {
    CliRun r =
        CliRun.runWithoutRuntime(
            "explain", "--target", "test:tiny", "--size", "1024x768", "--aspect", "16:9", "x");

    assertEquals(
        "genport: size: --size and --aspect cannot be used together; give an exact size or a"
            + " ratio\n",
        r.err());
  }

  @Test
  void malformedTargetIsBadInput() {
    CliRun r = CliRun.runWithoutRuntime("explain", "--target", "fal", "a fox");

    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("genport: target: 'fal' is not of the form"), r.err());
  }

  @Test
  void targetIsRequired() {
    CliRun r = CliRun.runWithoutRuntime("explain", "a fox");

    assertEquals(2, r.status());
    assertTrue(r.err().contains("--target"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void promptIsRequired() {
    CliRun r = CliRun.runWithoutRuntime("explain", "--target", "test:tiny");

    assertEquals(2, r.status());
    assertTrue(r.err().contains("PROMPT"), r.err());
  }

  @Test
  void aCommandIsRequired() {
    CliRun r = CliRun.runWithoutRuntime();

    assertEquals(2, r.status());
    assertTrue(r.err().contains("explain"), r.err());
  }

  @Test
  void helpNeedsNoPlugins() {
    CliRun r = CliRun.runWithoutRuntime("explain", "--help");

    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("--target"), r.out());
    assertTrue(r.out().contains("--param"), r.out());
  }
}
