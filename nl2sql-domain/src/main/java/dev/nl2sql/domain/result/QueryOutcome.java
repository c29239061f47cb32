package dev.nl2sql.domain.result;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.error.Failure;

/** How running one statement ended: rows, or a failure with a code. */
public sealed interface QueryOutcome {

    /** The statement ran; {@code sql} is exactly what ran (normalised, with its enforced LIMIT). */
    record Succeeded(String sql, QueryResult result) implements QueryOutcome {
        public Succeeded {
            requireNonNull(sql, "sql");
            requireNonNull(result, "result");
        }
    }

    /** The statement did not run, or failed while running. */
    record Failed(Failure failure) implements QueryOutcome {
        public Failed {
            requireNonNull(failure, "failure");
        }
    }

    static QueryOutcome succeeded(String sql, QueryResult result) {
        return new Succeeded(sql, result);
    }

    static QueryOutcome failed(Failure failure) {
        return new Failed(failure);
    }
}
