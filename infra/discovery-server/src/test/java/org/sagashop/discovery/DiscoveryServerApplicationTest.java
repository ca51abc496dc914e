package org.sagashop.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DiscoveryServerApplicationTest {

  @Autowired TestRestTemplate http;

  @Test
  void answersTheRegistryAndItsReadinessProbe() {
    assertThat(http.getForEntity("/eureka/apps", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(http.getForObject("/actuator/health/readiness", String.class)).contains("UP");
  }
}
