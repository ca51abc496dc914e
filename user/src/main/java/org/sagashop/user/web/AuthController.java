package org.sagashop.user.web;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.platform.web.Problems;
import org.sagashop.user.command.RegisterUserCommand;
import org.sagashop.user.command.Roles;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
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

  private final CommandGateway commands;
  private final PasswordEncoder passwordEncoder;
  private final Authenticator authenticator;
  private final AccessTokenIssuer tokens;

  AuthController(
      CommandGateway commands,
      PasswordEncoder passwordEncoder,
      Authenticator authenticator,
      AccessTokenIssuer tokens) {
    this.commands = commands;
    this.passwordEncoder = passwordEncoder;
    this.authenticator = authenticator;
    this.tokens = tokens;
  }

  @PostMapping("/register")
  ResponseEntity<RegisteredUser> register(@Valid @RequestBody RegisterRequest request) {
    String userId = UUID.randomUUID().toString();
    commands.sendAndWait(
        new RegisterUserCommand(
            userId,
            request.username(),
            request.displayName(),
            request.email(),
            passwordEncoder.encode(request.password()),
            Set.of(Roles.USER)));
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
