package dev.nl2sql.postgres;

import java.time.Duration;
import java.util.Optional;

/**
 * What every session of one of nl2sql's own pools holds from its first statement, through startup options:
 * read-only transactions, READ COMMITTED, ISO 8601 intervals, and one time limit for statements, locks and idling in a
 * transaction. A transaction that wants exactly these need not set them again, which saves a round trip per call; a
 * host application's connections promise none of it ({@link #UNKNOWN}).
 *
 * <p>Why skipping the {@code SET LOCAL}s keeps the guarantee: pgjdbc still opens every transaction with
 * {@code BEGIN READ ONLY}, the validator admits no statement that changes a setting, and each call's transaction is
 * rolled back, which also undoes a session-level {@code SET} made inside it.
 *
 * @param statementTimeout the limit the sessions were opened with; empty when unknown
 */
record SessionDefaults(Optional<Duration> statementTimeout) {

    static final SessionDefaults UNKNOWN = new SessionDefaults(Optional.empty());

    static final String ISOLATION = "READ COMMITTED";

    static SessionDefaults of(Duration statementTimeout) {
        return new SessionDefaults(Optional.of(statementTimeout));
    }

    /** {@return whether a transaction with this isolation and timeout finds everything already set} */
    boolean cover(Duration timeout, String isolation) {
        return ISOLATION.equals(isolation) && statementTimeout.filter(timeout::equals).isPresent();
    }

    /** {@return the {@code options} startup parameter that gives a session these defaults} */
    String startupOptions() {
        long millis = Math.max(1, statementTimeout.orElseThrow().toMillis());
        return "-c default_transaction_read_only=on"
                + " -c default_transaction_isolation=read\\ committed"
                + " -c statement_timeout=" + millis
                + " -c lock_timeout=" + millis
                // between two cursor fetches the session is idle in transaction: a stalled caller must not hold a
                // snapshot (and block vacuum) for longer than a statement may run
                + " -c idle_in_transaction_session_timeout=" + millis
                + " -c IntervalStyle=iso_8601";
    }
}
