package org.sagashop.coreapi;

/**
 * The details a refused command carries back to its sender, also across the distributed command bus
 * where the exception type itself is lost.
 */
public record ErrorDetails(ErrorCode code, String message) {}
