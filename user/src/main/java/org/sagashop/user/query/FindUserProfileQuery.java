package org.sagashop.user.query;

/** The profile of one user; answered with an {@code Optional<UserProfile>}. */
public record FindUserProfileQuery(String userId) {}
