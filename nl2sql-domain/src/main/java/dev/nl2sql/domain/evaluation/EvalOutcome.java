package dev.nl2sql.domain.evaluation;

import static java.util.Objects.requireNonNull;

/** How one evaluation question came out. */
public sealed interface EvalOutcome {

    /** Answered, and the rows are the gold's. */
    record Right() implements EvalOutcome {}

    /** Answered wrongly: other rows than the gold's, SQL that failed, or an answer to a question that must be refused. */
    record Wrong(String why) implements EvalOutcome {
        public Wrong {
            requireNonNull(why, "why");
        }
    }

    /** The generator refused; right when the question has no gold SQL. */
    record Refused(String reason) implements EvalOutcome {
        public Refused {
            requireNonNull(reason, "reason");
        }
    }

    /** Not scored: the gold itself failed or was cut off by the row limit, so there is nothing sure to compare with. */
    record Unscored(String why) implements EvalOutcome {
        public Unscored {
            requireNonNull(why, "why");
        }
    }
}
