package io.genport.benchmarks;

import java.time.Duration;

/** Reads the scenarios' {@code key=value} arguments. */
final class Args {
  private Args() {}

  /** The value of {@code key}, or {@code fallback}. */
  static String get(String[] args, String key, String fallback) {
    for (String a : args) {
      if (a.startsWith(key + "=")) {
        return a.substring(key.length() + 1);
      }
    }
    return fallback;
  }

  /** A duration written {@code 250ms}, {@code 30s} or {@code 2m}. */
  static Duration duration(String[] args, String key, String fallback) {
    String v = get(args, key, fallback).trim();
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      if (v.endsWith("s")) {
        return Duration.ofMillis(
            (long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
      }
      if (v.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        key + "=" + v + ": not a duration; write it like 250ms, 30s or 2m");
  }
}
