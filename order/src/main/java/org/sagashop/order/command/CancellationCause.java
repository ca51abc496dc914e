package org.sagashop.order.command;

/**
 * Why the order process gave an order up, in a few words a machine can count by (the cancellation's
 * {@code reason} is written for the buyer and names products and amounts). It travels as metadata
 * ({@value #METADATA_KEY}) of {@link CancelOrderCommand} and of the {@code OrderCancelledEvent} it
 * causes; cancellations stored before it existed have none.
 */
public enum CancellationCause {
  /** A product refused to reserve a line. */
  STOCK_REJECTED("stock-rejected"),
  /** The buyer's account declined the charge. */
  PAYMENT_DECLINED("payment-declined"),
  /** A service refused a command of a step (an unknown product or account, say). */
  STEP_REFUSED("step-refused"),
  /** The stock was not reserved before the reservation deadline. */
  RESERVATION_TIMEOUT("reservation-timeout"),
  /** The payment did not complete before the payment deadline. */
  PAYMENT_TIMEOUT("payment-timeout");

  public static final String METADATA_KEY = "cancellationCause";

  private final String tag;

  CancellationCause(String tag) {
    this.tag = tag;
  }

  /** The value kept in the metadata, and the {@code cause} tag of the cancellation metric. */
  public String tag() {
    return tag;
  }
}
