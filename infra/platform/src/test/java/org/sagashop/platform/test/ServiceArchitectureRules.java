package org.sagashop.platform.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The layering every service follows, checked instead of hoped for. */
public final class ServiceArchitectureRules {

  private ServiceArchitectureRules() {}

  public static void check(String serviceRootPackage) {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(serviceRootPackage);
    noClasses()
        .that()
        .resideInAPackage(serviceRootPackage + ".command..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(serviceRootPackage + ".query..", serviceRootPackage + ".web..")
        .because("the write side must not depend on read models or the HTTP edge")
        .allowEmptyShould(true)
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage(serviceRootPackage + ".query..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(serviceRootPackage + ".web..", serviceRootPackage + ".saga..")
        .because("projections know only events and their own read model")
        .allowEmptyShould(true)
        .check(classes);
    noClasses()
        .that()
        .resideInAnyPackage(
            serviceRootPackage + ".command..",
            serviceRootPackage + ".saga..",
            serviceRootPackage + ".query..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework.web..", "jakarta.servlet..")
        .because("HTTP belongs to the web package")
        .allowEmptyShould(true)
        .check(classes);
  }
}
