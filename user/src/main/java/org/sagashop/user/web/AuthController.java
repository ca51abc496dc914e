package org.sagashop.user.web;

import jakarta.validation.Valid;
import java.net.URI;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Sign-up and sign-in; both are open without a token. */
@RestController
@RequestMapping("/api/auth")
class AuthController {

  /** The same answer for an unknown user and a wrong password: it must not reveal which it was. */
  static final String BAD_CREDENTIALS = "Wrong username or password";

  private final SignUp signUp;
  private final Authenticator authenticator;
  private final AccessTokenIssuer tokens;

  AuthController(SignUp signUp, Authenticator authenticator, AccessTokenIssuer tokens) {
    this.signUp = signUp;
    this.authenticator = authenticator;
    this.tokens = tokens;
  }

  /** Answers once the new user's profile can be read (see {@link SignUp}). */
  @PostMapping("/register")
  ResponseEntity<RegisteredUser> register(@Valid @RequestBody RegisterRequest request) {
    String userId = signUp.register(request);
    return ResponseEntity.created(URI.create(UserController.ME)).body(new RegisteredUser(userId));
  }

  @PostMapping("/login")
  AccessToken login(@Valid @RequestBody LoginRequest request) {
    return authenticator
        .authenticate(request.username(), request.password())
        .map(tokens::issue)
        .orElseThrow(
            () ->
                new ErrorResponseException(
                    HttpStatus.UNAUTHORIZED,
                    Problems.of(ErrorCode.BAD_CREDENTIALS, BAD_CREDENTIALS),
                    null));
  }
}
