package dev.nl2sql.bootstrap.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.Slice;
import java.util.Set;

/**
 * The hexagon's dependency rules, written against a root package so that tests can prove each rule fails on a
 * deliberately broken class set. An adapter is any top-level package under the root that is not part of the core,
 * so a new adapter module is covered without editing these rules.
 */
final class ArchitectureRules {

    /** Top-level packages that are not adapters. */
    static final Set<String> NOT_ADAPTERS = Set.of("domain", "port", "usecase", "library", "bootstrap", "fixtures");

    /** The adapters an embedding application never needs: the servers and the command line live in the assembly. */
    static final Set<String> ASSEMBLY_ONLY = Set.of("mcp", "cli");

    /** The JDK packages the core may use: not java.sql, javax or anything that touches infrastructure. */
    static final String[] PLAIN_JDK = {
        "java.lang..", "java.util..", "java.time..", "java.math..", "java.net..", "java.nio..", "java.io..", "java.security..", "java.text.."
    };

    private ArchitectureRules() {}

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    static ArchRule domainDependsOnlyOnTheJdkAndJSqlParser(String root) {
        return classes().that().resideInAPackage(root + ".domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(with(PLAIN_JDK, root + ".domain..", "net.sf.jsqlparser..", "javax.crypto.."))
                .because("the domain is pure: it must be testable without any infrastructure (javax.crypto: the masking hash is an HMAC)");
    }

    static ArchRule portsDependOnlyOnTheDomain(String root) {
        return classes().that().resideInAnyPackage(root + ".port..", root + ".usecase..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        with(PLAIN_JDK, root + ".domain..", root + ".port..", root + ".usecase..", "org.slf4j.."))
                .because("ports and use cases speak only in domain records; adapters plug in from outside");
    }

    static ArchRule adaptersDoNotDependOnEachOther(String root) {
        return slices().matching(root + ".(*)..").that(areAdapters())
                .should().notDependOnEachOther()
                .because("each adapter talks to the core only; app-bootstrap wires them together");
    }

    static ArchRule coreDoesNotDependOnAdapters(String root) {
        return classes().that().resideInAnyPackage(root + ".domain..", root + ".port..", root + ".usecase..")
                .should().onlyDependOnClassesThat(DescribedPredicate.describe("are not adapter types", type -> !isInAnAdapter(root, type)))
                .because("adapters plug into the core; the core never knows which ones");
    }

    static ArchRule libraryLeavesOutServersAndTheCli(String root) {
        return classes().that().resideInAPackage(root + ".library..")
                .should().onlyDependOnClassesThat(DescribedPredicate.describe("are not server or command-line types",
                        type -> !type.getPackageName().startsWith(root + ".")
                                || !ASSEMBLY_ONLY.contains(topLevel(root, type.getPackageName()))))
                .because("an application that embeds nl2sql must not get the MCP server, the CLI or their dependencies");
    }

    /**
     * Use cases are built in one room, the composition root (the library's wiring); an adapter that builds
     * one decides how the core is put together behind the root's back. A use case is a concrete top-level class of the
     * use-case package; its records and nested values are data an adapter may make.
     */
    static ArchRule adaptersNeverConstructUseCases(String root) {
        return noClasses().that(areInAnAdapter(root))
                .should().callConstructorWhere(DescribedPredicate.describe("the constructor is a use case's",
                        (JavaConstructorCall call) -> isUseCase(root, call.getTargetOwner())))
                .because("only the composition root (" + root + ".library.Wiring) wires use cases");
    }

    /**
     * The composition root is one class, the library's {@code Wiring}, which the assembly and the library's builder both
     * start from: no other class outside the use-case package calls a use case's constructor (the package itself makes
     * its own parts and constants). Stronger than {@link #adaptersNeverConstructUseCases}, which names the adapters: this
     * one also holds the library's other classes and the assembly to it.
     */
    static ArchRule useCasesAreBuiltOnlyByTheWiring(String root) {
        String wiring = root + ".library.Wiring";
        return noClasses().that().resideOutsideOfPackage(root + ".usecase..")
                .and(DescribedPredicate.describe("are not " + wiring, (JavaClass type) -> !isWithin(type, wiring)))
                .should().callConstructorWhere(DescribedPredicate.describe("the constructor is a use case's",
                        (JavaConstructorCall call) -> isUseCase(root, call.getTargetOwner())))
                .because("use cases are wired in one room, so that a wiring change touches " + wiring + " and nothing else");
    }

    /**
     * An adapter shows the rest of the system its entry points only; everything else stays package-private so that it
     * can change without touching another module. Nested types follow their top-level class.
     *
     * @param publicByDesign the top-level adapter classes allowed to be public
     */
    static ArchRule adapterInternalsAreNotPublic(String root, Set<String> publicByDesign) {
        return noClasses().that(areInAnAdapter(root)).and().areTopLevelClasses()
                .and(DescribedPredicate.describe("are not entry points", (JavaClass type) -> !publicByDesign.contains(type.getName())))
                .should().bePublic()
                .because("an adapter's inner parts are its own business; other modules use its entry points");
    }

    private static DescribedPredicate<JavaClass> areInAnAdapter(String root) {
        return DescribedPredicate.describe("are in an adapter", type -> isInAnAdapter(root, type));
    }

    private static boolean isInAnAdapter(String root, JavaClass type) {
        return type.getPackageName().startsWith(root + ".") && !NOT_ADAPTERS.contains(topLevel(root, type.getPackageName()));
    }

    /** {@return whether {@code type} is {@code className} or one of its nested classes} */
    private static boolean isWithin(JavaClass type, String className) {
        return type.getName().equals(className) || type.getName().startsWith(className + "$");
    }

    private static boolean isUseCase(String root, JavaClass type) {
        return (type.getPackageName().equals(root + ".usecase") || type.getPackageName().startsWith(root + ".usecase."))
                && type.isTopLevelClass() && !type.isInterface() && !type.isRecord() && !type.isEnum();
    }

    private static DescribedPredicate<Slice> areAdapters() {
        return DescribedPredicate.describe("are adapters", slice -> !NOT_ADAPTERS.contains(slice.getNamePart(1)));
    }

    private static String topLevel(String root, String packageName) {
        String rest = packageName.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
