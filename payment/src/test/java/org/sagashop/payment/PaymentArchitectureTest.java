package org.sagashop.payment;

import org.junit.jupiter.api.Test;
import org.sagashop.platform.test.ServiceArchitectureRules;

class PaymentArchitectureTest {

  @Test
  void followsTheServiceLayering() {
    ServiceArchitectureRules.check("org.sagashop.payment");
  }
}
