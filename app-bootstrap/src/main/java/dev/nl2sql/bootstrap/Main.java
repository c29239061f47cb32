package dev.nl2sql.bootstrap;

import dev.nl2sql.library.config.ConfigLoader;
import dev.nl2sql.cli.Nl2SqlCommand;

/** The {@code nl2sql} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        // picocli otherwise looks for Groovy's Closure class at its first use: a miss that opens every jar on the class
        // path, about 40 ms of every start
        System.setProperty("picocli.disable.closures", "true");
        // the same for SLF4J's search of every jar for its provider; the assembly ships exactly one
        System.setProperty("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN"); // not a line on stderr saying it used that provider
        int exit = Nl2SqlCommand.commandLine(new Application(ConfigLoader.fromSystem()), args).execute(args);
        System.exit(exit);
    }
}
