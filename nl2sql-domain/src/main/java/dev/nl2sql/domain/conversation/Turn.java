package dev.nl2sql.domain.conversation;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One question of a conversation and how it was answered.
 *
 * @param sql the SQL that answered it, empty when it was refused
 * @param summary what the SQL returned, empty when it did not run (response mode {@code sql}, or refused)
 */
public record Turn(String question, Optional<String> sql, Optional<ResultSummary> summary) {

    public Turn {
        requireNonNull(question, "question");
        requireNonNull(sql, "sql");
        requireNonNull(summary, "summary");
    }

    /** {@return the turn in full, for a prompt} */
    public String fullText() {
        return "Question: " + question
                + "\nSQL: " + sql.orElse("(not answered)")
                + summary.map(s -> "\nResult: " + s.text()).orElse("");
    }

    /** {@return the turn reduced to its question, when the budget has no room for the rest} */
    public String shortText() {
        return "Question: " + question + (sql.isPresent() ? " (SQL omitted)" : " (not answered)");
    }

    /** {@return roughly how much memory the turn holds, in characters} */
    public int size() {
        return fullText().length();
    }
}
