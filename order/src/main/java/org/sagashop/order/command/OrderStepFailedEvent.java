package org.sagashop.order.command;

/**
 * A step of the order process failed without a refusal event. Internal to the order service: it
 * lives outside core-api, so it is never published to other services.
 */
public record OrderStepFailedEvent(String orderId, String step, String reason) {}
