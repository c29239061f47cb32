package dev.nl2sql.domain.error;

/**
 * The stable codes that every surface (MCP, CLI, library, audit log) reports. A released code is never renamed or
 * reused; new codes are only added.
 */
public enum ErrorCode {
    /** No database of that name is configured. */
    DB_UNKNOWN,
    /** The database cannot be reached, or its circuit breaker is open; or the shared conversation store cannot be. */
    DB_UNAVAILABLE,
    /** The database refused or failed the statement (SQLSTATE in the failure). */
    DB_ERROR,
    /** The statement is valid SQL but not allowed: not read-only, a denied function, a secret catalog... */
    SQL_REJECTED,
    /** The text is not one parseable statement, or it names tables or columns that do not exist. */
    SQL_INVALID,
    /** No table or view of that name is visible in the database. */
    TABLE_UNKNOWN,
    /** The statement ran past its time limit and was cancelled by the server. */
    TIMEOUT,
    /** Every connection to the database is taken by other calls and none came free within the wait; retry shortly. */
    BUSY,
    /** The planner's cost estimate is above the configured gate; the statement did not run. */
    COST_LIMIT,
    /** No language model could be reached (and no offline path answered). */
    LLM_UNAVAILABLE,
    /** The language model answered with something that is not usable SQL. */
    LLM_INVALID_REPLY,
    /** The question cannot be answered from this schema. */
    QUESTION_UNANSWERABLE,
    /** No template of that name, or its parameters are missing or invalid. */
    TEMPLATE_INVALID,
    /** The configuration is invalid; every problem is listed. */
    CONFIG_INVALID,
    /** The request itself is malformed: missing or wrongly typed arguments, too large. */
    REQUEST_INVALID,
    /** No conversation of that id is open for the caller (never started in this session, expired or evicted). */
    CONVERSATION_UNKNOWN,
    /**
     * The audit log could not keep the call's entry as {@code audit.fsync: always} promises (disk full, failing or
     * stalled): the call's answer is withheld, since none leaves unrecorded.
     */
    AUDIT_UNAVAILABLE,
    /** A bug: something failed that should not have. Logged with details; never shown as a stack trace. */
    INTERNAL;

    /** {@return the wire code; it never changes once released} */
    public String code() {
        return name();
    }
}
