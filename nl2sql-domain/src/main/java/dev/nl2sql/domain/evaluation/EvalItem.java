package dev.nl2sql.domain.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One question as it was scored.
 *
 * @param generatedSql what the generator wrote, empty when it refused
 * @param generator which generator answered, e.g. {@code offline}, {@code template:top_customers} or a model's name
 * @param confidence the generator's own confidence, 0 when it refused
 */
public record EvalItem(EvalQuestion question, Optional<String> generatedSql, String generator, double confidence, EvalOutcome outcome) {

    public EvalItem {
        requireNonNull(question, "question");
        requireNonNull(generatedSql, "generatedSql");
        requireNonNull(generator, "generator");
        requireNonNull(outcome, "outcome");
    }

    /** {@return whether this item counts as right: answered right, or rightly refused} */
    public boolean right() {
        return outcome instanceof EvalOutcome.Right || (outcome instanceof EvalOutcome.Refused && !question.answerable());
    }
}
