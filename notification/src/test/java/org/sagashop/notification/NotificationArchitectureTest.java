package org.sagashop.notification;

import org.junit.jupiter.api.Test;
import org.sagashop.platform.test.ServiceArchitectureRules;

class NotificationArchitectureTest {

  @Test
  void followsTheServiceLayering() {
    ServiceArchitectureRules.check("org.sagashop.notification");
  }
}
