package org.sagashop.notification.web;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.sagashop.notification.query.FindNotificationsQuery;
import org.sagashop.notification.query.NotificationPage;
import org.sagashop.notification.query.NotificationView;
import org.sagashop.platform.security.CurrentUser;
import org.sagashop.platform.web.PageRequest;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own notifications; there is no way to ask for anyone else's. */
@RestController
@RequestMapping("/api/notifications")
class NotificationController {

  private final QueryGateway queryGateway;

  NotificationController(QueryGateway queryGateway) {
    this.queryGateway = queryGateway;
  }

  @Operation(summary = "The caller's notifications, newest first, a page at a time")
  @GetMapping
  CompletableFuture<ResponseEntity<List<NotificationView>>> myNotifications(
      @AuthenticationPrincipal Jwt jwt, @Valid @ParameterObject PageRequest page) {
    String userId = CurrentUser.of(jwt).userId();
    return queryGateway
        .query(
            new FindNotificationsQuery(userId, page.pageOrFirst(), page.limitOrDefault()),
            ResponseTypes.instanceOf(NotificationPage.class))
        .thenApply(found -> page.answer("/api/notifications", found.notifications(), found.more()));
  }
}
