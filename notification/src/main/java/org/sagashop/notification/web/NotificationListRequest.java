package org.sagashop.notification.web;

import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * The query parameters of the notification list.
 *
 * @param limit how many of the newest notifications to return; {@value #DEFAULT_LIMIT} when absent
 */
public record NotificationListRequest(
    @Parameter(
            description = "How many of the newest notifications to return (1 to 200, default 50)")
        // taken as text: Spring's number conversion would read "0x10" as 16 and a blank as absent
        @Pattern(regexp = "[0-9]{1,9}", message = "must be a whole number")
        @Min(value = 1, message = "must be between 1 and " + NotificationListRequest.MAX_LIMIT)
        @Max(
            value = NotificationListRequest.MAX_LIMIT,
            message = "must be between 1 and " + NotificationListRequest.MAX_LIMIT)
        String limit) {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;

  int limitOrDefault() {
    return limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit);
  }
}
