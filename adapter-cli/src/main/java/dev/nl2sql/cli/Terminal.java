package dev.nl2sql.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** What the terminal on standard output can do: colour and width only make sense on an interactive one. */
final class Terminal {

    private static final int DEFAULT_WIDTH = 100;

    private Terminal() {}

    /** {@return whether standard output is an interactive terminal, not a pipe or a file} */
    static boolean isInteractive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22+ returns a Console even when redirected, and says whether it is a terminal; we target 21.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }

    /** {@return the terminal's width: $COLUMNS when set, else a common default} */
    static int width() {
        String columns = System.getenv("COLUMNS");
        if (columns != null && columns.matches("\\d{2,4}")) {
            return Math.max(20, Integer.parseInt(columns));
        }
        return DEFAULT_WIDTH;
    }
}
