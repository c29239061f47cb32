package dev.nl2sql.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * One read-only transaction on a connection the caller owns, always rolled back. Every setting is {@code SET LOCAL},
 * so the rollback also undoes them: the connection goes back with its autocommit and read-only flags as they were,
 * no open transaction and no leftover setting.
 */
final class ReadOnlyTransaction implements AutoCloseable {

    private final Connection connection;
    private final boolean autoCommitBefore;
    private final boolean readOnlyBefore;
    /** What each transaction sends first; empty where the session already holds every setting. */
    private final String settings;

    private ReadOnlyTransaction(Connection connection, boolean autoCommitBefore, boolean readOnlyBefore, String settings) {
        this.connection = connection;
        this.autoCommitBefore = autoCommitBefore;
        this.readOnlyBefore = readOnlyBefore;
        this.settings = settings;
    }

    /**
     * {@return a new read-only transaction on {@code connection}, its statements cancelled after {@code timeout}}
     *
     * @param isolation {@code "READ COMMITTED"} or {@code "REPEATABLE READ"} (one snapshot for several queries)
     * @throws SQLException if the connection is unusable
     */
    static ReadOnlyTransaction begin(Connection connection, Duration timeout, String isolation) throws SQLException {
        return begin(connection, timeout, isolation, SessionDefaults.UNKNOWN);
    }

    /**
     * {@return a new read-only transaction on {@code connection}; the settings are sent only where {@code session} does not
     * already hold them, so on nl2sql's own pools the transaction opens with the statement, in one round trip}
     */
    static ReadOnlyTransaction begin(Connection connection, Duration timeout, String isolation, SessionDefaults session)
            throws SQLException {
        return begin(connection, timeout, SessionDefaults.lockWait(timeout), isolation, session);
    }

    /**
     * {@return a new read-only transaction on {@code connection} whose statements wait at most {@code lockWait} for a lock
     * another session holds, however long they may run}
     */
    static ReadOnlyTransaction begin(Connection connection, Duration timeout, Duration lockWait, String isolation) throws SQLException {
        return begin(connection, timeout, lockWait, isolation, SessionDefaults.UNKNOWN);
    }

    private static ReadOnlyTransaction begin(Connection connection, Duration timeout, Duration lockWait, String isolation,
            SessionDefaults session) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        boolean readOnly = connection.isReadOnly();
        if (!autoCommit) {
            connection.rollback(); // a transaction left open by the previous user must not swallow our SET TRANSACTION
        }
        // pgjdbc then opens the transaction with BEGIN READ ONLY; the explicit SET TRANSACTION below does not rely on it.
        connection.setReadOnly(true);
        connection.setAutoCommit(false);
        long millis = Math.max(1, timeout.toMillis());
        var transaction = new ReadOnlyTransaction(connection, autoCommit, readOnly,
                session.cover(timeout, isolation) && lockWait.equals(SessionDefaults.lockWait(timeout)) ? ""
                        // SET LOCAL only takes effect inside a transaction block: with autocommit on it would merely warn.
                        : "SET TRANSACTION ISOLATION LEVEL " + isolation + " READ ONLY;"
                                + "SET LOCAL statement_timeout = " + millis + ";"
                                + "SET LOCAL lock_timeout = " + Math.max(1, lockWait.toMillis()) + ";"
                                // Between two cursor fetches the session is idle in transaction: a stalled caller must
                                // not hold a snapshot (and block vacuum) for ever.
                                + "SET LOCAL idle_in_transaction_session_timeout = " + millis + ";"
                                + "SET LOCAL IntervalStyle = 'iso_8601'");
        try {
            transaction.applySettings();
        } catch (SQLException e) {
            transaction.closeQuietly();
            throw e;
        }
        return transaction;
    }

    /**
     * Rolls back and goes on in a new transaction with the same settings (and a new snapshot): what lets a caller carry
     * on after an error that aborted this one.
     */
    void restart() throws SQLException {
        connection.rollback();
        applySettings();
    }

    private void applySettings() throws SQLException {
        if (settings.isEmpty()) {
            return;
        }
        try (Statement setup = connection.createStatement()) {
            setup.execute(settings);
        }
    }

    /** Rolls back, then restores the connection's autocommit and read-only flags. */
    @Override
    public void close() throws SQLException {
        if (connection.isClosed()) {
            return; // dropped by the driver (a silent network, an oversized fetch): the server rolled back with the session
        }
        connection.rollback();
        connection.setAutoCommit(autoCommitBefore);
        connection.setReadOnly(readOnlyBefore);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (SQLException suppressed) {
            // The setup failure is the one worth reporting; a broken connection fails again at the next use.
        }
    }
}
