package org.sagashop.coreapi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The published language is inherited by every service, so it must stay free of frameworks. */
class PublishedLanguageArchitectureTest {

  private final JavaClasses coreApi =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.sagashop.coreapi");

  @Test
  void dependsOnNothingButTheJdkAndAxonsTargetAggregateIdentifier() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..", "jakarta..", "javax.persistence..", "com.fasterxml..")
        .check(coreApi);
    classes()
        .that()
        .resideInAPackage("..coreapi..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..", "org.sagashop.coreapi..", "org.axonframework.modelling.command")
        .check(coreApi);
  }

  @Test
  void messagesAreImmutableRecords() {
    classes()
        .that()
        .resideInAnyPackage("..command..", "..event..", "..model..")
        .should()
        .beRecords()
        .check(coreApi);
  }
}
