package org.sagashop.product.web;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.sagashop.platform.web.ResourceId;
import org.sagashop.product.command.CreateProductCommand;
import org.sagashop.product.command.RestockProductCommand;
import org.sagashop.product.query.FindAllProductsQuery;
import org.sagashop.product.query.FindProductQuery;
import org.sagashop.product.query.ProductView;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The catalog, open to anyone, and its administration. Reads come from the catalog read model;
 * changes are commands to the product aggregate, wherever it lives.
 */
@RestController
@RequestMapping("/api/products")
public class ProductController {

  private final CommandGateway commands;
  private final QueryGateway queries;

  public ProductController(CommandGateway commands, QueryGateway queries) {
    this.commands = commands;
    this.queries = queries;
  }

  @GetMapping
  public CompletableFuture<List<ProductView>> listProducts() {
    return queries.query(
        new FindAllProductsQuery(), ResponseTypes.multipleInstancesOf(ProductView.class));
  }

  @GetMapping("/{productId}")
  public CompletableFuture<ProductView> getProduct(@PathVariable @ResourceId String productId) {
    return queries
        .query(new FindProductQuery(productId), ResponseTypes.optionalInstanceOf(ProductView.class))
        .thenApply(product -> product.orElseThrow(() -> new ProductNotFoundException(productId)));
  }

  @PostMapping
  @PreAuthorize("hasRole('ADMIN')")
  public CompletableFuture<ResponseEntity<CreateProductResponse>> createProduct(
      @Valid @RequestBody CreateProductRequest request) {
    String productId = UUID.randomUUID().toString();
    // relative, so it stays right behind the gateway, which serves the same path
    URI location =
        UriComponentsBuilder.fromPath("/api/products/{productId}")
            .buildAndExpand(productId)
            .toUri();
    return commands
        .send(
            new CreateProductCommand(
                productId,
                request.name(),
                request.description(),
                request.price(),
                request.initialStock()))
        .thenApply(
            created -> ResponseEntity.created(location).body(new CreateProductResponse(productId)));
  }

  @PostMapping("/{productId}/restock")
  @PreAuthorize("hasRole('ADMIN')")
  public CompletableFuture<RestockResponse> restockProduct(
      @PathVariable @ResourceId String productId, @Valid @RequestBody RestockRequest request) {
    return commands
        .<Integer>send(new RestockProductCommand(productId, request.quantity()))
        .thenApply(availableStock -> new RestockResponse(productId, availableStock));
  }
}
