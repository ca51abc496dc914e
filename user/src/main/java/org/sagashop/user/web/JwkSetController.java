package org.sagashop.user.web;

import java.time.Duration;
import java.util.Map;
import org.sagashop.user.config.SigningKeys;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public keys access tokens are verified with, for the gateway and every service. */
@RestController
class JwkSetController {

  static final String PATH = "/.well-known/jwks.json";

  private final Map<String, Object> jwkSet;

  JwkSetController(SigningKeys keys) {
    this.jwkSet = keys.publicKeys().toJSONObject(true);
  }

  @GetMapping(path = PATH, produces = "application/jwk-set+json")
  ResponseEntity<Map<String, Object>> jwkSet() {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
        .body(jwkSet);
  }
}
