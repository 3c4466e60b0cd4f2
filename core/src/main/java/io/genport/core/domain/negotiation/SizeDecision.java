package io.genport.core.domain.negotiation;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.Adaptation;

/**
 * The outcome of size negotiation.
 *
 * @param choice the native option to send
 * @param adaptation what changed, or {@code null} when the request is honoured as asked
 */
public record SizeDecision(SizeChoice choice, Adaptation adaptation) {
  public SizeDecision {
    requireNonNull(choice, "choice is null");
  }
}
