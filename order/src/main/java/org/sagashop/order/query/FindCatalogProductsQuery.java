package org.sagashop.order.query;

import java.util.Set;

/** The known products among the given ids; answered with a list of {@link CatalogProduct}. */
public record FindCatalogProductsQuery(Set<String> productIds) {}
