package io.genport.core.domain;

import static java.util.Objects.requireNonNull;

/** The request (or configuration) is invalid; the message names the field. Nothing was sent. */
public final class InvalidRequestException extends GenerationException {
  private static final long serialVersionUID = 1L;
  private final String field;

  /**
   * @param field the canonical field or option name, e.g. {@code size} or {@code count}
   * @param problem what is wrong and what is allowed
   */
  public InvalidRequestException(String field, String problem) {
    super(requireNonNull(field, "field is null") + ": " + problem, null);
    this.field = field;
  }

  /** The field the problem is in. */
  public String field() {
    return field;
  }

  @Override
  public FailureClass failureClass() {
    return FailureClass.INVALID_REQUEST;
  }
}
