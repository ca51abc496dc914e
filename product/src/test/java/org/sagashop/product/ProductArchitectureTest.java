package org.sagashop.product;

import org.junit.jupiter.api.Test;
import org.sagashop.platform.test.ServiceArchitectureRules;

class ProductArchitectureTest {

  @Test
  void followsTheServiceLayering() {
    ServiceArchitectureRules.check("org.sagashop.product");
  }
}
