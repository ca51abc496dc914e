package org.sagashop.order.saga;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the order process waits for each step before it gives up and compensates.
 *
 * @param reservationTimeout from the order being placed until every line is reserved
 * @param paymentTimeout from the payment request until the payment is approved or declined
 */
@ConfigurationProperties("sagashop.order")
public record OrderProcessProperties(
    @DefaultValue("30s") Duration reservationTimeout,
    @DefaultValue("30s") Duration paymentTimeout) {}
