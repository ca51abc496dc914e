package org.sagashop.order.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.Scope;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.axonframework.test.deadline.ScheduledDeadlineInfo;
import org.axonframework.test.deadline.StubDeadlineManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.coreapi.product.command.ReleaseStockCommand;
import org.sagashop.order.saga.SagaCommandDispatcher.Refusal;
import org.sagashop.order.saga.SagaCommandDispatcher.Retrying;
import org.sagashop.platform.web.DomainRuleException;

class SagaCommandDispatcherTest {

  private static final String ORDER = "order-1";
  private static final ReleaseStockCommand RELEASE = new ReleaseStockCommand("tea", ORDER, "why");
  private static final ScopeDescriptor SAGA = new SagaScopeDescriptor("OrderSaga", "saga-1");
  private static final OrderProcessProperties.Retry BACKOFF =
      new OrderProcessProperties.Retry(Duration.ofSeconds(1), 2, Duration.ofSeconds(10));

  private final SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
  private final CommandGateway gateway =
      DefaultCommandGateway.builder().commandBus(commandBus).build();
  private final StubDeadlineManager deadlines = new StubDeadlineManager();
  private final List<Refusal> refusals = new ArrayList<>();
  private SagaCommandDispatcher dispatcher;

  @BeforeEach
  void setUp() {
    dispatcher = new SagaCommandDispatcher(gateway, deadlines, BACKOFF);
  }

  @Test
  void schedulesNothingWhenTheCommandGoesThrough() {
    productServiceAnswers(command -> null);

    sendInSaga(new Retrying(OrderSaga.RETRY_RELEASE, new CommandRetry(ORDER, "tea", 1)));

    assertThat(deadlines.getScheduledDeadlines()).isEmpty();
    assertThat(refusals).isEmpty();
  }

  @Test
  void schedulesTheNextAttemptInTheSagasScopeWhenNoInstanceIsAvailable() {
    sendInSaga(new Retrying(OrderSaga.RETRY_RELEASE, new CommandRetry(ORDER, "tea", 3)));

    ScheduledDeadlineInfo retry = onlyScheduledDeadline();
    assertThat(retry.getDeadlineName()).isEqualTo(OrderSaga.RETRY_RELEASE);
    assertThat(retry.deadlineMessage().getPayload()).isEqualTo(new CommandRetry(ORDER, "tea", 4));
    assertThat(retry.getDeadlineScope()).isEqualTo(SAGA);
    assertThat(retry.getScheduleTime())
        .isEqualTo(deadlines.getCurrentDateTime().plus(Duration.ofSeconds(4)));
    assertThat(refusals).isEmpty();
  }

  @Test
  void retriesARefusalThatMeansNotThereYet() {
    productServiceAnswers(
        command -> {
          throw new DomainRuleException(ErrorCode.PRODUCT_NOT_FOUND, "There is no product tea");
        });

    sendInSaga(
        new Retrying(OrderSaga.RETRY_RELEASE, new CommandRetry(ORDER, "tea", 1)),
        Set.of(ErrorCode.PRODUCT_NOT_FOUND));

    assertThat(onlyScheduledDeadline().deadlineMessage().getPayload())
        .isEqualTo(new CommandRetry(ORDER, "tea", 2));
    assertThat(refusals).isEmpty();
  }

  @Test
  void handsAnyOtherRefusalToTheSenderWithTheSagasScope() {
    productServiceAnswers(
        command -> {
          throw new DomainRuleException(ErrorCode.VALIDATION_FAILED, "A release needs a reason");
        });

    sendInSaga(
        new Retrying(OrderSaga.RETRY_RELEASE, new CommandRetry(ORDER, "tea", 1)),
        Set.of(ErrorCode.PRODUCT_NOT_FOUND));

    assertThat(deadlines.getScheduledDeadlines()).isEmpty();
    assertThat(refusals).hasSize(1);
    assertThat(refusals.get(0).details().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
    assertThat(refusals.get(0).details().message()).isEqualTo("A release needs a reason");
    assertThat(refusals.get(0).scope()).isEqualTo(SAGA);
  }

  @Test
  void schedulesNoRetryForASendThatIsNotRetried() {
    sendInSaga(null);

    assertThat(deadlines.getScheduledDeadlines()).isEmpty();
    assertThat(refusals).isEmpty();
  }

  @Test
  void carriesOnWhenTheRetryCannotBeScheduled() {
    SagaCommandDispatcher withBrokenDeadlines =
        new SagaCommandDispatcher(
            gateway,
            new StubDeadlineManager() {
              @Override
              public String schedule(
                  Duration triggerDuration,
                  String deadlineName,
                  Object messageOrPayload,
                  ScopeDescriptor deadlineScope) {
                throw new IllegalStateException("the job store is unreachable");
              }
            },
            BACKOFF);

    assertThatCode(
            () ->
                inSaga(
                    () -> {
                      withBrokenDeadlines.send(
                          ORDER,
                          RELEASE,
                          new Retrying(OrderSaga.RETRY_RELEASE, new CommandRetry(ORDER, "tea", 1)),
                          Set.of(),
                          refusals::add);
                      return null;
                    }))
        .doesNotThrowAnyException();
  }

  private void productServiceAnswers(MessageHandler<? super CommandMessage<?>> handler) {
    commandBus.subscribe(ReleaseStockCommand.class.getName(), handler);
  }

  private void sendInSaga(Retrying retry) {
    sendInSaga(retry, Set.of());
  }

  private void sendInSaga(Retrying retry, Set<ErrorCode> notThereYet) {
    inSaga(
        () -> {
          dispatcher.send(ORDER, RELEASE, retry, notThereYet, refusals::add);
          return null;
        });
  }

  private ScheduledDeadlineInfo onlyScheduledDeadline() {
    assertThat(deadlines.getScheduledDeadlines()).hasSize(1);
    return deadlines.getScheduledDeadlines().get(0);
  }

  /** Runs {@code work} as a saga's handler runs: inside the saga's scope. */
  private static void inSaga(Callable<Void> work) {
    try {
      new Scope() {
        @Override
        public ScopeDescriptor describeScope() {
          return SAGA;
        }

        Void run() throws Exception {
          return executeWithResult(work);
        }
      }.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
