package dev.nl2sql.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** An interactive prompt: questions one after another, follow-ups read in the context of the earlier ones. */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Ask questions one after another at an interactive prompt; a follow-up ('only in 2023', 'show their "
                + "e-mails too') refines the previous answer. Line editing, a history kept across sessions, completion of "
                + "table and column names and of commands (type \\help). Ctrl-C cancels the running query, Ctrl-D leaves."},
        footer = {"", "Examples:", "  nl2sql shell --db shop", "",
                "History: $XDG_STATE_HOME/nl2sql/shell_history (default ~/.local/state/nl2sql/shell_history)."})
final class ShellCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption database;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Nl2SqlCommand root = Nl2SqlCommand.root(spec);
        return Nl2SqlCommand.run(spec, database, (output, app, db) -> new Shell(app.useCases(), db, historyFile(System.getenv()),
                root.format != null ? root.format : Output.Format.TABLE, !root.noColor && System.getenv("NO_COLOR") == null)
                .run());
    }

    /** {@return where the shell keeps its history: under $XDG_STATE_HOME, else ~/.local/state} */
    static Path historyFile(Map<String, String> environment) {
        Path state = Optional.ofNullable(environment.get("XDG_STATE_HOME")).filter(dir -> !dir.isBlank()).map(Path::of)
                .orElseGet(() -> Path.of(Optional.ofNullable(environment.get("HOME")).orElse(System.getProperty("user.home")),
                        ".local", "state"));
        return state.resolve("nl2sql").resolve("shell_history");
    }
}
