package dev.nl2sql.domain.generation;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.query.GeneratedQuery;
import dev.nl2sql.domain.query.TokenUsage;

/** How turning a question into SQL ended. */
public sealed interface Generation {

    /** SQL that answers the question and passed validation: {@code query.sql()} is the normalised text that runs. */
    record Generated(GeneratedQuery query) implements Generation {
        public Generated {
            requireNonNull(query, "query");
        }
    }

    /** No SQL: {@code failure} says why (unanswerable, model down and no offline answer, corrections exhausted...). */
    record Refused(Failure failure, int attempts, TokenUsage tokens, String generator) implements Generation {
        public Refused {
            requireNonNull(failure, "failure");
            requireNonNull(tokens, "tokens");
            requireNonNull(generator, "generator");
        }
    }
}
