package org.sagashop.platform.admin;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.sagashop.platform.messaging.EventInbox;
import org.sagashop.platform.messaging.EventOutbox;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The two places a message that cannot be handled ends up, for an administrator to look at and then
 * retry or discard: Axon's dead-letter queues (an event a projection kept failing on, with the rest
 * of its sequence), and the service's RabbitMQ dead-letter queue (a message the inbox could not
 * read at all). Nothing here changes a message; a retry hands it back to where it failed.
 */
public class DeadLetters {

  /** At most this many letters are shown per queue: the oldest, which are handled first. */
  static final int SHOWN = 50;

  private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

  private final EventProcessingConfiguration processing;
  private final RabbitTemplate rabbit;
  private final String service;
  private final String queue;
  private final String deadLetterQueue;

  public DeadLetters(
      EventProcessingConfiguration processing,
      RabbitTemplate rabbit,
      String service,
      String queue,
      String deadLetterQueue) {
    this.processing = processing;
    this.rabbit = rabbit;
    this.service = service;
    this.queue = queue;
    this.deadLetterQueue = deadLetterQueue;
  }

  /** What is dead-lettered in this service. */
  public record Report(String service, List<GroupLetters> processingGroups, BrokerLetters broker) {}

  /** An Axon processing group's dead letters. */
  public record GroupLetters(
      String processingGroup, long sequences, long letters, List<Letter> oldest) {}

  /** One event a processing group could not handle, and why. */
  public record Letter(
      String messageId,
      String type,
      String cause,
      Instant enqueuedAt,
      Instant lastTouched,
      Map<String, Object> diagnostics) {}

  /** The RabbitMQ dead-letter queue of this service. */
  public record BrokerLetters(String queue, long messages, List<BrokerLetter> oldest) {}

  /**
   * A message the inbox could not read. Its id is the AMQP message id, or (a message sent without
   * one) a digest of its body.
   */
  public record BrokerLetter(String id, String type, String reason, String origin, int bytes) {}

  /** The outcome of a retry: how many were handed back, and how many are dead-lettered still. */
  public record Retried(String queue, long retried, long stillDeadLettered) {}

