package org.sagashop.order;

import org.junit.jupiter.api.Test;
import org.sagashop.platform.test.ServiceArchitectureRules;

class OrderArchitectureTest {

  @Test
  void followsTheServiceLayering() {
    ServiceArchitectureRules.check("org.sagashop.order");
  }
}
