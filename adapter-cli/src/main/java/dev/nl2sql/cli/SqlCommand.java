package dev.nl2sql.cli;

import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.usecase.RunSql;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Validates one read-only SQL statement and runs it. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Validate one read-only SQL statement and run it: a write, a second statement or an unknown column is refused before anything reaches the database.",
        footer = {"", "Examples:", "  nl2sql sql \"SELECT name, price FROM products ORDER BY price DESC LIMIT 5\"",
                "  nl2sql sql --db chinook --format csv \"SELECT * FROM genre\" > genres.csv",
                "  nl2sql sql --chart orders.svg \"SELECT status, count(*) AS orders FROM orders GROUP BY status\""})
final class SqlCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption database;

    @Mixin
    ChartOption chart;

    @Option(names = "--max-rows", paramLabel = "N", description = "At most N rows (never more than the database's configured limit).")
    Integer maxRows;

    @Parameters(paramLabel = "SQL", description = "The statement; quote it for your shell.")
    String sql;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // the statement as typed: the one that ran carries the row cap's LIMIT, which is ours (the audit keeps it)
        if (chart.problem().isPresent()) {
            spec.commandLine().getErr().println("nl2sql: " + chart.problem().get());
            return ExitCodes.USAGE;
        }
        return Nl2SqlCommand.run(spec, database, (output, app, db) -> {
            QueryOutcome outcome = app.useCases().runSql().run(new QueryRequest.Sql(db, sql, limits()), Caller.CLI);
            int exit = output.outcome(outcome, Optional.of(RunSql.asWritten(sql)), Map.of("database", db.value()));
            return chart.draw(output, app.useCases().drawChart(), outcome, exit);
        });
    }

    private Limits limits() {
        return maxRows == null ? Limits.AS_CONFIGURED : Limits.AS_CONFIGURED.withMaxRows(Math.max(1, maxRows));
    }
}
