package dev.nl2sql.usecase;

import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.Answer;
import dev.nl2sql.domain.generation.Generation;
import dev.nl2sql.domain.query.GeneratedQuery;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.ResponseMode;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.template.TemplateMatcher;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.port.Cancellation;
import dev.nl2sql.port.QueryExecutor;
import dev.nl2sql.port.Tracing;
import dev.nl2sql.usecase.SqlWriter.Draft;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one place a draft becomes an answer: each SQL draft goes through the validator, then runs (or, when only SQL is
 * wanted, is planned) so the database can object too; a rejection or a database error the writer can fix (unknown
 * column, type mismatch...) goes back to the writer with the reason, at most {@code maxCorrections} times. Validation,
 * planning and execution are {@link Tracing} stages of the call.
 */
final class CorrectionLoop {

    // SQLSTATE classes a model can fix: 42 (unknown name, type mismatch, grouping error), 22 (bad literal), 21 (cardinality).
    private static final Set<String> CORRECTABLE_CLASSES = Set.of("42", "22", "21");

    private final RunSql runSql;
    private final RunTemplate templates;
    private final QueryExecutor executor;
    private final int maxCorrections;

    /** @param maxCorrections how many times a failing draft goes back to its writer (0 = first draft only) */
    CorrectionLoop(RunSql runSql, RunTemplate templates, QueryExecutor executor, int maxCorrections) {
        this.runSql = runSql;
        this.templates = templates;
        this.executor = executor;
        this.maxCorrections = maxCorrections;
    }

    /** {@return the answer {@code drafts} come to for {@code question}}; what happens is told to {@code record} */
    Answer answer(SqlWriter.Drafts drafts, QueryRequest.Question question, Limits limits, CallRecord record) {
        Draft draft = timed(record, drafts::first);
        int attempts = 1;
        while (true) {
            Failure problem;
            switch (draft) {
                case Draft.Failed failed -> {
                    return refused(failed.failure(), attempts, drafts);
                }
                case Draft.Declined declined -> {
                    return refused(declined.reason(), attempts, drafts);
                }
                case Draft.Template template -> {
                    return fromTemplate(question, template.match(), limits, record);
                }
                case Draft.Unreadable unreadable -> problem = unreadable.problem();
                case Draft.Sql sql -> {
                    record.generated(sql.sql(), sql.writer(), attempts, drafts.tokens());
                    Checked checked = check(question, sql.sql(), limits, record);
                    if (checked.problem().isEmpty()) {
                        GeneratedQuery query = new GeneratedQuery(checked.shown(sql.sql()), sql.explanation(), sql.confidence(),
                                checked.statement().tables(), attempts, drafts.tokens(), sql.writer());
                        return new Answer(new Generation.Generated(query), checked.rows());
                    }
                    problem = checked.problem().get();
                    if (!correctable(problem)) {
                        return refused(problem, attempts, drafts);
                    }
                }
            }
            if (attempts > maxCorrections || Cancellation.currentIsCancelled()) {
                return refused(problem, attempts, drafts);
            }
            Failure fix = problem;
            Optional<Draft> next = timed(record, () -> drafts.after(fix));
            if (next.isEmpty()) {
                return refused(problem, attempts, drafts);
            }
            draft = next.get();
            attempts++;
        }
    }

    private static <T> T timed(CallRecord record, Supplier<T> writing) {
        long started = System.nanoTime();
        try {
            return writing.get();
        } finally {
            record.generate(CallRecord.since(started));
        }
    }

    /** SQL checked for use: validated, then run (or, when only SQL is wanted, planned) so the database can object too. */
    private record Checked(Verdict.Accepted statement, Optional<Failure> problem, Optional<QueryOutcome> rows) {

        /** {@return the SQL to show for {@code written}: as written when the only change is the row cap's LIMIT, which is ours} */
        String shown(String written) {
            return statement.limitApplied() ? RunSql.asWritten(written) : statement.sql();
        }
    }

    private Checked check(QueryRequest.Question question, String sql, Limits limits, CallRecord record) {
        long validating = System.nanoTime();
        Result<Verdict> verdict;
        try (Tracing.Stage stage = record.stage("validation")) {
            verdict = runSql.validate(question.database(), sql, limits);
        }
        record.validate(CallRecord.since(validating));
        if (verdict instanceof Result.Err<Verdict> err) {
            return new Checked(null, Optional.of(err.failure()), Optional.empty());
        }
        switch (((Result.Ok<Verdict>) verdict).value()) {
            case Verdict.Rejected rejected -> {
                return new Checked(null, Optional.of(rejected.toFailure()), Optional.empty());
            }
            case Verdict.Accepted accepted -> {
                long executing = System.nanoTime();
                if (question.mode() == ResponseMode.SQL) {
                    Result<Double> plan;
                    try (Tracing.Stage stage = record.stage("planning")) {
                        plan = executor.estimateCost(question.database(), accepted, limits);
                    }
                    record.execute(CallRecord.since(executing));
                    Optional<Failure> problem = plan instanceof Result.Err<Double> err ? Optional.of(err.failure()) : Optional.empty();
                    return new Checked(accepted, problem, Optional.empty());
                }
                QueryOutcome outcome;
                try (Tracing.Stage stage = record.stage("execution")) {
                    outcome = executor.execute(question.database(), accepted, limits);
                }
                record.execute(CallRecord.since(executing));
                Optional<Failure> problem = outcome instanceof QueryOutcome.Failed failed && correctable(failed.failure())
                        ? Optional.of(failed.failure()) : Optional.empty();
                return new Checked(accepted, problem, Optional.of(outcome));
            }
        }
    }

    private static boolean correctable(Failure failure) {
        return switch (failure) {
            case Failure.SqlRejected r -> true;
            case Failure.SqlInvalid i -> true;
            case Failure.DatabaseError e -> e.sqlState().length() == 5 && CORRECTABLE_CLASSES.contains(e.sqlState().substring(0, 2));
            default -> false;
        };
    }

    private Answer fromTemplate(QueryRequest.Question question, TemplateMatcher.Match match, Limits limits, CallRecord record) {
        String generator = "template:" + match.template().name();
        String explanation = match.template().description()
                + (match.arguments().isEmpty() ? "" : " (" + match.arguments().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("") + ")");
        GeneratedQuery query = new GeneratedQuery(match.template().sql(), explanation, 0.9, List.of(), 1, TokenUsage.NONE, generator);
        record.generated(match.template().sql(), generator, 1, TokenUsage.NONE);
        Optional<QueryOutcome> rows = question.mode() == ResponseMode.SQL
                ? Optional.empty()
                : Optional.of(templates.run(match.template().name(), match.arguments(), limits, record));
        return new Answer(new Generation.Generated(query), rows);
    }

    private static Answer refused(Failure failure, int attempts, SqlWriter.Drafts drafts) {
        return new Answer(new Generation.Refused(failure, attempts, drafts.tokens(), drafts.writer()), Optional.empty());
    }
}
