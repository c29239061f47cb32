package dev.nl2sql.bootstrap;

import dev.nl2sql.cli.Launcher;
import dev.nl2sql.cli.Nl2SqlCommand;
import dev.nl2sql.library.config.ConfigLoader;
import java.util.List;
import java.util.function.UnaryOperator;

/** The {@code nl2sql} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(new Application(ConfigLoader.fromSystem()), UnaryOperator.identity(), args));
    }

    /** {@return the exit code of {@code args} run on {@code application}, as {@code around} presents it (tests slow it down)} */
    static int run(Application application, UnaryOperator<Launcher> around, String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        // picocli otherwise looks for Groovy's Closure class at its first use: a miss that opens every jar on the class
        // path, about 40 ms of every start
        System.setProperty("picocli.disable.closures", "true");
        // the same for SLF4J's search of every jar for its provider; the assembly ships exactly one
        System.setProperty("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN"); // not a line on stderr saying it used that provider
        // Before the command line is built (picocli takes longer than answering from the snapshot): arguments that can
        // only mean serve --stdio begin the session now, so the client's first requests are answered meanwhile.
        StdioArguments.configFile(args).ifPresent(configFile -> application.beginStdio(configFile, List.of(args)));
        return Nl2SqlCommand.commandLine(around.apply(application), args).execute(args);
    }
}
