package dev.nl2sql.domain.validation;

import dev.nl2sql.domain.error.ErrorCode;

/** Why the validator refused a statement; finer than {@link ErrorCode}, and as stable. */
public enum RejectionCode {
    /** Empty, unparseable, or over the input size limit. */
    PARSE_ERROR(ErrorCode.SQL_INVALID),
    /** More than one statement. */
    MULTIPLE_STATEMENTS(ErrorCode.SQL_REJECTED),
    /** A statement kind other than SELECT/VALUES/TABLE or EXPLAIN of one. */
    NOT_READ_ONLY(ErrorCode.SQL_REJECTED),
    /** SELECT ... INTO creates a table. */
    SELECT_INTO(ErrorCode.SQL_REJECTED),
    /** FOR UPDATE/SHARE and friends take row locks. */
    LOCKING_CLAUSE(ErrorCode.SQL_REJECTED),
    /** EXPLAIN ANALYZE runs the statement. */
    EXPLAIN_ANALYZE(ErrorCode.SQL_REJECTED),
    /** A function on the denylist (files, locks, sleep, config, sequences...). */
    FUNCTION_DENIED(ErrorCode.SQL_REJECTED),
    /** A function that is neither allowed by default nor configured as allowed. */
    FUNCTION_UNKNOWN(ErrorCode.SQL_REJECTED),
    /** A catalog that holds secrets or server internals. */
    SECRET_CATALOG(ErrorCode.SQL_REJECTED),
    /** A relation not in the schema snapshot. */
    UNKNOWN_TABLE(ErrorCode.SQL_INVALID),
    /** A column not in any relation in scope. */
    UNKNOWN_COLUMN(ErrorCode.SQL_INVALID),
    /** A call whose constant arguments ask for more rows or text than the policy allows (generate_series, repeat...). */
    RESOURCE_LIMIT(ErrorCode.SQL_REJECTED),
    /**
     * A masked column used where its value would reach the result other than bare: inside a function, cast, operator,
     * CASE, aggregate, window, constructor, a select-list subquery, a set operation or VALUES; or a whole-row
     * reference, a NATURAL join or USING over a masked column, or EXPLAIN VERBOSE, under a sensitive data policy.
     */
    MASKED_COLUMN(ErrorCode.SQL_REJECTED),
    /**
     * A column the sensitive data policy hides, reached without its name: renamed by a column alias list, compared or
     * deduplicated inside a star, matched by a NATURAL join or USING, named by its output position, or listed by a
     * cast to a relation's row type (any type but a built-in one, an enum or a domain, under a policy).
     */
    HIDDEN_COLUMN(ErrorCode.SQL_REJECTED),
    /** A construct the validator does not admit (Unicode-escaped identifiers, ...). */
    UNSUPPORTED_SYNTAX(ErrorCode.SQL_REJECTED);

    private final ErrorCode errorCode;

    RejectionCode(ErrorCode errorCode) {
        this.errorCode = errorCode;
    }

    /** {@return the error code surfaces report for this rejection} */
    public ErrorCode errorCode() {
        return errorCode;
    }
}
