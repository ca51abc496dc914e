package org.sagashop.order.query;

import java.time.Instant;

/** One step of an order's process, worded for the buyer. */
public record TimelineEntry(Instant at, String step, String detail) {}