  public Report report() {
    List<GroupLetters> groups = new ArrayList<>();
    for (String group : groups()) {
      SequencedDeadLetterQueue<EventMessage<?>> letters = queueOf(group).orElseThrow();
      List<Letter> oldest = new ArrayList<>();
      for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : letters.deadLetters()) {
        for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
          if (oldest.size() < SHOWN) {
            oldest.add(letter(letter));
          }
        }
      }
      groups.add(new GroupLetters(group, letters.amountOfSequences(), letters.size(), oldest));
    }
    return new Report(service, groups, brokerLetters());
  }

  /** The processing groups that have a dead-letter queue. */
  public List<String> groups() {
    return new TreeSet<>(processing.eventProcessors().keySet())
        .stream().filter(group -> queueOf(group).isPresent()).toList();
  }

  /**
   * Hands every dead-lettered sequence of {@code group} back to its event handlers, oldest first; a
   * sequence that fails again stays dead-lettered.
   */
  public Optional<Retried> retry(String group) {
    return queueOf(group)
        .map(
            letters -> {
              long sequences = letters.amountOfSequences();
              long retried = 0;
              var processor = processing.sequencedDeadLetterProcessor(group).orElseThrow();
              for (long i = 0; i < sequences; i++) {
                if (processor.processAny()) {
                  retried++;
                }
              }
              return new Retried(group, retried, letters.size());
            });
  }

  /** Removes one dead-lettered event of {@code group} for good; false if there is none such. */
  public Optional<Boolean> discard(String group, String messageId) {
    return queueOf(group)
        .map(
            letters -> {
              for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence :
                  letters.deadLetters()) {
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                  if (letter.message().getIdentifier().equals(messageId)) {
                    letters.evict(letter);
                    return true;
                  }
                }
              }
              return false;
            });
  }

  /** Sends every message of the RabbitMQ dead-letter queue back to this service's event queue. */
  public Retried retryBroker() {
    long retried =
        rabbit.execute(
            channel -> {
              // only what is there now: a message that fails again comes back to this queue, and
              // must wait for the next retry rather than be taken again by this one
              long waiting = channel.queueDeclarePassive(deadLetterQueue).getMessageCount();
              long moved = 0;
              GetResponse message;
              while (moved < waiting
                  && (message = channel.basicGet(deadLetterQueue, false)) != null) {
                Map<String, Object> headers = new HashMap<>(headersOf(message));
                headers.remove(EventInbox.REASON_HEADER);
                AMQP.BasicProperties properties =
                    message.getProps().builder().headers(headers).build();
                channel.basicPublish("", queue, true, properties, message.getBody());
                confirm(channel);
                channel.basicAck(message.getEnvelope().getDeliveryTag(), false);
                moved++;
              }
              return moved;
            });
    return new Retried(deadLetterQueue, retried, brokerLetters().messages());
  }

  /** Removes one message from the RabbitMQ dead-letter queue for good; false if there is none. */
  public boolean discardFromBroker(String id) {
    return rabbit.execute(
        channel -> {
          List<Long> others = new ArrayList<>();
          try {
            GetResponse message;
            while ((message = channel.basicGet(deadLetterQueue, false)) != null) {
              if (idOf(message).equals(id)) {
                channel.basicAck(message.getEnvelope().getDeliveryTag(), false);
                return true;
              }
              others.add(message.getEnvelope().getDeliveryTag());
            }
            return false;
          } finally {
            for (long tag : others) {
              channel.basicNack(tag, false, true);
            }
          }
        });
  }

  private BrokerLetters brokerLetters() {
    return rabbit.execute(
        channel -> {
          long count = channel.queueDeclarePassive(deadLetterQueue).getMessageCount();
          List<BrokerLetter> oldest = new ArrayList<>();
          List<Long> tags = new ArrayList<>();
          try {
            GetResponse message;
            while (oldest.size() < SHOWN
                && (message = channel.basicGet(deadLetterQueue, false)) != null) {
              tags.add(message.getEnvelope().getDeliveryTag());
              Map<String, Object> headers = headersOf(message);
              oldest.add(
                  new BrokerLetter(
                      idOf(message),
                      text(headers.get("axon-message-type")),
                      text(headers.get(EventInbox.REASON_HEADER)),
                      text(headers.get(EventOutbox.ORIGIN_HEADER)),
                      message.getBody().length));
            }
          } finally {
            // looked at, not taken: every message goes back, in its place
            for (long tag : tags) {
              channel.basicNack(tag, false, true);
            }
          }
          return new BrokerLetters(deadLetterQueue, count, oldest);
        });
  }

  private Optional<SequencedDeadLetterQueue<EventMessage<?>>> queueOf(String group) {
    // asked for a group it does not know, Axon would configure a queue for it on the spot
    if (!processing.eventProcessors().containsKey(group)) {
      return Optional.empty();
    }
    return processing.deadLetterQueue(group);
  }

  private static Letter letter(DeadLetter<? extends EventMessage<?>> letter) {
    return new Letter(
        letter.message().getIdentifier(),
        letter.message().getPayloadType().getName(),
        letter.cause().map(DeadLetters::describe).orElse(null),
        letter.enqueuedAt(),
        letter.lastTouched(),
        Map.copyOf(letter.diagnostics()));
  }

  private static String describe(Cause cause) {
    return cause.type() + ": " + cause.message();
  }

  private static void confirm(Channel channel) throws IOException {
    try {
      channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the broker's confirm", e);
    } catch (TimeoutException e) {
      throw new IOException("the broker did not confirm in time", e);
    }
  }

  private static Map<String, Object> headersOf(GetResponse message) {
    Map<String, Object> headers = message.getProps().getHeaders();
    return headers == null ? Map.of() : headers;
  }

  private static String idOf(GetResponse message) {
    String messageId = message.getProps().getMessageId();
    if (messageId != null && !messageId.isBlank()) {
      return messageId;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(message.getBody());
      return "sha256-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static String text(Object value) {
    if (value == null) {
      return null;
    }
    return value instanceof byte[] bytes
        ? new String(bytes, StandardCharsets.UTF_8)
        : value.toString();
  }
}
