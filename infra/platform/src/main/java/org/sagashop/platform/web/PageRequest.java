package org.sagashop.platform.web;

import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * The query parameters of a list read a page at a time, newest first: no list of the API answers
 * more than {@value #MAX_LIMIT} items at once, however long it has grown. The answer is the page's
 * items as a JSON array; when there may be more, a {@code Link} header (RFC 8288) names the next
 * page with {@code rel="next"}.
 *
 * @param page which page, from 0; {@code 0} when absent
 * @param limit how many items a page holds; {@value #DEFAULT_LIMIT} when absent
 */
public record PageRequest(
    @Parameter(description = "Which page, from 0 (the newest); 0 to " + PageRequest.MAX_PAGE)
        // taken as text: Spring's number conversion would read "0x10" as 16 and a blank as absent
        @Pattern(regexp = "[0-9]{1,9}", message = "must be a whole number")
        @Max(
            value = PageRequest.MAX_PAGE,
            message = "must be between 0 and " + PageRequest.MAX_PAGE)
        String page,
    @Parameter(description = "How many items a page holds (1 to 200, default 50)")
        @Pattern(regexp = "[0-9]{1,9}", message = "must be a whole number")
        @Min(value = 1, message = "must be between 1 and " + PageRequest.MAX_LIMIT)
        @Max(
            value = PageRequest.MAX_LIMIT,
            message = "must be between 1 and " + PageRequest.MAX_LIMIT)
        String limit) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  /** Far beyond any real list; it keeps the database's offset bounded too. */
  public static final int MAX_PAGE = 10_000;

  public int pageOrFirst() {
    return page == null ? 0 : Integer.parseInt(page);
  }

  public int limitOrDefault() {
    return limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit);
  }

  /** The page's items, with a link to the next page when {@code more} says there is one. */
  public <T> ResponseEntity<List<T>> answer(String path, List<T> items, boolean more) {
    ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
    if (more && pageOrFirst() < MAX_PAGE) {
      answer.header(
          HttpHeaders.LINK,
          "<"
              + path
              + "?page="
              + (pageOrFirst() + 1)
              + "&limit="
              + limitOrDefault()
              + ">; rel=\"next\"");
    }
    return answer.body(items);
  }
}
