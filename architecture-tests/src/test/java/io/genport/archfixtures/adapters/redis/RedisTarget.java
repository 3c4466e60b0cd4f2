package io.genport.archfixtures.adapters.redis;

// Valid for the Redis rule; only ever the target of other modules' violations.
public final class RedisTarget {
  public static String namespace() {
    return "genport";
  }
}
