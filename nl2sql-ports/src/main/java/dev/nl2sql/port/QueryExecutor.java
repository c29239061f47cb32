package dev.nl2sql.port;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.validation.Verdict;
import java.util.List;

/** Runs statements that passed validation, read-only and within limits. */
public interface QueryExecutor {

    /** {@return the rows of {@code statement} on {@code database}, capped by {@code limits}, or why it failed} */
    default QueryOutcome execute(DatabaseName database, Verdict.Accepted statement, Limits limits) {
        return execute(database, statement, List.of(), limits);
    }

    /**
     * {@return the rows of {@code statement} with its JDBC {@code ?} placeholders bound to {@code parameters} (typed
     * values: String, Long, BigDecimal, Boolean, LocalDate, OffsetDateTime), or why it failed}
     */
    QueryOutcome execute(DatabaseName database, Verdict.Accepted statement, List<Object> parameters, Limits limits);

    /** {@return the planner's total cost estimate for {@code statement}, from EXPLAIN without ANALYZE} */
    Result<Double> estimateCost(DatabaseName database, Verdict.Accepted statement, Limits limits);
}
