package org.sagashop.user.query;

import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.sagashop.coreapi.user.event.UserRegisteredEvent;
import org.springframework.stereotype.Component;

/** Keeps {@code user_profile} up to date and answers profile queries from it. */
@Component
@ProcessingGroup("user-profiles")
public class UserProfileProjection {

  private final UserProfileRepository profiles;

  UserProfileProjection(UserProfileRepository profiles) {
    this.profiles = profiles;
  }

  /** Saving by id makes a replayed or redelivered event harmless. */
  @EventHandler
  void on(UserRegisteredEvent event) {
    profiles.save(UserProfileEntity.registered(event));
  }

  @ResetHandler
  void reset() {
    profiles.deleteAllInBatch();
  }

  @QueryHandler
  Optional<UserProfile> handle(FindUserProfileQuery query) {
    return profiles.findById(query.userId()).map(UserProfileEntity::toProfile);
  }
}
