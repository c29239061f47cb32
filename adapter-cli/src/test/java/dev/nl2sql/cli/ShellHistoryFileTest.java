package dev.nl2sql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the shell keeps its history: the XDG state directory. */
class ShellHistoryFileTest {

    @Test
    void usesXdgStateHomeWhenSet() {
        assertThat(ShellCommand.historyFile(Map.of("XDG_STATE_HOME", "/var/state", "HOME", "/home/ada")))
                .isEqualTo(Path.of("/var/state/nl2sql/shell_history"));
    }

    @Test
    void fallsBackToLocalStateUnderHome() {
        assertThat(ShellCommand.historyFile(Map.of("HOME", "/home/ada"))).isEqualTo(Path.of("/home/ada/.local/state/nl2sql/shell_history"));
    }

    @Test
    void ignoresABlankXdgStateHome() {
        assertThat(ShellCommand.historyFile(Map.of("XDG_STATE_HOME", " ", "HOME", "/home/ada")))
                .isEqualTo(Path.of("/home/ada/.local/state/nl2sql/shell_history"));
    }
}
