package org.sagashop.platform;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.sagashop.platform.persistence.DatabaseCreator;
import org.sagashop.platform.web.ApiExceptionHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.annotation.Bean;

/** What every Saga Shop service shares that is not Axon, messaging or security. */
// before WebMvcAutoConfiguration: Boot's own problem-details handler steps aside only when a
// ResponseEntityExceptionHandler bean (ours) is already defined
@AutoConfiguration(before = {DataSourceAutoConfiguration.class, WebMvcAutoConfiguration.class})
@EntityScan({
  "org.sagashop",
  "org.axonframework.eventsourcing.eventstore.jpa",
  "org.axonframework.eventhandling.tokenstore.jpa",
  "org.axonframework.modelling.saga.repository.jpa",
  "org.axonframework.eventhandling.deadletter.jpa"
})
public class PlatformAutoConfiguration {

  @Bean
  public static DatabaseCreator databaseCreator(
      @Value("${sagashop.database.maintenance-database:postgres}") String maintenanceDatabase) {
    return new DatabaseCreator(maintenanceDatabase);
  }

  @Bean
  public DiscoveredServicesInfo discoveredServicesInfo(
      ObjectProvider<DiscoveryClient> discoveryClient) {
    return new DiscoveredServicesInfo(discoveryClient);
  }

  @Bean
  public ApiExceptionHandler apiExceptionHandler() {
    return new ApiExceptionHandler();
  }

  @Bean
  public OpenAPI serviceOpenApi(@Value("${spring.application.name}") String serviceName) {
    return new OpenAPI()
        .info(new Info().title("Saga Shop " + serviceName + " API").version("1.0"))
        .components(
            new Components()
                .addSecuritySchemes(
                    "bearer",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
  }
}
