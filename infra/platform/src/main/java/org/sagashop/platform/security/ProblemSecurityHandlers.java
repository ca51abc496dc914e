package org.sagashop.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401 and 403 answers as problem details, like every other refusal. */
public final class ProblemSecurityHandlers {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProblemSecurityHandlers() {}

  public static AuthenticationEntryPoint unauthorized() {
    return (request, response, e) -> {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
      write(
          response,
          HttpStatus.UNAUTHORIZED,
          "A valid access token is required: sign in and send it as 'Authorization: Bearer <token>'.");
    };
  }

  /** A 401 with the given explanation, for callers that authenticate other than by token. */
  public static AuthenticationEntryPoint unauthorized(String detail) {
    return (request, response, e) -> write(response, HttpStatus.UNAUTHORIZED, detail);
  }

  public static AccessDeniedHandler forbidden() {
    return (request, response, e) ->
        write(response, HttpStatus.FORBIDDEN, "Your account is not allowed to do this.");
  }

  private static void write(HttpServletResponse response, HttpStatus status, String detail)
      throws IOException {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", status.getReasonPhrase());
    problem.put("status", status.value());
    problem.put("detail", detail);
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    JSON.writeValue(response.getOutputStream(), problem);
  }
}
