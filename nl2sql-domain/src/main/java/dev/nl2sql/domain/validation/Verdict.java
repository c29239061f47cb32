package dev.nl2sql.domain.validation;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.error.Failure;
import java.util.List;

/** The validator's answer about one statement. */
public sealed interface Verdict {

    /**
     * The statement may run as {@code sql}: normalised and carrying the enforced LIMIT.
     *
     * @param limitApplied whether the validator added a LIMIT or lowered one to the cap
     * @param tables the relations the statement reads, schema-qualified
     */
    record Accepted(String sql, boolean limitApplied, List<String> tables) implements Verdict {
        public Accepted {
            requireNonNull(sql, "sql");
            tables = List.copyOf(tables);
        }
    }

    /** The statement must not run, for a reason a person (or a model) can act on. */
    record Rejected(RejectionCode code, String reason, List<String> suggestions) implements Verdict {
        public Rejected {
            requireNonNull(code, "code");
            requireNonNull(reason, "reason");
            suggestions = List.copyOf(suggestions);
        }

        /** {@return this rejection as the failure surfaces report} */
        public Failure toFailure() {
            String text = code.name() + ": " + reason;
            return switch (code.errorCode()) {
                case SQL_INVALID -> new Failure.SqlInvalid(text, suggestions);
                default -> new Failure.SqlRejected(text, suggestions);
            };
        }
    }

    static Verdict rejected(RejectionCode code, String reason) {
        return new Rejected(code, reason, List.of());
    }
}
