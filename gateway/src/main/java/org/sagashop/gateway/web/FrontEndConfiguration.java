package org.sagashop.gateway.web;

import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/** Serves the built web front end (when one is installed) next to the API. */
@Configuration(proxyBeanMethods = false)
class FrontEndConfiguration {

  @Bean
  FrontEndFallback frontEndFallback(ResourceLoader resources, WebProperties web) {
    return new FrontEndFallback(resources, web.getResources().getStaticLocations()[0]);
  }
}
