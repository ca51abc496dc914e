package org.sagashop.order.metrics;

import static org.sagashop.platform.metrics.MeterDefinition.counter;
import static org.sagashop.platform.metrics.MeterDefinition.timer;

import java.util.List;
import org.sagashop.platform.metrics.MeterDefinition;

/** The meters of the order business: how many orders come in, and how they end. */
public final class OrderMeters {

  public static final MeterDefinition PLACED =
      counter("sagashop.orders.placed", "orders placed (accepted, with their events stored)");

  public static final MeterDefinition COMPLETED =
      counter("sagashop.orders.completed", "orders completed: reserved, paid for and confirmed");

  public static final MeterDefinition CANCELLED =
      counter(
          "sagashop.orders.cancelled",
          "orders cancelled, by cause: stock-rejected, payment-declined, step-refused,"
              + " reservation-timeout, payment-timeout (unknown for cancellations stored before"
              + " causes were)",
          "cause");

  public static final MeterDefinition DURATION =
      timer(
          "sagashop.orders.duration",
          "time from an order's placement to its completion or cancellation (a histogram),"
              + " by outcome completed or cancelled",
          "outcome");

  public static final List<MeterDefinition> ALL = List.of(PLACED, COMPLETED, CANCELLED, DURATION);

  private OrderMeters() {}
}
