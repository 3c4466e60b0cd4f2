package io.genport.core.application;

import io.genport.core.domain.Cost;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.Target;
import io.genport.core.port.RateKey;
import io.genport.core.port.RateLimit;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a router holds the {@link io.genport.core.port.FleetState} to: request-rate limits per
 * vendor, spending ceilings per cost unit, and how job claims behave. Values only. {@link #NONE}
 * (the default) limits nothing, so a single process sees no change.
 *
 * @param rateLimits the request-rate limit of each vendor (provider name), shared by every instance
 *     that uses the same credential
 * @param credentials the credential fingerprint ({@link RateKey#fingerprint(String)}) of each
 *     vendor; a vendor not listed counts under {@code default}
 * @param ceilings at most one ceiling per cost unit
 * @param costPerImage what one image is expected to cost, by target ({@code provider:model}) or by
 *     vendor; a target's estimate chooses its ledger (its unit) and is reserved before each submit,
 *     so concurrent instances pass a ceiling by at most one call's cost. A target without an
 *     estimate is not held to a ceiling, though what it reports is still recorded
 * @param owner this instance's name in job records (never a secret); the JVM's {@code pid@host} by
 *     default
 * @param claimLease how long a job claim stays exclusive before a vendor accepted the job; 2 min by
 *     default
 * @param claimRecheck how often a caller waiting on another owner's claim reads it again; 250 ms by
 *     default
 */
public record FleetPolicy(
    Map<String, RateLimit> rateLimits,
    Map<String, String> credentials,
    List<SpendCeiling> ceilings,
    Map<String, Cost> costPerImage,
    String owner,
    Duration claimLease,
    Duration claimRecheck) {

  /** No limits, no ceilings. */
  public static final FleetPolicy NONE = builder().build();

  public FleetPolicy {
    rateLimits = Map.copyOf(Checks.set("fleet.rateLimits", rateLimits));
    credentials = Map.copyOf(Checks.set("fleet.credentials", credentials));
    ceilings = List.copyOf(Checks.set("fleet.ceilings", ceilings));
    costPerImage = Map.copyOf(Checks.set("fleet.costPerImage", costPerImage));
    for (String vendor : credentials.keySet()) {
      new RateKey(vendor, credentials.get(vendor));
    }
    Map<String, SpendCeiling> byUnit = new LinkedHashMap<>();
    for (SpendCeiling c : ceilings) {
      if (byUnit.put(c.limit().currency(), c) != null) {
        throw new InvalidRequestException(
            "fleet.ceilings", "two ceilings for unit " + c.limit().currency() + "; keep one");
      }
    }
    if (owner == null || owner.isBlank() || owner.length() > 200) {
      throw new InvalidRequestException("fleet.owner", "must be 1..200 characters");
    }
    Checks.positive("fleet.claimLease", claimLease);
    Checks.positive("fleet.claimRecheck", claimRecheck);
  }

  /** The rate key of {@code vendor}'s submits. */
  RateKey rateKey(String vendor) {
    return new RateKey(vendor, credentials.getOrDefault(vendor, "default"));
  }

  /** The estimate per image of {@code target}: its own, else its vendor's, else {@code null}. */
  Cost estimate(Target target) {
    Cost c = costPerImage.get(target.toString());
    return c != null ? c : costPerImage.get(target.provider());
  }

  /** The ceiling of {@code unit}, or {@code null}. */
  SpendCeiling ceiling(String unit) {
    for (SpendCeiling c : ceilings) {
      if (c.limit().currency().equals(unit)) {
        return c;
      }
    }
    return null;
  }

  /** Whether this policy limits anything at all (the router skips the fleet's checks if not). */
  boolean limitsAnything() {
    return !rateLimits.isEmpty() || !ceilings.isEmpty();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Mutable, not thread-safe builder. */
  public static final class Builder {
    private final Map<String, RateLimit> rateLimits = new LinkedHashMap<>();
    private final Map<String, String> credentials = new LinkedHashMap<>();
    private final List<SpendCeiling> ceilings = new java.util.ArrayList<>();
    private final Map<String, Cost> costPerImage = new LinkedHashMap<>();
    private String owner = processName();
    private Duration claimLease = Duration.ofMinutes(2);
    private Duration claimRecheck = Duration.ofMillis(250);

    private Builder() {}

    /**
     * {@code pid@host}, as the runtime MXBean names the JVM, without starting the management
     * machinery for it: {@link #NONE} is built whenever configuration is read, also by commands
     * that never use a fleet, and the MXBean cost them tens of milliseconds of start-up.
     */
    private static String processName() {
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "localhost";
      }
      return ProcessHandle.current().pid() + "@" + host;
    }

    /** Limits {@code vendor}'s submits, across the fleet, to {@code limit}. */
    public Builder rateLimit(String vendor, RateLimit limit) {
      rateLimits.put(vendor, limit);
      return this;
    }

    /** Names {@code vendor}'s credential by its fingerprint (never pass the key itself). */
    public Builder credential(String vendor, String fingerprint) {
      credentials.put(vendor, fingerprint);
      return this;
    }

    /** Adds a ceiling. */
    public Builder ceiling(SpendCeiling ceiling) {
      ceilings.add(ceiling);
      return this;
    }

    /** What one image of {@code targetOrVendor} ({@code fal} or {@code fal:model}) costs. */
    public Builder costPerImage(String targetOrVendor, Cost cost) {
      costPerImage.put(targetOrVendor, cost);
      return this;
    }

    public Builder owner(String owner) {
      this.owner = owner;
      return this;
    }

    public Builder claimLease(Duration claimLease) {
      this.claimLease = claimLease;
      return this;
    }

    public Builder claimRecheck(Duration claimRecheck) {
      this.claimRecheck = claimRecheck;
      return this;
    }

    public FleetPolicy build() {
      return new FleetPolicy(
          rateLimits, credentials, ceilings, costPerImage, owner, claimLease, claimRecheck);
    }
  }
}
