package org.sagashop.platform.messaging;

/** The broker did not confirm an event; the outbox retries it, its token does not move. */
public class EventPublicationException extends RuntimeException {

  public EventPublicationException(String message) {
    super(message);
  }

  public EventPublicationException(String message, Throwable cause) {
    super(message, cause);
  }
}
