package org.sagashop.coreapi.user.event;

import java.util.Set;

/** A new user. Carries no credential: the event store keeps events for ever. */
public record UserRegisteredEvent(
    String userId, String username, String displayName, String email, Set<String> roles) {}
