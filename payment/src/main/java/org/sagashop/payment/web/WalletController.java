package org.sagashop.payment.web;

import jakarta.validation.Valid;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.payment.command.DepositMoneyCommand;
import org.sagashop.payment.query.AccountBalance;
import org.sagashop.payment.query.FindAccountQuery;
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

  static final long TIMEOUT_SECONDS = 10;

  private final CommandGateway commandGateway;
  private final QueryGateway queryGateway;

  public WalletController(CommandGateway commandGateway, QueryGateway queryGateway) {
    this.commandGateway = commandGateway;
    this.queryGateway = queryGateway;
  }

  @GetMapping
  public WalletResponse wallet(@AuthenticationPrincipal Jwt jwt) {
    String userId = CurrentUser.of(jwt).userId();
    Optional<AccountBalance> account =
        queryGateway
            .query(
                new FindAccountQuery(userId),
                ResponseTypes.optionalInstanceOf(AccountBalance.class))
            .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .join();
    return account
        .map(found -> new WalletResponse(found.accountId(), found.balance()))
        .orElseThrow(WalletController::noAccountYet);
  }

  /** Answers with the balance the deposit produced, which the read model may not show yet. */
  @PostMapping("/deposits")
  public WalletResponse deposit(
      @AuthenticationPrincipal Jwt jwt, @Valid @RequestBody DepositRequest request) {
    String userId = CurrentUser.of(jwt).userId();
    BigDecimal balance =
        commandGateway.sendAndWait(
            new DepositMoneyCommand(userId, request.amount()), TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return new WalletResponse(userId, balance);
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
