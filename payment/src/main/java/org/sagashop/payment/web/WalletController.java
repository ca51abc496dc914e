package org.sagashop.payment.web;

import jakarta.validation.Valid;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.platform.security.CurrentUser;
import org.sagashop.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own payment account: its balance, and deposits into it. */
@RestController
@RequestMapping("/api/wallet")
public class WalletController {

  private final WalletService wallets;

  WalletController(WalletService wallets) {
    this.wallets = wallets;
  }

  @GetMapping
  public WalletResponse wallet(@AuthenticationPrincipal Jwt jwt) {
    String userId = CurrentUser.of(jwt).userId();
    return wallets
        .account(userId)
        .map(found -> new WalletResponse(found.accountId(), found.balance()))
        .orElseThrow(WalletController::noAccountYet);
  }

  /** Answers with the balance the deposit produced, which the read model may not show yet. */
  @PostMapping("/deposits")
  public WalletResponse deposit(
      @AuthenticationPrincipal Jwt jwt, @Valid @RequestBody DepositRequest request) {
    String userId = CurrentUser.of(jwt).userId();
    return wallets
        .deposit(userId, request.amount())
        .map(balance -> new WalletResponse(userId, balance))
        .orElseThrow(WalletController::noAccountYet);
  }

  private static ErrorResponseException noAccountYet() {
    return new ErrorResponseException(
        HttpStatus.NOT_FOUND,
        Problems.of(
            ErrorCode.ACCOUNT_NOT_FOUND,
            "You have no payment account yet. It is opened when you register; if you registered"
                + " a moment ago, try again shortly."),
        null);
  }
}
