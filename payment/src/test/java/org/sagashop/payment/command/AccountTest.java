package org.sagashop.payment.command;

import java.math.BigDecimal;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.coreapi.ErrorDetails;
import org.sagashop.coreapi.payment.command.ProcessPaymentCommand;
import org.sagashop.coreapi.payment.command.RefundPaymentCommand;
import org.sagashop.coreapi.payment.event.AccountOpenedEvent;
import org.sagashop.coreapi.payment.event.MoneyDepositedEvent;
import org.sagashop.coreapi.payment.event.PaymentApprovedEvent;
import org.sagashop.coreapi.payment.event.PaymentDeclinedEvent;
import org.sagashop.coreapi.payment.event.PaymentRefundedEvent;
import org.sagashop.payment.config.PaymentConfiguration;
import org.sagashop.platform.web.DomainRuleException;

class AccountTest {

  private static final String ACCOUNT = "3f0b8c9e-6a43-4b7e-9d55-0d6f6f1d2a10";
  private static final String ORDER = "a8d3f1e2-5b7c-4c1d-8e9f-112233445566";
  private static final String OTHER_ORDER = "b9e4a2f3-6c8d-4d2e-9fa0-223344556677";

  private FixtureConfiguration<Account> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Account.class);
    fixture.registerInjectableResource(new PaymentPolicy(money("1000.00")));
    fixture.registerCommandHandlerInterceptor(PaymentConfiguration.unknownAccount());
  }

  private static BigDecimal money(String amount) {
    return new BigDecimal(amount);
  }

  private static AccountOpenedEvent opened(String balance) {
    return new AccountOpenedEvent(ACCOUNT, money(balance));
  }

  private static PaymentApprovedEvent approved(String orderId, String amount, String balance) {
    return new PaymentApprovedEvent(ACCOUNT, orderId, money(amount), money(balance));
  }

  private static ErrorDetails invalid(String message) {
    return new ErrorDetails(ErrorCode.VALIDATION_FAILED, message);
  }

  @Test
  void opensAccountWithStartingBalance() {
    fixture
        .givenNoPriorActivity()
        .when(new OpenAccountCommand(ACCOUNT, money("500")))
        .expectSuccessfulHandlerExecution()
        .expectEvents(opened("500.00"));
  }

  @Test
  void openingAnOpenAccountAgainChangesNothing() {
    fixture
        .given(opened("500.00"), new MoneyDepositedEvent(ACCOUNT, money("20.00"), money("520.00")))
        .when(new OpenAccountCommand(ACCOUNT, money("500.00")))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void refusesNegativeStartingBalance() {
    fixture
        .givenNoPriorActivity()
        .when(new OpenAccountCommand(ACCOUNT, money("-1.00")))
        .expectException(DomainRuleException.class)
        .expectExceptionDetails(
            invalid("The starting balance may not be negative, but it is -1.00"))
        .expectNoEvents();
  }

  @Test
  void depositAddsToBalanceAndAnswersTheNewBalance() {
    fixture
        .given(opened("500.00"))
        .when(new DepositMoneyCommand(ACCOUNT, money("25.5")))
        .expectEvents(new MoneyDepositedEvent(ACCOUNT, money("25.50"), money("525.50")))
        .expectResultMessagePayload(money("525.50"));
  }

  @Test
  void refusesDepositOfNothing() {
    fixture
        .given(opened("500.00"))
        .when(new DepositMoneyCommand(ACCOUNT, money("0.00")))
        .expectException(DomainRuleException.class)
        .expectExceptionDetails(
            invalid("The amount to deposit must be between 0.01 and 100000.00, but it is 0.00"))
        .expectNoEvents();
  }

  @Test
  void refusesNegativeDeposit() {
    fixture
        .given(opened("500.00"))
        .when(new DepositMoneyCommand(ACCOUNT, money("-10.00")))
        .expectException(DomainRuleException.class)
        .expectNoEvents();
  }

  @Test
  void refusesDepositOverTheMaximum() {
    fixture
        .given(opened("500.00"))
        .when(new DepositMoneyCommand(ACCOUNT, money("100000.01")))
        .expectException(DomainRuleException.class)
        .expectExceptionDetails(
            invalid(
                "The amount to deposit must be between 0.01 and 100000.00, but it is 100000.01"))
        .expectNoEvents();
  }

  @Test
  void refusesDepositWithFractionsOfCents() {
    fixture
        .given(opened("500.00"))
        .when(new DepositMoneyCommand(ACCOUNT, money("10.001")))
        .expectException(DomainRuleException.class)
        .expectExceptionDetails(
            invalid("The amount to deposit may have at most 2 decimal places, but it is 10.001"))
        .expectNoEvents();
  }

  @Test
  void refusesDepositWithoutAmount() {
    fixture
        .given(opened("500.00"))
        .when(new DepositMoneyCommand(ACCOUNT, null))
        .expectException(DomainRuleException.class)
        .expectExceptionDetails(invalid("The amount to deposit is missing"))
        .expectNoEvents();
  }

  @Test
  void refusesDepositToAnAccountThatWasNeverOpened() {
    fixture
        .givenNoPriorActivity()
        .when(new DepositMoneyCommand(ACCOUNT, money("10.00")))
        .expectException(DomainRuleException.class)
        .expectExceptionDetails(
            new ErrorDetails(
                ErrorCode.ACCOUNT_NOT_FOUND, "There is no payment account for user " + ACCOUNT))
        .expectNoEvents();
  }

  @Test
  void approvesPaymentWithinBalanceAndLimit() {
    fixture
        .given(opened("500.00"))
        .when(new ProcessPaymentCommand(ACCOUNT, ORDER, money("80")))
        .expectSuccessfulHandlerExecution()
        .expectEvents(approved(ORDER, "80.00", "420.00"));
  }

  @Test
  void approvesPaymentOfTheWholeBalance() {
    fixture
        .given(opened("80.00"))
        .when(new ProcessPaymentCommand(ACCOUNT, ORDER, money("80.00")))
        .expectEvents(approved(ORDER, "80.00", "0.00"));
  }

  @Test
  void approvesPaymentOfExactlyTheOrderLimit() {
    fixture
        .given(opened("5000.00"))
        .when(new ProcessPaymentCommand(ACCOUNT, ORDER, money("1000.00")))
        .expectEvents(approved(ORDER, "1000.00", "4000.00"));
  }

  @Test
  void declinesPaymentWhenBalanceIsShort() {
    fixture
        .given(opened("50.00"))
        .when(new ProcessPaymentCommand(ACCOUNT, ORDER, money("80.00")))
        .expectSuccessfulHandlerExecution()
        .expectEvents(
            new PaymentDeclinedEvent(
                ACCOUNT,
                ORDER,
                money("80.00"),
                "Insufficient funds: the order costs 80.00 and your balance is 50.00"));
  }

  @Test
  void declinesPaymentOverTheOrderLimitEvenWhenTheBalanceCoversIt() {
    fixture
        .given(opened("5000.00"))
        .when(new ProcessPaymentCommand(ACCOUNT, ORDER, money("1000.01")))
        .expectEvents(
            new PaymentDeclinedEvent(
                ACCOUNT,
                ORDER,
                money("1000.01"),
                "The order total 1000.01 is over the limit of 1000.00 per order"));
  }

  @Test
  void takesTheOrderLimitFromThePolicy() {
    FixtureConfiguration<Account> higherLimit = new AggregateTestFixture<>(Account.class);
    higherLimit.registerInjectableResource(new PaymentPolicy(money("10000")));
    higherLimit
        .given(opened("50000.00"))
        .when(new ProcessPaymentCommand(ACCOUNT, ORDER, money("12000.00")))
        .expectEvents(
            new PaymentDeclinedEvent(
                ACCOUNT,
                ORDER,
                money("12000.00"),
                "The order total 12000.00 is over the limit of 10000.00 per order"));
  }

  @Test
  void repeatedPaymentForAChargedOrderChangesNothing() {
    fixture
        .given(opened("500.00"), approved(ORDER, "80.00", "420.00"))
        .when(new ProcessPaymentCommand(ACCOUNT, ORDER, money("80.00")))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void repeatedPaymentForADeclinedOrderChangesNothingEvenWhenItWouldNowBeCovered() {
    fixture
        .given(
            opened("50.00"),
            new PaymentDeclinedEvent(ACCOUNT, ORDER, money("80.00"), "Insufficient funds"),
            new MoneyDepositedEvent(ACCOUNT, money("100.00"), money("150.00")))
        .when(new ProcessPaymentCommand(ACCOUNT, ORDER, money("80.00")))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void declinesPaymentForAnOrderAlreadyRefunded() {
    fixture
        .given(
            opened("500.00"),
            approved(ORDER, "80.00", "420.00"),
            new PaymentRefundedEvent(ACCOUNT, ORDER, money("80.00"), money("500.00")))
        .when(new ProcessPaymentCommand(ACCOUNT, ORDER, money("80.00")))
        .expectEvents(
            new PaymentDeclinedEvent(
                ACCOUNT, ORDER, money("80.00"), "The order was already cancelled"));
  }

  @Test
  void declinesPaymentArrivingAfterTheOrderWasClosed() {
    fixture
        .given(
            opened("500.00"),
            new PaymentRefundedEvent(ACCOUNT, ORDER, money("0.00"), money("500.00")))
        .when(new ProcessPaymentCommand(ACCOUNT, ORDER, money("80.00")))
        .expectEvents(
            new PaymentDeclinedEvent(
                ACCOUNT, ORDER, money("80.00"), "The order was already cancelled"));
  }

  @Test
  void repeatedPaymentAfterTheOrderWasClosedAndDeclinedChangesNothing() {
    fixture
        .given(
            opened("500.00"),
            new PaymentRefundedEvent(ACCOUNT, ORDER, money("0.00"), money("500.00")),
            new PaymentDeclinedEvent(
                ACCOUNT, ORDER, money("80.00"), "The order was already cancelled"))
        .when(new ProcessPaymentCommand(ACCOUNT, ORDER, money("80.00")))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void chargesEachOrderSeparately() {
    fixture
        .given(opened("500.00"), approved(ORDER, "80.00", "420.00"))
        .when(new ProcessPaymentCommand(ACCOUNT, OTHER_ORDER, money("20.00")))
        .expectEvents(approved(OTHER_ORDER, "20.00", "400.00"));
  }

  @Test
  void refusesPaymentOfNothing() {
    fixture
        .given(opened("500.00"))
        .when(new ProcessPaymentCommand(ACCOUNT, ORDER, money("0.00")))
        .expectException(DomainRuleException.class)
        .expectExceptionDetails(
            invalid("The amount to charge must be more than 0.00, but it is 0.00"))
        .expectNoEvents();
  }

  @Test
  void refusesPaymentWithoutOrderId() {
    fixture
        .given(opened("500.00"))
        .when(new ProcessPaymentCommand(ACCOUNT, " ", money("10.00")))
        .expectException(DomainRuleException.class)
        .expectExceptionDetails(invalid("The order id is missing"))
        .expectNoEvents();
  }

  @Test
  void refusesPaymentForAnAccountThatWasNeverOpened() {
    fixture
        .givenNoPriorActivity()
        .when(new ProcessPaymentCommand(ACCOUNT, ORDER, money("10.00")))
        .expectException(DomainRuleException.class)
        .expectExceptionDetails(
            new ErrorDetails(
                ErrorCode.ACCOUNT_NOT_FOUND, "There is no payment account for user " + ACCOUNT));
  }

  @Test
  void refundGivesBackWhatWasCharged() {
    fixture
        .given(opened("500.00"), approved(ORDER, "80.00", "420.00"))
        .when(new RefundPaymentCommand(ACCOUNT, ORDER, "Out of stock"))
        .expectEvents(new PaymentRefundedEvent(ACCOUNT, ORDER, money("80.00"), money("500.00")));
  }

  @Test
  void refundOfAnOrderNeverChargedClosesItWithNothingGivenBack() {
    fixture
        .given(opened("500.00"))
        .when(new RefundPaymentCommand(ACCOUNT, ORDER, "Out of stock"))
        .expectEvents(new PaymentRefundedEvent(ACCOUNT, ORDER, money("0.00"), money("500.00")));
  }

  @Test
  void refundOfADeclinedOrderGivesBackNothing() {
    fixture
        .given(
            opened("50.00"),
            new PaymentDeclinedEvent(ACCOUNT, ORDER, money("80.00"), "Insufficient funds"))
        .when(new RefundPaymentCommand(ACCOUNT, ORDER, "Payment declined"))
        .expectEvents(new PaymentRefundedEvent(ACCOUNT, ORDER, money("0.00"), money("50.00")));
  }

  @Test
  void repeatedRefundChangesNothing() {
    fixture
        .given(
            opened("500.00"),
            approved(ORDER, "80.00", "420.00"),
            new PaymentRefundedEvent(ACCOUNT, ORDER, money("80.00"), money("500.00")))
        .when(new RefundPaymentCommand(ACCOUNT, ORDER, "Out of stock"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void refundLeavesOtherOrdersCharged() {
    fixture
        .given(
            opened("500.00"),
            approved(ORDER, "80.00", "420.00"),
            approved(OTHER_ORDER, "20.00", "400.00"))
        .when(new RefundPaymentCommand(ACCOUNT, ORDER, "Out of stock"))
        .expectEvents(new PaymentRefundedEvent(ACCOUNT, ORDER, money("80.00"), money("480.00")));
  }
}
