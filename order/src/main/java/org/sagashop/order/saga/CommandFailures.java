package org.sagashop.order.saga;

import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.sagashop.coreapi.ErrorDetails;

/**
 * What a failed command tells its sender. A refusal is a failure that carries {@link ErrorDetails}
 * with an error code: the receiving service applied a business rule, and sending the same command
 * again gets the same answer. Any other failure (no instance of the service, a call that failed or
 * timed out) says nothing about the command and may pass.
 */
final class CommandFailures {

  private CommandFailures() {}

  /** The refusal's details, when the failure is a refusal. */
  static Optional<ErrorDetails> refusal(Throwable failure) {
    return unwrap(failure) instanceof CommandExecutionException refused
            && refused.getDetails().orElse(null) instanceof ErrorDetails details
            && details.code() != null
        ? Optional.of(details)
        : Optional.empty();
  }

  /** The failure's type and message, for the log. */
  static String describe(Throwable failure) {
    Throwable cause = unwrap(failure);
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  /** The failure itself, without the wrappers of the future that reported it. */
  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
