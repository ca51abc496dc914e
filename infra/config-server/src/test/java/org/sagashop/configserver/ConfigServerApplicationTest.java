package org.sagashop.configserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.cloud.config.server.native.search-locations=file:../config-repo/")
class ConfigServerApplicationTest {

  @Autowired TestRestTemplate http;

  @Test
  void servesSharedAndServiceConfigurationFromTheConfigRepo() {
    String order = http.getForObject("/order/default", String.class);

    assertThat(order).contains("order.yml").contains("application.yml");
    assertThat(order).contains("ORDER_PORT");
  }
}
