package dev.nl2sql.bootstrap;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A tool a test needs from outside the JVM (tmux, chromium, haproxy, the node packages). {@code ./build test} installs
 * them and says so with {@code -Dnl2sql.tools.installed=true}: there a missing tool fails the test instead of skipping
 * it, so CI cannot pass on tests that never ran. Elsewhere (a single test from an IDE) it skips.
 */
public final class InstalledTool {

    private InstalledTool() {}

    /** Fails, or skips outside {@code ./build test}, unless {@code present}; {@code missing} says what to install. */
    public static void require(boolean present, String missing) {
        if (Boolean.getBoolean("nl2sql.tools.installed")) {
            assertTrue(present, missing);
        } else {
            assumeTrue(present, missing);
        }
    }
}
