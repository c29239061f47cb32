package dev.nl2sql.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Each rule, run against a small class set that breaks it on purpose ({@code archfixture.bad}) and one that keeps it
 * ({@code archfixture.good}): a rule that cannot fail would prove nothing.
 */
class ArchitectureRulesCanFailTest {

    private static final JavaClasses BAD = new ClassFileImporter().importPackages("archfixture.bad");
    private static final JavaClasses GOOD = new ClassFileImporter().importPackages("archfixture.good");

    private static void assertBreaks(ArchRule rule, JavaClasses classes) {
        assertThatThrownBy(() -> rule.check(classes)).isInstanceOf(AssertionError.class);
    }

    private static void assertHolds(ArchRule rule, JavaClasses classes) {
        assertThatCode(() -> rule.check(classes)).doesNotThrowAnyException();
    }

    @Test
    void domainRuleFailsWhenTheDomainUsesAnAdapter() {
        assertBreaks(ArchitectureRules.domainDependsOnlyOnTheJdkAndJSqlParser("archfixture.bad"), BAD);
        assertHolds(ArchitectureRules.domainDependsOnlyOnTheJdkAndJSqlParser("archfixture.good"), GOOD);
    }

    @Test
    void portRuleFailsWhenAPortUsesJdbc() {
        assertBreaks(ArchitectureRules.portsDependOnlyOnTheDomain("archfixture.bad"), BAD);
        assertHolds(ArchitectureRules.portsDependOnlyOnTheDomain("archfixture.good"), GOOD);
    }

    @Test
    void adapterRuleFailsWhenOneAdapterUsesAnother() {
        assertBreaks(ArchitectureRules.adaptersDoNotDependOnEachOther("archfixture.bad"), BAD);
        assertHolds(ArchitectureRules.adaptersDoNotDependOnEachOther("archfixture.good"), GOOD);
    }

    @Test
    void coreRuleFailsWhenTheCoreUsesAnAdapter() {
        assertBreaks(ArchitectureRules.coreDoesNotDependOnAdapters("archfixture.bad"), BAD);
        assertHolds(ArchitectureRules.coreDoesNotDependOnAdapters("archfixture.good"), GOOD);
    }

    @Test
    void libraryRuleFailsWhenTheLibraryUsesTheCli() {
        assertBreaks(ArchitectureRules.libraryLeavesOutServersAndTheCli("archfixture.bad"), BAD);
        assertHolds(ArchitectureRules.libraryLeavesOutServersAndTheCli("archfixture.good"), GOOD);
    }

    @Test
    void rulesFailOnAMisspelledRootRatherThanPassOnNothing() {
        JavaClasses none = new ClassFileImporter().importPackages("archfixture.absent");

        assertBreaks(ArchitectureRules.domainDependsOnlyOnTheJdkAndJSqlParser("archfixture.absent"), none);
        assertBreaks(ArchitectureRules.portsDependOnlyOnTheDomain("archfixture.absent"), none);
        assertBreaks(ArchitectureRules.adaptersDoNotDependOnEachOther("archfixture.absent"), none);
        assertBreaks(ArchitectureRules.libraryLeavesOutServersAndTheCli("archfixture.absent"), none);
    }
}
