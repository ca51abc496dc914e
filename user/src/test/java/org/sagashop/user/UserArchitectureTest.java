package org.sagashop.user;

import org.junit.jupiter.api.Test;
import org.sagashop.platform.test.ServiceArchitectureRules;

class UserArchitectureTest {

  @Test
  void followsTheServiceLayering() {
    ServiceArchitectureRules.check("org.sagashop.user");
  }
}
