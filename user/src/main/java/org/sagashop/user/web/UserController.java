package org.sagashop.user.web;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.platform.security.CurrentUser;
import org.sagashop.platform.web.Problems;
import org.sagashop.user.query.FindUserProfileQuery;
import org.sagashop.user.query.UserProfile;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class UserController {

  static final String ME = "/api/users/me";

  private final QueryGateway queries;

  UserController(QueryGateway queries) {
    this.queries = queries;
  }

  /**
   * The caller's profile; the order service reads it too, to learn who the buyer is. Sign-up
   * answers only once the profile can be read here (see {@link SignUp}), so the lookup does not
   * wait: a 404 means a token whose user does not exist.
   */
  @GetMapping(ME)
  UserProfile me(@AuthenticationPrincipal Jwt jwt) {
    String userId = CurrentUser.of(jwt).userId();
    return queries
        .query(
            new FindUserProfileQuery(userId), ResponseTypes.optionalInstanceOf(UserProfile.class))
        .join()
        .orElseThrow(
            () ->
                new ErrorResponseException(
                    HttpStatus.NOT_FOUND,
                    Problems.of(ErrorCode.USER_NOT_FOUND, "There is no profile for user " + userId),
                    null));
  }
}
