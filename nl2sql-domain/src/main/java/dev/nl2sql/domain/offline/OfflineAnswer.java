package dev.nl2sql.domain.offline;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.query.GeneratedQuery;
import java.util.List;

/** What the offline generator made of a question: SQL it is sure of, or a refusal saying what it did not understand. */
public sealed interface OfflineAnswer {

    /** Every content word of the question was understood; {@code query} has generator {@code offline}. */
    record Answered(GeneratedQuery query) implements OfflineAnswer {
        public Answered {
            requireNonNull(query, "query");
        }
    }

    /**
     * The question is beyond the offline generator.
     *
     * @param unmatched the words it could not connect to the schema, empty when the words matched but their shape did not
     */
    record Refused(String reason, List<String> unmatched) implements OfflineAnswer {
        public Refused {
            requireNonNull(reason, "reason");
            unmatched = List.copyOf(unmatched);
        }
    }
}
