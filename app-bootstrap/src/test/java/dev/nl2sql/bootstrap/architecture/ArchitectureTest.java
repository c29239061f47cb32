package dev.nl2sql.bootstrap.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The architecture of nl2sql itself: these run over every module's production classes. */
@AnalyzeClasses(packages = "dev.nl2sql", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainIsPure = ArchitectureRules.domainDependsOnlyOnTheJdkAndJSqlParser("dev.nl2sql");

    @ArchTest
    static final ArchRule portsSpeakDomain = ArchitectureRules.portsDependOnlyOnTheDomain("dev.nl2sql");

    @ArchTest
    static final ArchRule adaptersAreIndependent = ArchitectureRules.adaptersDoNotDependOnEachOther("dev.nl2sql");

    @ArchTest
    static final ArchRule coreKnowsNoAdapter = ArchitectureRules.coreDoesNotDependOnAdapters("dev.nl2sql");

    @ArchTest
    static final ArchRule libraryIsLean = ArchitectureRules.libraryLeavesOutServersAndTheCli("dev.nl2sql");
}
