package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.evaluation.EvalItem;
import dev.nl2sql.domain.evaluation.EvalOutcome;
import dev.nl2sql.domain.evaluation.EvalQuestion;
import dev.nl2sql.domain.evaluation.EvalReport;
import dev.nl2sql.domain.evaluation.ResultComparison;
import dev.nl2sql.domain.generation.Answer;
import dev.nl2sql.domain.generation.Generation;
import dev.nl2sql.domain.query.GeneratedQuery;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.ResponseMode;
import dev.nl2sql.domain.result.QueryOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Scores a generator on questions with gold SQL: each question is answered by the chosen generator and its SQL run
 * the usual way (validated, read-only, within the database's limits), the gold SQL is run the same way, and the two
 * results are compared ({@link ResultComparison}). Teams use it to choose a model, tune synonyms and catch regressions.
 */
public final class Evaluate {

    private final GenerateSql generateSql;
    private final RunSql runSql;

    public Evaluate(GenerateSql generateSql, RunSql runSql) {
        this.generateSql = requireNonNull(generateSql, "generateSql");
        this.runSql = requireNonNull(runSql, "runSql");
    }

    /**
     * {@return the scores of the generator {@code route} names on {@code questions}}
     *
     * @param scored hears each item as soon as it is scored, for progress
     */
    public EvalReport run(List<EvalQuestion> questions, GenerateSql.Route route, Consumer<EvalItem> scored) {
        List<EvalItem> items = new ArrayList<>(questions.size());
        for (EvalQuestion question : questions) {
            EvalItem item = score(question, route);
            items.add(item);
            scored.accept(item);
        }
        return new EvalReport(route.name().toLowerCase(java.util.Locale.ROOT), items);
    }

    private EvalItem score(EvalQuestion question, GenerateSql.Route route) {
        Answer answer = generateSql.answer(new QueryRequest.Question(question.database(), question.question(), ResponseMode.BOTH,
                Limits.AS_CONFIGURED), route, Caller.CLI);
        return switch (answer.generation()) {
            case Generation.Refused refused -> new EvalItem(question, Optional.empty(), refused.generator(), 0,
                    new EvalOutcome.Refused(refused.failure().code().code() + ": " + refused.failure().message()));
            case Generation.Generated generated -> {
                GeneratedQuery query = generated.query();
                yield new EvalItem(question, Optional.of(query.sql()), query.generator(), query.confidence(),
                        judge(question, answer.rows()));
            }
        };
    }

    private EvalOutcome judge(EvalQuestion question, Optional<QueryOutcome> rows) {
        if (question.goldSql().isEmpty()) {
            return new EvalOutcome.Wrong("answered a question that has no answer in the database");
        }
        if (!(rows.orElse(null) instanceof QueryOutcome.Succeeded generated)) {
            return new EvalOutcome.Wrong(rows.orElse(null) instanceof QueryOutcome.Failed failed
                    ? "the generated SQL failed: " + failed.failure().code().code() + ": " + failed.failure().message()
                    : "the generated SQL was not run");
        }
        QueryOutcome gold = runSql.run(new QueryRequest.Sql(question.database(), question.goldSql().get(), Limits.AS_CONFIGURED), Caller.CLI);
        return switch (gold) {
            case QueryOutcome.Failed failed -> new EvalOutcome.Unscored("the gold SQL failed: " + failed.failure().code().code() + ": "
                    + failed.failure().message());
            case QueryOutcome.Succeeded ok when ok.result().truncated() ->
                    new EvalOutcome.Unscored("the gold's result was cut off by the database's row or byte limit; raise max_rows to score it");
            case QueryOutcome.Succeeded ok when generated.result().truncated() ->
                    new EvalOutcome.Wrong("more rows than the database's row or byte limit, where the gold has " + ok.result().rowCount());
            case QueryOutcome.Succeeded ok -> ResultComparison.difference(question.goldSql().get(), ok.result(), generated.result())
                    .<EvalOutcome>map(EvalOutcome.Wrong::new).orElseGet(EvalOutcome.Right::new);
        };
    }
}
