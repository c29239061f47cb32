package dev.nl2sql.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule, run against a small class set that breaks it on purpose ({@code archfixture.bad}) and one that keeps it
 * ({@code archfixture.good}): a rule that cannot fail would prove nothing, and one that fails for the wrong class
 * would prove the wrong thing, so each failure must name the rule and only the class that broke it.
 */
class ArchitectureRulesCanFailTest {

    private static final JavaClasses BAD = new ClassFileImporter().importPackages("archfixture.bad");
    private static final JavaClasses GOOD = new ClassFileImporter().importPackages("archfixture.good");

    /** The bad set's adapter entry points, so that only its one inner part breaks the visibility rule. */
    private static final Set<String> BAD_ENTRY_POINTS =
            Set.of("archfixture.bad.cli.Command", "archfixture.bad.cli.CheckoutCommand", "archfixture.bad.postgres.JdbcThing");

    private static final Set<String> GOOD_ENTRY_POINTS = Set.of("archfixture.good.cli.PriceCommand", "archfixture.good.postgres.PostgresPrices");

    /** Asserts that {@code rule} fails on {@code classes}, each violation naming one of {@code culprits}, and each culprit named. */
    private static void assertBreaks(ArchRule rule, JavaClasses classes, String... culprits) {
        EvaluationResult result = rule.evaluate(classes);

        assertThat(result.hasViolation()).as("%s break: %s", List.of(culprits), rule.getDescription()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("Rule '" + rule.getDescription() + "' was violated");
        List<String> details = result.getFailureReport().getDetails();
        assertThat(details).isNotEmpty().allSatisfy(violation -> assertThat(violation).containsPattern(namingAnyOf(culprits)));
        for (String culprit : culprits) {
            assertThat(details).as("violations naming %s", culprit)
                    .anySatisfy(violation -> assertThat(violation).containsPattern(namingAnyOf(culprit)));
        }
    }

    private static Pattern namingAnyOf(String... classNames) {
        return Pattern.compile("<(" + String.join("|", Arrays.stream(classNames).map(Pattern::quote).toList()) + ")[.>$]");
    }

    private static void assertHolds(ArchRule rule, JavaClasses classes) {
        assertThat(rule.evaluate(classes).getFailureReport().getDetails()).isEmpty();
    }

    @Test
    void domainRuleFailsWhenTheDomainUsesAnAdapter() {
        assertBreaks(ArchitectureRules.domainDependsOnlyOnTheJdkAndJSqlParser("archfixture.bad"), BAD, "archfixture.bad.domain.Leaky");
        assertHolds(ArchitectureRules.domainDependsOnlyOnTheJdkAndJSqlParser("archfixture.good"), GOOD);
    }

    @Test
    void portRuleFailsWhenAPortUsesJdbc() {
        assertBreaks(ArchitectureRules.portsDependOnlyOnTheDomain("archfixture.bad"), BAD, "archfixture.bad.port.JdbcPort");
        assertHolds(ArchitectureRules.portsDependOnlyOnTheDomain("archfixture.good"), GOOD);
    }

    @Test
    void adapterRuleFailsWhenOneAdapterUsesAnother() {
        assertBreaks(ArchitectureRules.adaptersDoNotDependOnEachOther("archfixture.bad"), BAD, "archfixture.bad.cli.Command");
        assertHolds(ArchitectureRules.adaptersDoNotDependOnEachOther("archfixture.good"), GOOD);
    }

    @Test
    void coreRuleFailsWhenTheCoreUsesAnAdapter() {
        assertBreaks(ArchitectureRules.coreDoesNotDependOnAdapters("archfixture.bad"), BAD, "archfixture.bad.domain.Leaky");
        assertHolds(ArchitectureRules.coreDoesNotDependOnAdapters("archfixture.good"), GOOD);
    }

    @Test
    void libraryRuleFailsWhenTheLibraryUsesTheCli() {
        assertBreaks(ArchitectureRules.libraryLeavesOutServersAndTheCli("archfixture.bad"), BAD, "archfixture.bad.library.Embedded");
        assertHolds(ArchitectureRules.libraryLeavesOutServersAndTheCli("archfixture.good"), GOOD);
    }

    @Test
    void constructionRuleFailsWhenAnAdapterBuildsAUseCase() {
        assertBreaks(ArchitectureRules.adaptersNeverConstructUseCases("archfixture.bad"), BAD, "archfixture.bad.cli.CheckoutCommand");
        assertHolds(ArchitectureRules.adaptersNeverConstructUseCases("archfixture.good"), GOOD);
    }

    @Test
    void visibilityRuleFailsWhenAnAdapterShowsAnInnerPart() {
        assertBreaks(ArchitectureRules.adapterInternalsAreNotPublic("archfixture.bad", BAD_ENTRY_POINTS), BAD, "archfixture.bad.postgres.RowCursor");
        assertHolds(ArchitectureRules.adapterInternalsAreNotPublic("archfixture.good", GOOD_ENTRY_POINTS), GOOD);
    }

    @Test
    void wiringRuleFailsWhenAnythingButTheWiringBuildsAUseCase() {
        assertBreaks(ArchitectureRules.useCasesAreBuiltOnlyByTheWiring("archfixture.bad"), BAD, "archfixture.bad.bootstrap.Shortcut",
                "archfixture.bad.cli.CheckoutCommand");
        assertHolds(ArchitectureRules.useCasesAreBuiltOnlyByTheWiring("archfixture.good"), GOOD);
    }

    /** Every rule ArchitectureRules defines, found by reflection so that a new rule cannot miss this guard. */
    static Stream<Method> everyRule() {
        return Arrays.stream(ArchitectureRules.class.getDeclaredMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()) && m.getReturnType() == ArchRule.class);
    }

    @Test
    void theGuardSeesEveryRule() {
        assertThat(everyRule().map(Method::getName)).contains("coreDoesNotDependOnAdapters", "adaptersNeverConstructUseCases",
                "useCasesAreBuiltOnlyByTheWiring", "adapterInternalsAreNotPublic").hasSize(8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRule")
    void ruleFailsOnAMisspelledRootRatherThanPassOnNothing(Method rules) throws Exception {
        String absent = "archfixture.absent";
        Object[] arguments = Arrays.stream(rules.getParameterTypes())
                .map(type -> type == String.class ? absent : type == Map.class ? Map.of() : Set.of()).toArray();
        ArchRule rule = (ArchRule) rules.invoke(null, arguments);

        assertThatThrownBy(() -> rule.check(new ClassFileImporter().importPackages(absent))).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Rule '" + rule.getDescription() + "' failed to check any classes");
    }
}
