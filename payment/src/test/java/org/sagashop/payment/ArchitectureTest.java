package org.sagashop.payment;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering of this service. The packages are named in full: the platform's own {@code web}
 * package holds {@code DomainRuleException}, which the write side is meant to throw.
 */
@AnalyzeClasses(
    packages = "org.sagashop.payment",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule writeSideKnowsNoReadModelNorTheHttpEdge =
      noClasses()
          .that()
          .resideInAPackage("org.sagashop.payment.command..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.sagashop.payment.query..", "org.sagashop.payment.web..")
          .because("the write side must not depend on read models or the HTTP edge");

  @ArchTest
  static final ArchRule readSideKnowsOnlyEventsAndItsReadModel =
      noClasses()
          .that()
          .resideInAPackage("org.sagashop.payment.query..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.sagashop.payment.command..", "org.sagashop.payment.web..")
          .because("projections know only events and their own read model");

  @ArchTest
  static final ArchRule httpStaysInTheWebPackage =
      noClasses()
          .that()
          .resideInAnyPackage("org.sagashop.payment.command..", "org.sagashop.payment.query..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.web..", "jakarta.servlet..")
          .because("HTTP belongs to the web package");
}
