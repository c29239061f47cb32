package dev.nl2sql.cli;

import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.conversation.ConversationId;
import dev.nl2sql.domain.conversation.Turn;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.Generation;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.ResponseMode;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.schema.SchemaText;
import dev.nl2sql.port.Cancellation;
import dev.nl2sql.usecase.Conversations;
import dev.nl2sql.usecase.UseCases;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive prompt of {@code nl2sql shell}: reads a line, answers it (a question in the current conversation,
 * or a backslash command) and prints the SQL and the rows. Work runs on a worker thread so that Ctrl-C can cancel
 * the running statement on the server while the shell carries on.
 */
final class Shell {

    /** The backslash commands, with what they do: the help text and the completer share this list. */
    static final Map<String, String> COMMANDS = Map.of(
            "\\d", "\\d [TABLE]         list the tables, or show one table's columns",
            "\\sql", "\\sql SELECT ...    run SQL you wrote (validated, read-only)",
            "\\mode", "\\mode sql|result|both   what a question returns",
            "\\format", "\\format table|json|csv  how results are printed",
            "\\explain", "\\explain [SQL]     the plan of SQL, or of the last answer",
            "\\history", "\\history           the questions of this conversation",
            "\\chart", "\\chart FILE         draw the last rows' chart into FILE (.png or .svg)",
            "\\new", "\\new               start a new conversation",
            "\\help", "\\help              this list",
            "\\q", "\\q                 leave (or Ctrl-D)");


