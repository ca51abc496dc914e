package org.sagashop.user;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The service's layering. The patterns name this service's packages, because the platform's {@code
 * DomainRuleException}, which aggregates are meant to throw, lives in a package called {@code web}.
 */
@AnalyzeClasses(
    packages = "org.sagashop.user",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule writeSideKnowsNoReadModelNorTheHttpEdge =
      noClasses()
          .that()
          .resideInAPackage("org.sagashop.user.command..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.sagashop.user.query..", "org.sagashop.user.web..", "org.sagashop.user.config..");

  @ArchTest
  static final ArchRule projectionsKnowOnlyEventsAndTheirReadModel =
      noClasses()
          .that()
          .resideInAPackage("org.sagashop.user.query..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.sagashop.user.command..",
              "org.sagashop.user.web..",
              "org.sagashop.user.config..");

  @ArchTest
  static final ArchRule httpBelongsToTheWebPackage =
      noClasses()
          .that()
          .resideInAnyPackage("org.sagashop.user.command..", "org.sagashop.user.query..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.web..", "jakarta.servlet..");
}
