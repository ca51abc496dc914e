package org.sagashop.platform.admin;

import org.sagashop.coreapi.ErrorCode;
import org.sagashop.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dead letters, for administrators: every service has these endpoints, and the gateway routes
 * {@code /api/admin/<service>/dead-letters/**} to them. {@code broker} names the service's RabbitMQ
 * dead-letter queue; any other name is a processing group with an Axon dead-letter queue.
 */
@RestController
@RequestMapping(DeadLetterController.PATH)
@PreAuthorize("hasRole('ADMIN')")
public class DeadLetterController {

  public static final String PATH = "/api/admin/dead-letters";
  static final String BROKER = "broker";

  private final DeadLetters deadLetters;

  public DeadLetterController(DeadLetters deadLetters) {
    this.deadLetters = deadLetters;
  }

  @GetMapping
  public DeadLetters.Report list() {
    return deadLetters.report();
  }

  @PostMapping("/{queue}/retry")
  public DeadLetters.Retried retry(@PathVariable String queue) {
    if (BROKER.equals(queue)) {
      return deadLetters.retryBroker();
    }
    return deadLetters.retry(queue).orElseThrow(() -> unknownQueue(queue));
  }

  @DeleteMapping("/{queue}/{id}")
  public ResponseEntity<Void> discard(@PathVariable String queue, @PathVariable String id) {
    boolean discarded =
        BROKER.equals(queue)
            ? deadLetters.discardFromBroker(id)
            : deadLetters.discard(queue, id).orElseThrow(() -> unknownQueue(queue));
    if (!discarded) {
      throw new ErrorResponseException(
          HttpStatus.NOT_FOUND,
          Problems.of(
              ErrorCode.DEAD_LETTER_NOT_FOUND, "There is no dead letter " + id + " in " + queue),
          null);
    }
    return ResponseEntity.noContent().build();
  }

  private ErrorResponseException unknownQueue(String queue) {
    return new ErrorResponseException(
        HttpStatus.NOT_FOUND,
        Problems.of(
            ErrorCode.DEAD_LETTER_NOT_FOUND,
            "There is no dead-letter queue '"
                + queue
                + "' here; there are: "
                + String.join(", ", deadLetters.groups())
                + (deadLetters.groups().isEmpty() ? "" : ", ")
                + BROKER),
        null);
  }
}
