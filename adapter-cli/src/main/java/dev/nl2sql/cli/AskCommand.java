package dev.nl2sql.cli;

import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.generation.Answer;
import dev.nl2sql.domain.generation.Generation;
import dev.nl2sql.domain.query.GeneratedQuery;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.ResponseMode;
import dev.nl2sql.domain.result.QueryOutcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Answers a question in plain language: SQL from the configured model or the offline paths, validated, then run. */
@Command(name = "ask", mixinStandardHelpOptions = true,
        description = "Answer a question in plain language: nl2sql writes the SQL (with the configured model, or offline), checks it and runs it read-only.",
        footer = {"", "Examples:", "  nl2sql ask \"how many customers live in Germany\" --db shop",
                "  nl2sql ask \"5 most expensive products\" --mode sql",
                "  nl2sql ask \"how many orders are there in each status\" --chart status.png"})
final class AskCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption database;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "both",
            description = "sql (write the SQL only), result (rows only) or both (default: ${DEFAULT-VALUE}).")
    String mode;

    @Mixin
    ChartOption chart;

    @Option(names = "--max-rows", paramLabel = "N", description = "At most N rows.")
    Integer maxRows;

    @Parameters(paramLabel = "QUESTION", arity = "1..*", description = "The question; several words are joined.")
    java.util.List<String> words;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ResponseMode responseMode;
        try {
            responseMode = ResponseMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("nl2sql: --mode must be sql, result or both, was '" + mode + "'");
            return ExitCodes.USAGE;
        }
        if (chart.problem().isPresent()) {
            spec.commandLine().getErr().println("nl2sql: " + chart.problem().get());
            return ExitCodes.USAGE;
        }
        String question = String.join(" ", words);
        Limits limits = maxRows == null ? Limits.AS_CONFIGURED : Limits.AS_CONFIGURED.withMaxRows(Math.max(1, maxRows));
        return Nl2SqlCommand.run(spec, database, (output, app, db) -> {
            if (!app.useCases().generateSql().hasConfiguredModel()) {
                output.note("no language model is configured: answering offline (query templates and simple questions)");
            }
            Answer answer = app.useCases().generateSql().answer(new QueryRequest.Question(db, question, responseMode, limits),
                    Optional.empty(), Caller.CLI);
            int exit = print(output, answer, responseMode);
            return answer.rows().map(rows -> chart.draw(output, app.useCases().drawChart(), rows, exit)).orElse(exit);
        });
    }

    /** Prints the SQL (unless only rows were asked for) and the rows of {@code answer}; {@return the exit code} */
    static int print(Output output, Answer answer, ResponseMode mode) {
        return switch (answer.generation()) {
            case Generation.Refused refused -> output.failure(refused.failure());
            case Generation.Generated generated -> {
                // said first and always, before any rows: the caller asked for the model and got the offline paths' answer
                answer.degraded().ifPresent(degraded -> output.warning("degraded: " + degraded.describe()));
                GeneratedQuery query = generated.query();
                Map<String, Object> about = new LinkedHashMap<>();
                answer.degraded().ifPresent(degraded -> about.put("degraded", degraded.describe()));
                about.put("explanation", query.explanation());
                about.put("confidence", query.confidence());
                about.put("generator", query.generator());
                about.put("attempts", query.attempts());
                if (output.format() == Output.Format.JSON) {
                    if (answer.rows().isEmpty()) {
                        about.put("sql", query.sql());
                        output.json(about);
                        yield ExitCodes.OK;
                    }
                    yield output.outcome(answer.rows().get(), about);
                }
                if (mode != ResponseMode.RESULT && output.format() == Output.Format.CSV && answer.rows().isPresent()) {
                    // CSV on stdout must be nothing but the rows; the SQL goes with the notes
                    output.note(query.sql());
                } else if (mode != ResponseMode.RESULT) {
                    output.line(query.sql());
                    output.note("-- " + query.explanation() + " (" + query.generator() + ", confidence " + query.confidence() + ")");
                }
                yield answer.rows().map(rows -> rows instanceof QueryOutcome.Succeeded ok
                        ? output.outcome(ok, Map.of()) : output.outcome(rows, Map.of())).orElse(ExitCodes.OK);
            }
        };
    }
}
