package io.genport.simulators;

import java.util.Random;

/**
 * One installed fault: which requests it selects, how often it fires, and the {@link Fault}. Made
 * by {@link FaultInjector#on(Endpoint)}; the handle lets a test read how often it fired or cancel
 * it. Thread-safe (guarded by the injector).
 */
public final class FaultRule {
  private final Endpoint endpoint;
  private final Fault fault;
  private final double probability;
  private int remaining;
  private int toSkip;
  private int fired;
  private boolean cancelled;

  FaultRule(Endpoint endpoint, Fault fault, int times, double probability, int skip) {
    this.endpoint = endpoint;
    this.fault = fault;
    this.remaining = times;
    this.probability = probability;
    this.toSkip = skip;
  }

  /** Called under the injector's lock for a request that matches the endpoint. */
  boolean tryFire(Random random) {
    if (cancelled || remaining == 0) {
      return false;
    }
    if (toSkip > 0) {
      toSkip--;
      return false;
    }
    if (!Double.isNaN(probability) && random.nextDouble() >= probability) {
      return false;
    }
    if (remaining > 0) {
      remaining--;
    }
    fired++;
    return true;
  }

  /** The requests it selects. */
  public Endpoint endpoint() {
    return endpoint;
  }

  /** What it does. */
  public Fault fault() {
    return fault;
  }

  /** How many times it has fired. */
  public int fired() {
    synchronized (this) {
      return fired;
    }
  }

  /** How many more times it may fire, or -1 for no limit. */
  public int remaining() {
    synchronized (this) {
      return remaining;
    }
  }

  /** Whether it may still fire. */
  public boolean active() {
    synchronized (this) {
      return !cancelled && remaining != 0;
    }
  }

  /** Stops it from firing again. */
  public void cancel() {
    synchronized (this) {
      cancelled = true;
    }
  }

  @Override
  public String toString() {
    return "FaultRule[" + endpoint + " -> " + fault + ", fired " + fired() + "]";
  }
}
