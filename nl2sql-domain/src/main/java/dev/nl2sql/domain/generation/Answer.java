package dev.nl2sql.domain.generation;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.result.QueryOutcome;
import java.util.Optional;

/**
 * The answer to a question: how the SQL was obtained, and the rows when the response mode asked to run it.
 *
 * @param rows present when the SQL ran (response mode {@code result} or {@code both})
 */
public record Answer(Generation generation, Optional<QueryOutcome> rows) {

    public Answer {
        requireNonNull(generation, "generation");
        requireNonNull(rows, "rows");
    }
}
