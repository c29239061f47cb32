package dev.nl2sql.cli;

import dev.nl2sql.domain.error.ErrorCode;

/** The process exit codes, in one place; docs/cli.md lists them. Released codes never change. */
public final class ExitCodes {

    public static final int OK = 0;
    /** Wrong options or arguments. */
    public static final int USAGE = 1;
    /** The SQL was rejected or invalid; nothing ran. */
    public static final int SQL_REJECTED = 2;
    /** A database could not be reached (or its breaker is open). */
    public static final int DB_UNAVAILABLE = 3;
    /** The configuration is invalid. */
    public static final int CONFIG_INVALID = 4;
    /** No language model answered, and no offline path could. */
    public static final int LLM_UNAVAILABLE = 5;
    /** The statement hit its time limit. */
    public static final int TIMEOUT = 6;
    /** The database reported an error for the statement. */
    public static final int DB_ERROR = 7;
    /** {@code doctor} found a problem: a role that can write, an unreachable database. */
    public static final int CHECK_FAILED = 8;
    /** {@code eval} scored below the {@code --max-wrong} or {@code --min-accuracy} it was given. */
    public static final int EVAL_BELOW_THRESHOLD = 9;
    /** Every connection to the database stayed busy with other calls; retrying shortly may succeed. */
    public static final int BUSY = 10;
    /** The audit log could not record the call, so its answer was withheld ({@code audit.fsync: always}). */
    public static final int AUDIT_UNAVAILABLE = 11;
    /** A bug; details are in the log. */
    public static final int INTERNAL = 70;

    private ExitCodes() {}

    /** {@return the exit code for a failure with {@code code}} */
    public static int of(ErrorCode code) {
        return switch (code) {
            case SQL_REJECTED, SQL_INVALID, COST_LIMIT -> SQL_REJECTED;
            case DB_UNAVAILABLE -> DB_UNAVAILABLE;
            case DB_UNKNOWN, TABLE_UNKNOWN, REQUEST_INVALID, TEMPLATE_INVALID, CONVERSATION_UNKNOWN -> USAGE;
            case CONFIG_INVALID -> CONFIG_INVALID;
            case LLM_UNAVAILABLE, LLM_INVALID_REPLY, QUESTION_UNANSWERABLE -> LLM_UNAVAILABLE;
            case TIMEOUT -> TIMEOUT;
            case BUSY -> BUSY;
            case DB_ERROR -> DB_ERROR;
            case AUDIT_UNAVAILABLE -> AUDIT_UNAVAILABLE;
            case INTERNAL -> INTERNAL;
        };
    }
}
