package org.sagashop.order.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The part of the user service's profile that an order needs; other fields are not read. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BuyerProfile(String userId, String username, String displayName, String email) {}
