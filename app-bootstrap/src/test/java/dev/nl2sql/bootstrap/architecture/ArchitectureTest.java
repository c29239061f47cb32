package dev.nl2sql.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The architecture of nl2sql itself: these run over every module's production classes. */
@AnalyzeClasses(packages = "dev.nl2sql", importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {

    /** Test classes other modules share as a {@code test-jar} (ScriptedOpenAiServer) are tests too. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    /** The adapters' entry points: what the library and the assembly start an adapter from. */
    static final Set<String> ENTRY_POINTS = Set.of(
            "dev.nl2sql.mcp.McpServerFactory",
            "dev.nl2sql.mcp.HttpServer", // the assembly serves a factory's sessions over HTTP with it
            "dev.nl2sql.cli.Nl2SqlCommand",
            "dev.nl2sql.cli.Launcher", // what the root command is handed by the assembly
            "dev.nl2sql.postgres.PostgresAdapter",
            "dev.nl2sql.openai.OpenAiLanguageModel",
            "dev.nl2sql.charts.JFreeChartRenderer");

    /**
     * The entry points' contracts: the public types their callers must name to use them (what an entry point is built
     * or started with, and what it answers), part of the adapter's API like the entry point itself. Each is named by the
     * library or the assembly; one that no longer is becomes package-private.
     */
    static final Set<String> CONTRACTS = Set.of(
            // PostgresAdapter.open: each database's settings, with its schema filter and cost gate
            "dev.nl2sql.postgres.DatabaseSettings",
            "dev.nl2sql.postgres.SchemaFilter",
            "dev.nl2sql.postgres.CostGate",
            // the OpenAI model's settings
            "dev.nl2sql.openai.OpenAiSettings",
            // McpServerFactory's settings, and the tools they select; HttpServer.start's operations endpoints
            "dev.nl2sql.mcp.ServerSettings",
            "dev.nl2sql.mcp.ToolSelection",
            "dev.nl2sql.mcp.Operations",
            // McpServerFactory.serveStdio's session, begun from the stdio snapshot before the configuration is loaded
            "dev.nl2sql.mcp.EarlyStdio",
            // the exit codes the root command and Launcher's servers return, by name (docs/cli.md lists them)
            "dev.nl2sql.cli.ExitCodes");

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

    @ArchTest
    static final ArchRule onlyTheRootBuildsUseCases = ArchitectureRules.adaptersNeverConstructUseCases("dev.nl2sql");

    @ArchTest
    static final ArchRule useCasesHaveOneRoom = ArchitectureRules.useCasesAreBuiltOnlyByTheWiring("dev.nl2sql");

    /**
     * Every other adapter class is package-private. When the rule came in 59 adapter classes were public, 5 of them entry
     * points; the last of the others (adapter-mcp's parts shared across its subpackages) went when the MCP adapter became
     * one package (#25). There is no list of exceptions to add to: a part another module needs is an entry point or a
     * contract, or it moves behind one.
     */
    @ArchTest
    static final ArchRule adaptersShowOnlyEntryPoints = ArchitectureRules.adapterInternalsAreNotPublic("dev.nl2sql", publicByDesign());

    private static Set<String> publicByDesign() {
        Set<String> all = new HashSet<>(ENTRY_POINTS);
        all.addAll(CONTRACTS);
        return Set.copyOf(all);
    }

    /** The lists name public top-level adapter classes that exist, each once: one made package-private leaves its list. */
    @ArchTest
    static void theListsNameOnlyPublicAdapterClasses(JavaClasses classes) {
        List<String> listed = Stream.of(ENTRY_POINTS, CONTRACTS).flatMap(Set::stream).toList();

        assertThat(listed).doesNotHaveDuplicates().allSatisfy(name -> {
            assertThat(classes.contain(name)).as("%s exists", name).isTrue();
            JavaClass type = classes.get(name);
            assertThat(type.isTopLevelClass() && type.getModifiers().contains(JavaModifier.PUBLIC)).as("%s is public and top-level", name)
                    .isTrue();
            assertThat(ArchitectureRules.NOT_ADAPTERS).as("%s is in an adapter", name).doesNotContain(adapterOf(name));
        });
    }

    /** {@return the top-level package under dev.nl2sql that {@code className} is in: the adapter, or a part of the core} */
    private static String adapterOf(String className) {
        return className.split("\\.")[2];
    }
}