    private final UseCases useCases;
    private final DatabaseName database;
    private final Path historyFile;
    private final boolean colour;
    private final Conversations conversations;
    /** This shell's own conversations: the store may be shared (conversations.postgres) with servers and other shells. */
    private final String scope = "shell-" + UUID.randomUUID();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "nl2sql-shell-worker");
        thread.setDaemon(true);
        return thread;
    });

    private Output.Format format;
    private ResponseMode mode = ResponseMode.BOTH;
    private Optional<ConversationId> conversation = Optional.empty();
    private Optional<String> lastSql = Optional.empty();
    private Optional<QueryResult> lastResult = Optional.empty();
    private volatile Cancellation running;

    Shell(UseCases useCases, DatabaseName database, Path historyFile, Output.Format format, boolean colour) {
        this.useCases = useCases;
        this.database = database;
        this.historyFile = historyFile;
        this.format = format;
        this.colour = colour;
        this.conversations = useCases.conversations();
    }

    /** Runs the prompt on the system's terminal until Ctrl-D or {@code \q}; {@return the exit code} */
    int run() throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            return run(terminal);
        }
    }

    /**
     * Runs the prompt on {@code terminal}, which the caller closes, until Ctrl-D (the end of its input) or {@code \q};
     * {@return the exit code} Tests type into a terminal over streams here.
     */
    int run(Terminal terminal) throws IOException {
        Files.createDirectories(historyFile.getParent());
        try {
            DefaultParser words = new DefaultParser();
            words.setEscapeChars(new char[0]); // a backslash starts a command, and SQL has its own quoting
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("nl2sql").parser(words)
                    .completer(new ShellCompleter(() -> useCases.exploreSchema().schema(database)))
                    .variable(LineReader.HISTORY_FILE, historyFile)
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // "!=" in SQL is not a history event
                    .build();
            // Ctrl-C while a question is answered: cancel it, keep the shell (at the prompt, the reader sees it instead)
            terminal.handle(Terminal.Signal.INT, signal -> {
                Cancellation current = running;
                if (current != null) {
                    current.cancel();
                }
            });
            useCases.generateSql().prepare(); // while the user types the first line
            PrintWriter out = terminal.writer();
            out.println("nl2sql shell on '" + database + "' (" + (useCases.generateSql().hasConfiguredModel() ? "with a language model"
                    : "offline: templates, simple questions and refinements") + "). \\help lists the commands, Ctrl-D leaves.");
            out.flush();
            while (true) {
                String line;
                try {
                    line = reader.readLine(database + "> ");
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt drops the line
                } catch (EndOfFileException e) {
                    break;
                }
                if (!handle(line.strip(), new Output(format, colour, false, out, out))) {
                    break;
                }
            }
            reader.getHistory().save();
            return ExitCodes.OK;
        } finally {
            worker.shutdownNow();
            conversations.close(scope);
        }
    }

    /** Handles one line; {@return whether to read another} */
    private boolean handle(String line, Output output) {
        if (line.isEmpty()) {
            return true;
        }
        if (!line.startsWith("\\")) {
            ask(line, output);
            return true;
        }
        String[] parts = line.split("\\s+", 2);
        String argument = parts.length > 1 ? parts[1].strip() : "";
        switch (parts[0]) {
            case "\\q", "\\quit" -> {
                return false;
            }
            case "\\d" -> describe(argument, output);
            case "\\sql" -> sql(argument, output);
            case "\\mode" -> setMode(argument, output);
            case "\\format" -> setFormat(argument, output);
            case "\\explain" -> explain(argument, output);
            case "\\history" -> history(output);
            case "\\chart" -> chart(argument, output);
            case "\\new" -> {
                conversation = Optional.empty();
                output.line("-- a new conversation starts with the next question");
            }
            case "\\help", "\\?" -> COMMANDS.values().stream().sorted().forEach(output::line);
            default -> output.line("unknown command " + parts[0] + "; \\help lists the commands");
        }
        return true;
    }

    private void ask(String question, Output output) {
        QueryRequest.Question request = new QueryRequest.Question(database, question, mode, Limits.AS_CONFIGURED);
        Optional<Result<Conversations.Asked>> asked = cancellable(output,
                () -> conversations.ask(scope, conversation, request, Optional.empty(), Caller.CLI));
        asked.ifPresent(result -> {
            switch (result) {
                case Result.Err<Conversations.Asked> err -> output.failure(err.failure());
                case Result.Ok<Conversations.Asked> ok -> {
                    conversation = Optional.of(ok.value().conversation());
                    if (ok.value().answer().generation() instanceof Generation.Generated generated) {
                        lastSql = Optional.of(generated.query().sql());
                    }
                    AskCommand.print(output, ok.value().answer(), mode);
                    ok.value().answer().rows().ifPresent(this::remember);
                }
            }
        });
    }

    private void sql(String sql, Output output) {
        if (sql.isEmpty()) {
            output.line("usage: \\sql SELECT ...");
            return;
        }
        cancellable(output, () -> useCases.runSql().run(new QueryRequest.Sql(database, sql, Limits.AS_CONFIGURED), Caller.CLI))
                .ifPresent(outcome -> {
                    output.outcome(outcome, Map.of());
                    remember(outcome);
                });
    }

    private void remember(QueryOutcome outcome) {
        if (outcome instanceof QueryOutcome.Succeeded ok) {
            lastResult = Optional.of(ok.result());
        }
    }

    private void chart(String file, Output output) {
        if (file.isEmpty() || lastResult.isEmpty()) {
            output.line("usage: \\chart FILE.png|FILE.svg (after a question or \\sql that returned rows)");
            return;
        }
        ChartOption.write(output, useCases.drawChart(), lastResult.get(), Path.of(file));
    }

    private void explain(String argument, Output output) {
        Optional<String> sql = argument.isEmpty() ? lastSql : Optional.of(argument);
        if (sql.isEmpty()) {
            output.line("usage: \\explain SELECT ... (or ask a question first)");
            return;
        }
        cancellable(output, () -> useCases.runSql().run(new QueryRequest.Sql(database, "EXPLAIN " + sql.get(), Limits.AS_CONFIGURED),
                Caller.CLI)).ifPresent(outcome -> output.outcome(outcome, Map.of()));
    }

    /**
     * {@return what {@code work} returns, run on the worker thread within a cancellation that Ctrl-C triggers}; empty
     * when it was cancelled
     */
    private <T> Optional<T> cancellable(Output output, Supplier<T> work) {
        Cancellation cancellation = new Cancellation();
        running = cancellation;
        try {
            Future<T> done = worker.submit(() -> cancellation.within(work));
            T result = done.get();
            if (cancellation.isCancelled()) {
                output.line("-- cancelled");
                return Optional.empty();
            }
            return Optional.of(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the shell's work failed", e.getCause());
        } finally {
            running = null;
        }
    }

    private void describe(String table, Output output) {
        Result<SchemaSnapshot> schema = useCases.exploreSchema().schema(database);
        if (schema instanceof Result.Err<SchemaSnapshot> err) {
            output.failure(err.failure());
            return;
        }
        if (table.isEmpty()) {
            schema.orElseThrow().relations().stream().map(SchemaText::summary).forEach(output::line);
            return;
        }
        switch (useCases.exploreSchema().describe(database, table)) {
            case Result.Err<Relation> err -> output.failure(err.failure());
            case Result.Ok<Relation> ok -> output.line(SchemaText.ddl(ok.value(), schema.orElseThrow(), Set.of()));
        }
    }

    private void setMode(String argument, Output output) {
        try {
            mode = ResponseMode.valueOf(argument.toUpperCase(Locale.ROOT));
            output.line("-- mode " + mode.name().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            output.line("usage: \\mode sql|result|both (now " + mode.name().toLowerCase(Locale.ROOT) + ")");
        }
    }

    private void setFormat(String argument, Output output) {
        try {
            format = Output.Format.valueOf(argument.toUpperCase(Locale.ROOT));
            output.line("-- format " + format.name().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            output.line("usage: \\format table|json|csv (now " + format.name().toLowerCase(Locale.ROOT) + ")");
        }
    }

    private void history(Output output) {
        if (conversation.isEmpty()) {
            output.line("-- no questions yet in this conversation");
            return;
        }
        switch (conversations.turns(scope, conversation.get())) {
            case Result.Err<List<Turn>> err -> output.failure(err.failure());
            case Result.Ok<List<Turn>> ok -> {
                for (int i = 0; i < ok.value().size(); i++) {
                    Turn turn = ok.value().get(i);
                    output.line((i + 1) + ". " + turn.question() + "\n   " + turn.sql().orElse("(not answered)"));
                }
            }
        }
    }
}
