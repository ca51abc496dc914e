package org.sagashop.payment.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.coreapi.payment.command.ProcessPaymentCommand;
import org.sagashop.coreapi.payment.command.RefundPaymentCommand;
import org.sagashop.coreapi.payment.event.AccountOpenedEvent;
import org.sagashop.coreapi.payment.event.MoneyDepositedEvent;
import org.sagashop.coreapi.payment.event.PaymentApprovedEvent;
import org.sagashop.coreapi.payment.event.PaymentDeclinedEvent;
import org.sagashop.coreapi.payment.event.PaymentRefundedEvent;
import org.sagashop.platform.web.DomainRuleException;

/**
 * A user's payment account; its identifier is the user's. It remembers what happened to every order
 * it has seen, so that each payment command is idempotent per order: the order saga may retry any
 * of them after a lost reply. The balance never goes below zero.
 */
@Aggregate
class Account {

  private static final BigDecimal MIN_DEPOSIT = new BigDecimal(AccountLimits.MIN_DEPOSIT);
  private static final BigDecimal MAX_DEPOSIT = new BigDecimal(AccountLimits.MAX_DEPOSIT);
  private static final BigDecimal NOTHING = money(BigDecimal.ZERO);

  @AggregateIdentifier private String accountId;
  private BigDecimal balance;
  private final Map<String, OrderPayment> orders = new HashMap<>();

  Account() {
    // for Axon: the account is created by OpenAccountCommand, whose policy is create-if-missing
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  void handle(OpenAccountCommand command) {
    if (accountId != null) {
      return;
    }
    BigDecimal startingBalance = requireMoney(command.startingBalance(), "The starting balance");
    if (startingBalance.signum() < 0) {
      throw invalid("The starting balance may not be negative, but it is " + startingBalance);
    }
    apply(new AccountOpenedEvent(command.accountId(), startingBalance));
  }

  @CommandHandler
  BigDecimal handle(DepositMoneyCommand command) {
    BigDecimal amount = requireMoney(command.amount(), "The amount to deposit");
    if (amount.compareTo(MIN_DEPOSIT) < 0 || amount.compareTo(MAX_DEPOSIT) > 0) {
      throw invalid(
          "The amount to deposit must be between %s and %s, but it is %s"
              .formatted(MIN_DEPOSIT, MAX_DEPOSIT, amount));
    }
    BigDecimal newBalance = balance.add(amount);
    apply(new MoneyDepositedEvent(accountId, amount, newBalance));
    return newBalance;
  }

  @CommandHandler
  void handle(ProcessPaymentCommand command, PaymentPolicy policy) {
    String orderId = requireOrderId(command.orderId());
    BigDecimal amount = requireMoney(command.amount(), "The amount to charge");
    if (amount.signum() <= 0) {
      throw invalid("The amount to charge must be more than 0.00, but it is " + amount);
    }
    OrderPayment order = orderPayment(orderId);
    if (order.declined()) {
      return;
    }
    if (order.closed()) {
      decline(orderId, amount, "The order was already cancelled");
    } else if (order.charged()) {
      return;
    } else if (!policy.allows(amount)) {
      decline(
          orderId,
          amount,
          "The order total %s is over the limit of %s per order"
              .formatted(amount, policy.orderLimit()));
    } else if (balance.compareTo(amount) < 0) {
      decline(
          orderId,
          amount,
          "Insufficient funds: the order costs %s and your balance is %s"
              .formatted(amount, balance));
    } else {
      apply(new PaymentApprovedEvent(accountId, orderId, amount, balance.subtract(amount)));
    }
  }

  @CommandHandler
  void handle(RefundPaymentCommand command) {
    String orderId = requireOrderId(command.orderId());
    OrderPayment order = orderPayment(orderId);
    if (order.closed()) {
      return;
    }
    BigDecimal refund = order.amountCharged();
    apply(new PaymentRefundedEvent(accountId, orderId, refund, balance.add(refund)));
  }

  @EventSourcingHandler
  void on(AccountOpenedEvent event) {
    accountId = event.accountId();
    balance = event.startingBalance();
  }

  @EventSourcingHandler
  void on(MoneyDepositedEvent event) {
    balance = event.balance();
  }

  @EventSourcingHandler
  void on(PaymentApprovedEvent event) {
    balance = event.balance();
    orders.put(event.orderId(), orderPayment(event.orderId()).afterApproval(event.amount()));
  }

  @EventSourcingHandler
  void on(PaymentDeclinedEvent event) {
    orders.put(event.orderId(), orderPayment(event.orderId()).afterDecline());
  }

  @EventSourcingHandler
  void on(PaymentRefundedEvent event) {
    balance = event.balance();
    orders.put(event.orderId(), orderPayment(event.orderId()).afterRefund());
  }

  private void decline(String orderId, BigDecimal amount, String reason) {
    apply(new PaymentDeclinedEvent(accountId, orderId, amount, reason));
  }

  private OrderPayment orderPayment(String orderId) {
    return orders.getOrDefault(orderId, OrderPayment.NOT_SEEN);
  }

  private static String requireOrderId(String orderId) {
    if (orderId == null || orderId.isBlank()) {
      throw invalid("The order id is missing");
    }
    return orderId;
  }

  /** Money is kept to the cent: 80 becomes 80.00, and 80.001 is refused rather than rounded. */
  private static BigDecimal requireMoney(BigDecimal amount, String what) {
    if (amount == null) {
      throw invalid(what + " is missing");
    }
    if (amount.stripTrailingZeros().scale() > AccountLimits.MONEY_DECIMALS) {
      throw invalid(
          "%s may have at most %d decimal places, but it is %s"
              .formatted(what, AccountLimits.MONEY_DECIMALS, amount.toPlainString()));
    }
    return money(amount);
  }

  private static BigDecimal money(BigDecimal amount) {
    return amount.setScale(AccountLimits.MONEY_DECIMALS);
  }

  private static DomainRuleException invalid(String message) {
    return new DomainRuleException(ErrorCode.VALIDATION_FAILED, message);
  }

  /**
   * What this account knows about one order. A refund closes the order, whether or not it was
   * charged, so that a charge arriving after the order was cancelled is declined.
   */
  private record OrderPayment(BigDecimal amountCharged, boolean declined, boolean closed) {

    static final OrderPayment NOT_SEEN = new OrderPayment(NOTHING, false, false);

    boolean charged() {
      return amountCharged.signum() > 0;
    }

    OrderPayment afterApproval(BigDecimal amount) {
      return new OrderPayment(amount, declined, closed);
    }

    OrderPayment afterDecline() {
      return new OrderPayment(amountCharged, true, closed);
    }

    OrderPayment afterRefund() {
      return new OrderPayment(amountCharged, declined, true);
    }
  }
}
