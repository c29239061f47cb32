package dev.nl2sql.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every session of one of nl2sql's own pools holds from its first statement, through startup options:
 * read-only transactions, READ COMMITTED, ISO 8601 intervals, and one time limit for statements, locks and idling in a
 * transaction. A statement that wants exactly these need not set them again, which saves round trips per call; a host
 * application's connections promise none of it ({@link #UNKNOWN}).
 *
 * <p>Why relying on them keeps the guarantee: the validator admits no statement that changes a setting; a statement
 * that runs inside a transaction ({@code BEGIN READ ONLY}, always rolled back) has a session-level {@code SET} undone
 * with it; and a statement that runs as its own transaction ({@link #holdFor}) runs read-only because the session
 * says so, after which a session that no longer reports read-only is {@link #keepOrDiscard discarded}.
 *
 * @param statementTimeout the limit the sessions were opened with; empty when unknown
 */
record SessionDefaults(Optional<Duration> statementTimeout) {

    static final SessionDefaults UNKNOWN = new SessionDefaults(Optional.empty());

    static final String ISOLATION = "READ COMMITTED";

    private static final Logger LOG = LoggerFactory.getLogger(SessionDefaults.class);

    /** Reported by the server to the driver whenever it changes (PostgreSQL 14 and later): a change is seen for free. */
    private static final String READ_ONLY = "default_transaction_read_only";
    private static final String INTERVAL_STYLE = "IntervalStyle";

    static SessionDefaults of(Duration statementTimeout) {
        return new SessionDefaults(Optional.of(statementTimeout));
    }

    /** {@return whether a transaction with this isolation and timeout finds everything already set} */
    boolean cover(Duration timeout, String isolation) {
        return ISOLATION.equals(isolation) && statementTimeout.filter(timeout::equals).isPresent();
    }

    /**
     * {@return whether {@code connection}'s session holds these defaults for a statement limited to {@code timeout}, as
     * the server last reported them: then the statement can run as its own read-only transaction, in one round trip}
     * False for a server too old to report {@code default_transaction_read_only}.
     */
    boolean holdFor(Connection connection, Duration timeout) throws SQLException {
        return cover(timeout, ISOLATION) && reportsDefaults(connection);
    }

    /**
     * Closes {@code connection}'s session unless it still reports these defaults (a statement got to change them).
     * {@return whether the connection is still open} A pool's connection is closed under the pool's feet and then used
     * once, so that the pool learns it is broken from that failure and drops it instead of lending it again.
     */
    static boolean keepOrDiscard(Connection connection) throws SQLException {
        if (connection.isClosed()) {
            return false;
        }
        if (reportsDefaults(connection)) {
            return true;
        }
        LOG.warn("a statement changed its session's settings ({} {}, {} {}): the session is closed", READ_ONLY,
                connection.unwrap(PGConnection.class).getParameterStatus(READ_ONLY), INTERVAL_STYLE,
                connection.unwrap(PGConnection.class).getParameterStatus(INTERVAL_STYLE));
        connection.unwrap(BaseConnection.class).close();
        try (var refused = connection.createStatement()) {
            LOG.error("a closed connection still made a statement: the pool may lend it again");
        } catch (SQLException expected) {
            // "this connection has been closed": what marks it broken in the pool
        }
        return false;
    }

    private static boolean reportsDefaults(Connection connection) throws SQLException {
        PGConnection session = connection.unwrap(PGConnection.class);
        return "on".equals(session.getParameterStatus(READ_ONLY)) && "iso_8601".equals(session.getParameterStatus(INTERVAL_STYLE));
    }

    /**
     * {@return how long a statement may wait for one lock under {@code statementTimeout}: a twentieth less, so that a
     * statement stuck behind another session's lock ends as a lock timeout, whose failure can say so, rather than as
     * a statement timeout (which fires first when both limits are equal)}
     */
    static Duration lockWait(Duration statementTimeout) {
        long millis = Math.max(1, statementTimeout.toMillis());
        return Duration.ofMillis(Math.max(1, millis - millis / 20));
    }

    /** {@return the {@code options} startup parameter that gives a session these defaults} */
    static String startupOptions(Duration statementTimeout) {
        long millis = Math.max(1, statementTimeout.toMillis());
        return "-c default_transaction_read_only=on"
                + " -c default_transaction_isolation=read\\ committed"
                + " -c statement_timeout=" + millis
                + " -c lock_timeout=" + lockWait(statementTimeout).toMillis()
                // between two cursor fetches the session is idle in transaction: a stalled caller must not hold a
                // snapshot (and block vacuum) for longer than a statement may run
                + " -c idle_in_transaction_session_timeout=" + millis
                + " -c IntervalStyle=iso_8601";
    }
}
