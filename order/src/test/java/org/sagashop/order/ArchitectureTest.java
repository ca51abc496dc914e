package org.sagashop.order;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The service's layering. The patterns name this service's packages, because the platform's {@code
 * DomainRuleException}, which aggregates are meant to throw, lives in a package called {@code web}.
 * The order's internal events live beside its commands, so projections and the saga may read them.
 */
@AnalyzeClasses(
    packages = "org.sagashop.order",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule writeSideKnowsNothingAroundIt =
      noClasses()
          .that()
          .resideInAPackage("org.sagashop.order.command..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.sagashop.order.query..",
              "org.sagashop.order.saga..",
              "org.sagashop.order.web..",
              "org.sagashop.order.client..",
              "org.sagashop.order.config..");

  @ArchTest
  static final ArchRule projectionsKnowOnlyEventsAndTheirReadModel =
      noClasses()
          .that()
          .resideInAPackage("org.sagashop.order.query..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.sagashop.order.saga..",
              "org.sagashop.order.web..",
              "org.sagashop.order.client..",
              "org.sagashop.order.config..");

  @ArchTest
  static final ArchRule sagaTalksOnlyInMessages =
      noClasses()
          .that()
          .resideInAPackage("org.sagashop.order.saga..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.sagashop.order.query..",
              "org.sagashop.order.web..",
              "org.sagashop.order.client..");

  @ArchTest
  static final ArchRule httpBelongsToTheWebAndClientPackages =
      noClasses()
          .that()
          .resideInAnyPackage(
              "org.sagashop.order.command..",
              "org.sagashop.order.saga..",
              "org.sagashop.order.query..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.web..", "jakarta.servlet..", "feign..");
}
