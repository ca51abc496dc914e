package org.sagashop.payment.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.payment.command.DepositMoneyCommand;
import org.sagashop.payment.config.PaymentProperties;
import org.sagashop.payment.query.AccountBalance;
import org.sagashop.payment.query.FindAccountQuery;
import org.sagashop.platform.security.SecurityConfiguration;
import org.sagashop.platform.test.TestTokens;
import org.sagashop.platform.web.ApiExceptionHandler;
import org.sagashop.platform.web.DomainRuleException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@WebMvcTest(WalletController.class)
@Import({SecurityConfiguration.class, ApiExceptionHandler.class, WalletService.class})
@EnableConfigurationProperties(PaymentProperties.class)
@TestPropertySource(
    properties = {
      "spring.cloud.config.enabled=false",
      TestTokens.JWK_SET_PROPERTY,
      "sagashop.payment.starting-balance=500.00",
      "sagashop.payment.order-limit=1000.00",
      "sagashop.payment.account-wait=" + WalletControllerTest.ACCOUNT_WAIT_MILLIS + "ms"
    })
class WalletControllerTest {

  static final long ACCOUNT_WAIT_MILLIS = 1000;

  private static final String USER = "6e2c4d5f-0a1b-4c8d-9e2f-3a4b5c6d7e8f";
  private static final BigDecimal STARTING_BALANCE = new BigDecimal("500.00");

  @Autowired private MockMvc mvc;
  @MockitoBean private CommandGateway commandGateway;
  @MockitoBean private QueryGateway queryGateway;

  private static MockHttpServletRequestBuilder deposit(String json) {
    return post("/api/wallet/deposits")
        .with(jwt().jwt(token -> token.subject(USER)))
        .contentType(MediaType.APPLICATION_JSON)
        .content(json);
  }

  private void accountOfUser(Optional<AccountBalance> account) {
    doReturn(CompletableFuture.completedFuture(account))
        .when(queryGateway)
        .query(eq(new FindAccountQuery(USER)), anyResponseType());
  }

  @Test
  void answersTheCallersOwnBalance() throws Exception {
    accountOfUser(Optional.of(new AccountBalance(USER, new BigDecimal("500.00"))));

    mvc.perform(get("/api/wallet").with(jwt().jwt(token -> token.subject(USER))))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.accountId").value(USER))
        .andExpect(content().string(containsString("\"balance\":500.00")));
  }

  /**
   * The account is opened a moment after sign-up, from the registration event: until then the read
   * model does not show it and the account refuses commands, as the real ones do. The moment is
   * counted from the service's first look at the account, so a slow first request in a fresh JVM
   * cannot let the account open before the request arrives.
   */
  private void accountOpensAfter(Duration delay) {
    Opening opening = new Opening(delay);
    doAnswer(
            call ->
                CompletableFuture.completedFuture(
                    opening.isDone()
                        ? Optional.of(new AccountBalance(USER, STARTING_BALANCE))
                        : Optional.empty()))
        .when(queryGateway)
        .query(eq(new FindAccountQuery(USER)), anyResponseType());
    when(commandGateway.sendAndWait(any(DepositMoneyCommand.class), anyLong(), any()))
        .thenAnswer(
            call -> {
              if (!opening.isDone()) {
                throw new DomainRuleException(
                    ErrorCode.ACCOUNT_NOT_FOUND, "There is no payment account for user " + USER);
              }
              return STARTING_BALANCE.add(call.<DepositMoneyCommand>getArgument(0).amount());
            });
  }

  private static final class Opening {

    private final Duration delay;
    private Instant doneAt;

    Opening(Duration delay) {
      this.delay = delay;
    }

    synchronized boolean isDone() {
      if (doneAt == null) {
        doneAt = Instant.now().plus(delay);
      }
      return !Instant.now().isBefore(doneAt);
    }
  }

  @Test
  void answersTheBalanceOfAnAccountOpenedAMomentAfterTheRequest() throws Exception {
    accountOpensAfter(Duration.ofMillis(100));

    mvc.perform(get("/api/wallet").with(jwt().jwt(token -> token.subject(USER))))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.accountId").value(USER))
        .andExpect(content().string(containsString("\"balance\":500.00")));
  }

  @Test
  void answersNotFoundOnlyAfterWaitingForTheAccountInVain() throws Exception {
    accountOfUser(Optional.empty());
    long started = System.nanoTime();

    mvc.perform(get("/api/wallet").with(jwt().jwt(token -> token.subject(USER))))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.code").value("ACCOUNT_NOT_FOUND"))
        .andExpect(jsonPath("$.detail").value(startsWith("You have no payment account yet.")));

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(ACCOUNT_WAIT_MILLIS));
    verify(queryGateway, atLeast(2)).query(eq(new FindAccountQuery(USER)), anyResponseType());
  }

  @Test
  void refusesTheWalletWithoutAToken() throws Exception {
    mvc.perform(get("/api/wallet")).andExpect(status().isUnauthorized());
    verifyNoInteractions(queryGateway);
  }

  @Test
  void depositsIntoTheCallersAccountAndAnswersTheNewBalance() throws Exception {
    accountOpensAfter(Duration.ZERO);

    mvc.perform(deposit("{\"amount\": 25.50}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.accountId").value(USER))
        .andExpect(content().string(containsString("\"balance\":525.50")));
    verify(commandGateway)
        .sendAndWait(eq(new DepositMoneyCommand(USER, new BigDecimal("25.50"))), anyLong(), any());
  }

  @Test
  void depositsIntoAnAccountOpenedAMomentAfterTheRequest() throws Exception {
    accountOpensAfter(Duration.ofMillis(100));

    mvc.perform(deposit("{\"amount\": 25.50}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.accountId").value(USER))
        .andExpect(content().string(containsString("\"balance\":525.50")));
  }

  @Test
  void answersNotFoundToADepositOnlyAfterWaitingForTheAccountInVain() throws Exception {
    accountOpensAfter(Duration.ofDays(1));
    long started = System.nanoTime();

    mvc.perform(deposit("{\"amount\": 10}"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.code").value("ACCOUNT_NOT_FOUND"));

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(ACCOUNT_WAIT_MILLIS));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"amount\": 0}",
        "{\"amount\": 0.009}",
        "{\"amount\": -5.00}",
        "{\"amount\": 10.001}",
        "{\"amount\": 100000.01}",
        "{\"amount\": null}",
        "{}",
        "{\"amount\": \"lots\"}",
        "{\"amount\": 10, \"currency\": \"EUR\"}",
        "not json"
      })
  void refusesAnInvalidDepositWithoutSendingIt(String body) throws Exception {
    mvc.perform(deposit(body))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
        .andExpect(jsonPath("$.detail").isNotEmpty());
    verifyNoInteractions(commandGateway);
  }

  @Test
  void namesTheFieldAndTheReasonOfAnInvalidDeposit() throws Exception {
    mvc.perform(deposit("{\"amount\": 0}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("amount"))
        .andExpect(jsonPath("$.errors[0].reason").value("must be at least 0.01"));
  }

  /** Any response type, typed: a raw {@code any(ResponseType.class)} is an unchecked call. */
  private static ResponseType<Optional<AccountBalance>> anyResponseType() {
    return any();
  }
}
