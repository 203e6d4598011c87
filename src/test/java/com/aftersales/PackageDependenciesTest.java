package com.aftersales;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages of the app depend on each other in one direction only: orders, deployments and config at the
 * bottom; cases on them; refunds, messaging, shipping on cases; the engine gateway and the REST layer (api) on
 * top. A change that makes two packages need each other fails here, naming the classes of the cycle.
 */
class PackageDependenciesTest {

    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.aftersales");

    @Test
    void noPackageCycles() {
        // the rules below are ArchUnit's own assertions (check throws on a violation); on no classes they would pass
        assertThat(APP.stream().map(c -> c.getPackageName()).distinct())
                .as("the app's packages ArchUnit read")
                .contains("com.aftersales.cases", "com.aftersales.api", "com.aftersales.config");
        slices().matching("com.aftersales.(*)..").should().beFreeOfCycles().check(APP);
    }

    /** The REST layer (controllers, the case view, problem answers) is used by no other package. */
    @Test
    void onlyTheRestLayerUsesApi() {
        noClasses()
                .that()
                .resideOutsideOfPackage("com.aftersales.api..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.aftersales.api..")
                .check(APP);
    }

    /** The engine side (cases, their steps, the deploy check) does not reach into the engine gateway in front of Camunda's APIs. */
    @Test
    void theEngineSideDoesNotUseTheGateway() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "com.aftersales.cases..",
                        "com.aftersales.refunds..",
                        "com.aftersales.messaging..",
                        "com.aftersales.shipping..",
                        "com.aftersales.orders..",
                        "com.aftersales.deployments..",
                        "com.aftersales.worklist..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.aftersales.gateway..")
                .check(APP);
    }
}
