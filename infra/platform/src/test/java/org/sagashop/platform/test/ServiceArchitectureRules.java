package org.sagashop.platform.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The layering every service follows, checked instead of hoped for. The patterns name the service's
 * own packages: the platform's {@code web.DomainRuleException}, which aggregates throw, is not the
 * service's web layer. A service's internal events live beside its commands, so projections and
 * sagas may read them.
 */
public final class ServiceArchitectureRules {

  private ServiceArchitectureRules() {}

  public static void check(String root) {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(root);
    noClasses()
        .that()
        .resideInAPackage(root + ".command..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            root + ".query..",
            root + ".saga..",
            root + ".web..",
            root + ".client..",
            root + ".config..")
        .because("the write side must not depend on read models, processes or the edges")
        .allowEmptyShould(true)
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage(root + ".query..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            root + ".saga..", root + ".web..", root + ".client..", root + ".config..")
        .because("projections know only events and their own read model")
        .allowEmptyShould(true)
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage(root + ".saga..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(root + ".query..", root + ".web..", root + ".client..")
        .because("a saga talks to the world in commands and events only")
        .allowEmptyShould(true)
        .check(classes);
    noClasses()
        .that()
        .resideInAnyPackage(root + ".command..", root + ".saga..", root + ".query..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework.web..", "jakarta.servlet..", "feign..")
        .because("HTTP belongs to the web and client packages")
        .allowEmptyShould(true)
        .check(classes);
  }
}
