package dev.nl2sql.domain.query;

/** What a question's answer should contain. */
public enum ResponseMode {
    /** The generated SQL only; nothing runs. */
    SQL,
    /** The rows only. */
    RESULT,
    /** The SQL and the rows. */
    BOTH
}
