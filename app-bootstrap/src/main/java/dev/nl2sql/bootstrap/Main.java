package dev.nl2sql.bootstrap;

import dev.nl2sql.library.config.ConfigLoader;
import dev.nl2sql.cli.Nl2SqlCommand;

/** The {@code nl2sql} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        int exit = Nl2SqlCommand.commandLine(new Application(ConfigLoader.fromSystem()), args).execute(args);
        System.exit(exit);
    }
}
