package org.sagashop.platform.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.coreapi.ErrorDetails;

/**
 * A broken business rule. It carries its {@link ErrorCode} in the command result's details, which
 * survive the distributed command bus (the exception type itself does not), and the edge maps the
 * code to an HTTP status.
 */
public class DomainRuleException extends CommandExecutionException {

  private final ErrorCode code;

  public DomainRuleException(ErrorCode code, String message) {
    super(message, null, new ErrorDetails(code, message));
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
