package dev.nl2sql.port;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.validation.Verdict;

/** Runs statements that passed validation, read-only and within limits. */
public interface QueryExecutor {

    /** {@return the rows of {@code statement} on {@code database}, capped by {@code limits}, or why it failed} */
    QueryOutcome execute(DatabaseName database, Verdict.Accepted statement, Limits limits);

    /** {@return the planner's total cost estimate for {@code statement}, from EXPLAIN without ANALYZE} */
    Result<Double> estimateCost(DatabaseName database, Verdict.Accepted statement, Limits limits);
}
