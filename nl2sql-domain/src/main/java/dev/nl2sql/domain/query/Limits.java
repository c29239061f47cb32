package dev.nl2sql.domain.query;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The bounds one statement runs under: at most {@code maxRows} rows and {@code maxBytes} bytes of result, cancelled
 * by the server after {@code statementTimeout}.
 */
public record Limits(int maxRows, long maxBytes, Duration statementTimeout) {

    public static final int DEFAULT_MAX_ROWS = 1_000;
    public static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);

    /** The defaults: 1,000 rows, 4 MiB, 30 s. */
    public static final Limits DEFAULT = new Limits(DEFAULT_MAX_ROWS, DEFAULT_MAX_BYTES, DEFAULT_STATEMENT_TIMEOUT);

    /**
     * No preference of the caller's own: {@link #within} a database's configured limits, it gives exactly those.
     * What the CLI and MCP tools ask for when the user set no limit.
     */
    public static final Limits AS_CONFIGURED = new Limits(Integer.MAX_VALUE, Long.MAX_VALUE, Duration.ofDays(1));

    public Limits {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, was " + maxRows);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
        }
        requireNonNull(statementTimeout, "statementTimeout");
        if (statementTimeout.isNegative() || statementTimeout.isZero()) {
            throw new IllegalArgumentException("statementTimeout must be positive, was " + statementTimeout);
        }
    }

    public Limits withMaxRows(int rows) {
        return new Limits(rows, maxBytes, statementTimeout);
    }

    public Limits withMaxBytes(long bytes) {
        return new Limits(maxRows, bytes, statementTimeout);
    }

    public Limits withStatementTimeout(Duration timeout) {
        return new Limits(maxRows, maxBytes, timeout);
    }

    /** {@return these limits, each tightened to at most the matching one of {@code ceiling}} */
    public Limits within(Limits ceiling) {
        return new Limits(
                Math.min(maxRows, ceiling.maxRows),
                Math.min(maxBytes, ceiling.maxBytes),
                statementTimeout.compareTo(ceiling.statementTimeout) <= 0 ? statementTimeout : ceiling.statementTimeout);
    }
}
