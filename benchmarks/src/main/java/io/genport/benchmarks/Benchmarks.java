package io.genport.benchmarks;

import java.util.Arrays;

/**
 * The benchmarks jar's entry point: {@code jmh [JMH options]} runs the JMH benchmarks; anything
 * else (or nothing) runs the {@link LoadHarness} with those arguments.
 */
public final class Benchmarks {
  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("jmh")) {
      org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
    } else {
      LoadHarness.main(args);
    }
  }
}
