package io.genport.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The load harness: every {@link Scenario} in turn, printing Markdown tables. Arguments: {@code
 * --smoke} (seconds; figures meaningless), and scenario names to run only those (default: all).
 */
public final class LoadHarness {

  /** Every scenario, in report order. Add a scenario here to make it part of the harness. */
  static final List<Scenario> SCENARIOS =
      List.of(new ThroughputScenario(), new AllocationScenario());

  private LoadHarness() {}

  public static void main(String[] args) throws Exception {
    boolean smoke = false;
    List<String> only = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--smoke")) {
        smoke = true;
      } else if (a.startsWith("-")) {
        System.err.println("unknown option " + a + "; usage: [--smoke] [scenario...]");
        System.exit(2);
      } else {
        only.add(a);
      }
    }
    Path work = Files.createTempDirectory("genport-bench");
    try {
      HarnessSettings settings = smoke ? HarnessSettings.smoke(work) : HarnessSettings.full(work);
      run(settings, only, System.out);
    } finally {
      Files.deleteIfExists(work);
    }
  }

  /** Runs the scenarios named in {@code only} (all when empty) and returns the report. */
  static Report run(HarnessSettings settings, List<String> only, PrintStream out) throws Exception {
    List<String> known = SCENARIOS.stream().map(Scenario::name).toList();
    for (String name : only) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown scenario '" + name + "'; known: " + String.join(", ", known));
      }
    }
    Report report = new Report(out);
    out.println(
        "GenPort load harness: Java "
            + System.getProperty("java.version")
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores"
            + (settings.smoke() ? " (smoke mode: figures are meaningless)" : ""));
    for (Scenario s : SCENARIOS) {
      if (only.isEmpty() || only.contains(s.name())) {
        s.run(settings, report);
      }
    }
    return report;
  }
}
