package org.sagashop.platform.web;

import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.coreapi.ErrorDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into an {@code application/problem+json} answer with a reason a person can
 * read. Refused commands arrive here with their {@link ErrorCode}, from this service or from
 * another one across the command bus.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(CommandExecutionException.class)
  public ResponseEntity<ProblemDetail> commandRefused(CommandExecutionException e) {
    Optional<ErrorDetails> details = errorDetails(e);
    if (details.isPresent()) {
      ErrorDetails error = details.get();
      return respond(Problems.of(error.code(), error.message()));
    }
    log.error("Command failed", e);
    return respond(
        ProblemDetail.forStatusAndDetail(
            HttpStatusCode.valueOf(500), "The request could not be completed."));
  }

  @ExceptionHandler(NoHandlerForCommandException.class)
  public ResponseEntity<ProblemDetail> noHandler(NoHandlerForCommandException e) {
    log.warn("No service can take a command right now: {}", e.getMessage());
    return respond(
        Problems.of(
            ErrorCode.SERVICE_UNAVAILABLE,
            "A service needed for this request is not available; please try again shortly."));
  }

  @ExceptionHandler({CompletionException.class, ExecutionException.class})
  public ResponseEntity<ProblemDetail> unwrap(Exception e) {
    Throwable cause = e.getCause();
    if (cause instanceof CommandExecutionException refused) {
      return commandRefused(refused);
    }
    if (cause instanceof NoHandlerForCommandException noHandler) {
      return noHandler(noHandler);
    }
    log.error("Request failed", e);
    return respond(
        ProblemDetail.forStatusAndDetail(
            HttpStatusCode.valueOf(500), "The request could not be completed."));
  }

  @ExceptionHandler(ConstraintViolationException.class)
  public ResponseEntity<ProblemDetail> invalid(ConstraintViolationException e) {
    ProblemDetail problem = Problems.of(ErrorCode.VALIDATION_FAILED, "The request is not valid.");
    problem.setProperty(
        "errors",
        e.getConstraintViolations().stream()
            .map(v -> Map.of("field", v.getPropertyPath().toString(), "reason", v.getMessage()))
            .toList());
    return respond(problem);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        e.getBindingResult().getFieldErrors().stream()
            .map(
                f ->
                    Map.of(
                        "field",
                        f.getField(),
                        "reason",
                        f.isBindingFailure() || f.getDefaultMessage() == null
                            ? "has the wrong type or format"
                            : f.getDefaultMessage()))
            .toList();
    return ResponseEntity.badRequest().body(validationProblem(errors));
  }

  /** 400 with each field and its reason, also joined into the detail for a person to read. */
  private static ProblemDetail validationProblem(List<Map<String, String>> errors) {
    ProblemDetail problem = Problems.of(ErrorCode.VALIDATION_FAILED, "The request is not valid.");
    problem.setProperty("errors", errors);
    problem.setDetail(
        errors.stream()
            .map(m -> m.get("field") + ": " + m.get("reason"))
            .reduce((a, b) -> a + "; " + b)
            .orElse("The request is not valid."));
    return problem;
  }

  /** A constraint on a path variable, a header or a parameter, such as {@link ResourceId}. */
  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        e.getParameterValidationResults().stream()
            .flatMap(
                result ->
                    result.getResolvableErrors().stream()
                        .map(
                            error ->
                                Map.of(
                                    "field",
                                    String.valueOf(result.getMethodParameter().getParameterName()),
                                    "reason",
                                    error.getDefaultMessage() == null
                                        ? "is not valid"
                                        : error.getDefaultMessage())))
            .toList();
    return ResponseEntity.badRequest().body(validationProblem(errors));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (e.getCause() instanceof PlainText.ControlCharacterException text) {
      String field = text.getPathReference();
      return ResponseEntity.badRequest()
          .body(
              Problems.of(
                  ErrorCode.VALIDATION_FAILED,
                  "A text in the request body "
                      + text.getOriginalMessage()
                      + " (at "
                      + field
                      + ")."));
    }
    return ResponseEntity.badRequest()
        .body(
            Problems.of(
                ErrorCode.VALIDATION_FAILED,
                "The request body is missing or is not valid JSON of the expected shape."));
  }

  /** Refusals of {@code @PreAuthorize} reach MVC before the security filter could answer. */
  @ExceptionHandler(AccessDeniedException.class)
  public ResponseEntity<ProblemDetail> forbidden(AccessDeniedException e) {
    return respond(
        ProblemDetail.forStatusAndDetail(
            HttpStatus.FORBIDDEN, "Your account is not allowed to do this."));
  }

  @ExceptionHandler(Exception.class)
  public ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("Unexpected failure", e);
    return respond(
        ProblemDetail.forStatusAndDetail(
            HttpStatusCode.valueOf(500), "The request could not be completed."));
  }

  private static Optional<ErrorDetails> errorDetails(CommandExecutionException e) {
    Optional<Object> details = e.getDetails();
    if (details.isEmpty()) {
      return Optional.empty();
    }
    Object value = details.get();
    if (value instanceof ErrorDetails errorDetails) {
      return Optional.of(errorDetails);
    }
    if (value instanceof Map<?, ?> map && map.get("code") != null) {
      try {
        ErrorCode code = ErrorCode.valueOf(map.get("code").toString());
        Object message = map.get("message");
        return Optional.of(
            new ErrorDetails(code, message == null ? code.name() : message.toString()));
      } catch (IllegalArgumentException unknownCode) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
    return ResponseEntity.status(problem.getStatus()).body(problem);
  }
}
