package org.sagashop.order.client;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;

/** The user service, found through service discovery. */
@FeignClient(name = "user")
public interface UserClient {

  /** The profile of whoever the access token names; the caller's token is passed on as it is. */
  @GetMapping("/api/users/me")
  BuyerProfile currentUser(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization);
}
