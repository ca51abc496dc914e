package org.sagashop.product.config;

import org.sagashop.coreapi.ErrorCode;
import org.sagashop.platform.web.UnknownAggregateInterceptor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class ProductConfiguration {

  /** The product is this service's only aggregate: a command for a missing one is refused so. */
  @Bean
  public UnknownAggregateInterceptor unknownProductInterceptor() {
    return unknownProduct();
  }

  public static UnknownAggregateInterceptor unknownProduct() {
    return new UnknownAggregateInterceptor(
        ErrorCode.PRODUCT_NOT_FOUND, productId -> "There is no product with id " + productId);
  }
}
