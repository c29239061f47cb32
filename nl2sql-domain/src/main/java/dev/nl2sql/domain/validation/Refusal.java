package dev.nl2sql.domain.validation;

import java.util.List;

/**
 * Ends a validation early from deep inside the AST walk. It never leaves {@link SqlValidator#check}: the validator
 * turns it into a {@link Verdict.Rejected} there, so callers still see expected failures as values.
 */
final class Refusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Verdict.Rejected verdict;

    Refusal(RejectionCode code, String reason, List<String> suggestions) {
        super(reason, null, false, false);
        this.verdict = new Verdict.Rejected(code, reason, suggestions);
    }

    Refusal(RejectionCode code, String reason) {
        this(code, reason, List.of());
    }

    Verdict.Rejected verdict() {
        return verdict;
    }
}
