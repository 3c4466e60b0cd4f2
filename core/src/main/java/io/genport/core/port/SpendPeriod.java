package io.genport.core.port;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The period a spending ceiling covers, in UTC. */
public enum SpendPeriod {
  /** A clock hour, labelled {@code 2026-12-03T14}. */
  HOUR(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH"), Duration.ofHours(1)),
  /** A calendar day, labelled {@code 2026-12-03}. */
  DAY(DateTimeFormatter.ofPattern("yyyy-MM-dd"), Duration.ofDays(1)),
  /** A calendar month, labelled {@code 2026-12}. */
  MONTH(DateTimeFormatter.ofPattern("yyyy-MM"), Duration.ofDays(31));

  private final DateTimeFormatter format;
  private final Duration longest;

  SpendPeriod(DateTimeFormatter format, Duration longest) {
    this.format = format.withZone(ZoneOffset.UTC);
    this.longest = longest;
  }

  /** The label of the period {@code at} falls in: the ledger's name. */
  public String label(Instant at) {
    return format.format(at);
  }

  /** The longest such period; a shared ledger is kept for twice that. */
  public Duration longest() {
    return longest;
  }
}
