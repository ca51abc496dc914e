package org.sagashop.platform.web;

import java.net.URI;
import org.sagashop.coreapi.ErrorCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem details, built the same way everywhere. */
public final class Problems {

  private Problems() {}

  public static HttpStatus statusOf(ErrorCode code) {
    return switch (code.kind()) {
      case INVALID -> HttpStatus.BAD_REQUEST;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case CONFLICT -> HttpStatus.CONFLICT;
      case REJECTED -> HttpStatus.UNPROCESSABLE_ENTITY;
      case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
      case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
    };
  }

  public static ProblemDetail of(ErrorCode code, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(statusOf(code), detail);
    problem.setType(URI.create("urn:sagashop:problem:" + code.name().toLowerCase()));
    problem.setProperty("code", code.name());
    return problem;
  }
}
