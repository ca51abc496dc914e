package org.sagashop.notification.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.sagashop.notification.query.FindNotificationsQuery;
import org.sagashop.notification.query.NotificationKind;
import org.sagashop.notification.query.NotificationPage;
import org.sagashop.notification.query.NotificationView;
import org.sagashop.platform.security.SecurityConfiguration;
import org.sagashop.platform.test.TestTokens;
import org.sagashop.platform.web.ApiExceptionHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@WebMvcTest(
    controllers = NotificationController.class,
    properties = {"spring.cloud.config.enabled=false", TestTokens.JWK_SET_PROPERTY})
@Import({SecurityConfiguration.class, ApiExceptionHandler.class})
class NotificationControllerTest {

  private static final String CALLER = "5d6e7f80-91a2-4b3c-8d4e-5f60718293a4";

  @Autowired private MockMvc mvc;

  @MockitoBean private QueryGateway queryGateway;

  @Test
  void listsTheCallersNotificationsAndAsksForNobodyElses() throws Exception {
    NotificationView placed =
        new NotificationView(
            "event-1",
            "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d",
            NotificationKind.PLACED,
            "Order 1a2b3c4d placed: 2 items, total 59.90.",
            Instant.parse("2025-06-01T10:15:30Z"));
    when(queryGateway.query(any(FindNotificationsQuery.class), any(ResponseType.class)))
        .thenReturn(
            CompletableFuture.completedFuture(new NotificationPage(List.of(placed), false)));

    MvcResult pending =
        mvc.perform(get("/api/notifications").with(jwt().jwt(token -> token.subject(CALLER))))
            .andExpect(request().asyncStarted())
            .andReturn();

    mvc.perform(asyncDispatch(pending))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].notificationId").value("event-1"))
        .andExpect(jsonPath("$[0].orderId").value(placed.orderId()))
        .andExpect(jsonPath("$[0].kind").value("PLACED"))
        .andExpect(jsonPath("$[0].message").value(placed.message()))
        .andExpect(jsonPath("$[0].createdAt").value("2025-06-01T10:15:30Z"));
    verify(queryGateway)
        .query(eq(new FindNotificationsQuery(CALLER, 0, 50)), any(ResponseType.class));
  }

  @Test
  void passesTheRequestedPageOnAndLinksTheNextOne() throws Exception {
    when(queryGateway.query(any(FindNotificationsQuery.class), any(ResponseType.class)))
        .thenReturn(CompletableFuture.completedFuture(new NotificationPage(List.of(), true)));

    MvcResult pending =
        mvc.perform(
                get("/api/notifications")
                    .param("page", "2")
                    .param("limit", "200")
                    .with(jwt().jwt(token -> token.subject(CALLER))))
            .andReturn();
    mvc.perform(asyncDispatch(pending))
        .andExpect(status().isOk())
        .andExpect(header().string("Link", "</api/notifications?page=3&limit=200>; rel=\"next\""));

    verify(queryGateway)
        .query(eq(new FindNotificationsQuery(CALLER, 2, 200)), any(ResponseType.class));
  }

  @Test
  void refusesALimitBelowOne() throws Exception {
    expectLimitRefused("0");
  }

  @Test
  void refusesALimitAboveTwoHundred() throws Exception {
    expectLimitRefused("201");
  }

  @Test
  void refusesALimitThatIsNotANumber() throws Exception {
    mvc.perform(
            get("/api/notifications")
                .param("limit", "many")
                .with(jwt().jwt(token -> token.subject(CALLER))))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("limit"));
    verifyNoInteractions(queryGateway);
  }

  @Test
  void refusesACallerWithoutAToken() throws Exception {
    mvc.perform(get("/api/notifications"))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    verifyNoInteractions(queryGateway);
  }

  private void expectLimitRefused(String limit) throws Exception {
    mvc.perform(
            get("/api/notifications")
                .param("limit", limit)
                .with(jwt().jwt(token -> token.subject(CALLER))))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
        .andExpect(jsonPath("$.errors[0].field").value("limit"))
        .andExpect(jsonPath("$.errors[0].reason").value("must be between 1 and 200"));
    verifyNoInteractions(queryGateway);
  }
}
