package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.sensitive.PlanRedaction;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.port.QueryExecutor;
import dev.nl2sql.port.SchemaCatalog;
import dev.nl2sql.port.SensitivePolicies;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Shows an EXPLAIN's plan, on a database with a sensitive data policy, only as {@link PlanRedaction} allows: the plan
 * of a statement over a view or an indexed table names what the statement never did (hidden columns and tables, a
 * view's constants), and every path that runs a statement (run_sql, explain_sql, templates, a model's SQL) runs it here.
 */
public final class PlanRedactingExecutor implements QueryExecutor {

    private final QueryExecutor next;
    private final SchemaCatalog visible;
    private final SensitivePolicies sensitive;

    /**
     * @param visible each database's schema as the policy shows it, whose names a plan may repeat
     * @param sensitive asked per statement: a policy that follows views changes with the schema
     */
    public PlanRedactingExecutor(QueryExecutor next, SchemaCatalog visible, SensitivePolicies sensitive) {
        this.next = requireNonNull(next, "next");
        this.visible = requireNonNull(visible, "visible");
        this.sensitive = requireNonNull(sensitive, "sensitive");
    }

    @Override
    public QueryOutcome execute(DatabaseName database, Verdict.Accepted statement, List<Object> parameters, Limits limits) {
        QueryOutcome outcome = next.execute(database, statement, parameters, limits);
        if (!(outcome instanceof QueryOutcome.Succeeded ok) || !isExplain(statement.sql()) || !sensitive.of(database).isActive()) {
            return outcome;
        }
        PlanRedaction redaction = switch (visible.snapshot(database)) {
            case Result.Ok<SchemaSnapshot> snapshot -> PlanRedaction.of(statement.sql(), snapshot.value());
            // no schema to name: only the statement's own words stay
            case Result.Err<SchemaSnapshot> err -> new PlanRedaction(statement.sql().toLowerCase(Locale.ROOT), Set.of());
        };
        QueryResult plan = ok.result();
        List<String> shown = redaction.redact(plan.rows().stream().map(row -> String.valueOf(row.getFirst())).toList());
        return QueryOutcome.succeeded(ok.sql(), new QueryResult(plan.columns(), shown.stream().map(line -> List.<Object>of(line)).toList(),
                plan.truncated(), plan.elapsed()));
    }

    @Override
    public Result<Double> estimateCost(DatabaseName database, Verdict.Accepted statement, Limits limits) {
        return next.estimateCost(database, statement, limits);
    }

    /** The validator writes an accepted EXPLAIN's prefix itself: {@code EXPLAIN } or {@code EXPLAIN (...) }. */
    private static boolean isExplain(String sql) {
        return sql.startsWith("EXPLAIN ");
    }
}
