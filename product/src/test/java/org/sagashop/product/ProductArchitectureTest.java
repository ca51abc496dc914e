package org.sagashop.product;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "org.sagashop.product",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ProductArchitectureTest {

  @ArchTest
  static final ArchRule commandSideKnowsNothingOfReadsOrTheWeb =
      noClasses()
          .that()
          .resideInAPackage("..product.command..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..product.query..", "..product.web..");

  @ArchTest
  static final ArchRule readSideKnowsNothingOfCommandsOrTheWeb =
      noClasses()
          .that()
          .resideInAPackage("..product.query..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..product.command..", "..product.web..");
}
