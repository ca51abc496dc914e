package org.sagashop.payment.query;

/** The balance of one account; answered with an empty result when the account does not exist. */
public record FindAccountQuery(String accountId) {}
