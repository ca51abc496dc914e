package org.sagashop.coreapi;

/**
 * Why a command or request was refused. The code crosses service boundaries (an exception type does
 * not survive the distributed command bus), and the edge maps its {@link Kind} to an HTTP status.
 */
public enum ErrorCode {
  VALIDATION_FAILED(Kind.INVALID),
  PRODUCT_NOT_FOUND(Kind.NOT_FOUND),
  PRODUCT_ALREADY_EXISTS(Kind.CONFLICT),
  INSUFFICIENT_STOCK(Kind.REJECTED),
  ORDER_NOT_FOUND(Kind.NOT_FOUND),
  ORDER_ALREADY_CLOSED(Kind.CONFLICT),
  ORDER_STATE_CONFLICT(Kind.CONFLICT),
  IDEMPOTENCY_KEY_REUSED(Kind.REJECTED),
  ACCOUNT_NOT_FOUND(Kind.NOT_FOUND),
  USER_NOT_FOUND(Kind.NOT_FOUND),
  USERNAME_TAKEN(Kind.CONFLICT),
  BAD_CREDENTIALS(Kind.UNAUTHORIZED),
  DEAD_LETTER_NOT_FOUND(Kind.NOT_FOUND),
  SERVICE_UNAVAILABLE(Kind.UNAVAILABLE);

  /** The family of a refusal, which decides the HTTP status at the edge. */
  public enum Kind {
    INVALID,
    NOT_FOUND,
    CONFLICT,
    REJECTED,
    UNAUTHORIZED,
    UNAVAILABLE
  }

  private final Kind kind;

  ErrorCode(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
