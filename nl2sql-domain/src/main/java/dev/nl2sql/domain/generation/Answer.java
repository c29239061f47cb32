package dev.nl2sql.domain.generation;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.result.QueryOutcome;
import java.util.Optional;

/**
 * The answer to a question: how the SQL was obtained, and the rows when the response mode asked to run it.
 *
 * @param rows present when the SQL ran (response mode {@code result} or {@code both})
 * @param degraded present when the model failed and the offline paths answered instead: every surface says so
 */
public record Answer(Generation generation, Optional<QueryOutcome> rows, Optional<Degraded> degraded) {

    public Answer {
        requireNonNull(generation, "generation");
        requireNonNull(rows, "rows");
        requireNonNull(degraded, "degraded");
    }

    /** An answer from the writer that was asked. */
    public Answer(Generation generation, Optional<QueryOutcome> rows) {
        this(generation, rows, Optional.empty());
    }

    /**
     * {@return this answer with its SQL and rows withheld for {@code failure}} How far the generation got (attempts,
     * tokens, generator) stays, for the record.
     */
    public Answer withheld(Failure failure) {
        Generation refused = switch (generation) {
            case Generation.Generated generated -> new Generation.Refused(failure, generated.query().attempts(), generated.query().tokens(),
                    generated.query().generator());
            case Generation.Refused earlier -> new Generation.Refused(failure, earlier.attempts(), earlier.tokens(), earlier.generator());
        };
        return new Answer(refused, Optional.empty(), degraded);
    }

    /** {@return this answer, marked as given without the model that failed} */
    public Answer degradedBy(Degraded degraded) {
        return new Answer(generation, rows, Optional.of(degraded));
    }
}
