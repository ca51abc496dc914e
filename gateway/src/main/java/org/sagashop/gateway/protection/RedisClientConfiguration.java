package org.sagashop.gateway.protection;

import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import org.springframework.boot.autoconfigure.data.redis.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Redis for the limits, set up so that its absence costs a request no time. */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

  /**
   * By default Lettuce queues commands while it reconnects, and every request would wait for the
   * command timeout before failing open; refused at once, it passes at once.
   */
  @Bean
  LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
    return options -> options.disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS);
  }
}
