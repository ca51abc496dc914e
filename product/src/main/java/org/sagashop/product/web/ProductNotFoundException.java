package org.sagashop.product.web;

import org.sagashop.coreapi.ErrorCode;
import org.sagashop.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A product the catalog does not know: answered as a 404 problem with its error code. */
class ProductNotFoundException extends ErrorResponseException {

  ProductNotFoundException(String productId) {
    super(
        HttpStatus.NOT_FOUND,
        Problems.of(ErrorCode.PRODUCT_NOT_FOUND, "There is no product with id " + productId),
        null);
  }
}
