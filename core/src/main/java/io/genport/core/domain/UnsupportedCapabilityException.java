package io.genport.core.domain;

/**
 * The target cannot honour a field the request marks {@link Strictness#REQUIRED}, or an operation
 * it does not offer (such as cancel). Nothing was sent.
 */
public class UnsupportedCapabilityException extends GenerationException {
  private static final long serialVersionUID = 1L;
  private final RequestField field;

  /**
   * @param field the field that cannot be honoured, or {@code null} for an operation
   * @param message what was asked and what the target offers
   */
  public UnsupportedCapabilityException(RequestField field, String message) {
    super(field == null ? message : field.wireName() + ": " + message, null);
    this.field = field;
  }

  /** The field that could not be honoured, or {@code null}. */
  public RequestField field() {
    return field;
  }

  @Override
  public FailureClass failureClass() {
    return FailureClass.UNSUPPORTED;
  }
}
