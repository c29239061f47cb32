package dev.nl2sql.postgres;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.ServerError;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.port.Cancellation;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns a database exception into the failure value the domain reports. */
final class SqlFailures {

    static final String QUERY_CANCELED = "57014";
    static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String PROGRAM_LIMIT_EXCEEDED = "54000";
    /** admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
    private static final Set<String> SERVER_GONE = Set.of("57P01", "57P02", "57P03", "53300");

    private SqlFailures() {}

    /**
     * {@return the failure {@code e} stands for, when running {@code statement} under {@code timeout} on
     * {@code connection}} Under an active sensitive data policy the server's message goes out with its values withheld
     * ({@link ServerError#withoutValues}): a cast of a masked column that fails in a WHERE clause must not quote the value.
     */
    static Failure of(DatabaseName database, SQLException e, Duration timeout, Connection connection, String statement,
            SensitiveData sensitive) {
        if (interrupted(e)) {
            return interrupted(database);
        }
        String state = e.getSQLState();
        if (LOCK_NOT_AVAILABLE.equals(state)) {
            return new Failure.Timeout(database, SessionDefaults.lockWait(timeout), true);
        }
        if (QUERY_CANCELED.equals(state) || isSocketTimeout(e)) {
            return new Failure.Timeout(database, timeout);
        }
        if (isOversizedFetch(e)) {
            return new Failure.DatabaseError(database, PROGRAM_LIMIT_EXCEEDED, "the result's first rows are larger than nl2sql reads at once ("
                    + e.getMessage().replaceAll(".*Current limit: *", "").strip() + " bytes); select fewer or narrower columns");
        }
        if ((state != null && (state.startsWith("08") || SERVER_GONE.contains(state))) || isClosed(connection)) {
            return new Failure.DatabaseUnavailable(database, firstLine(e.getMessage()), false);
        }
        ServerError error = new ServerError(state == null ? "XX000" : state, primaryMessage(e));
        return new Failure.DatabaseError(database, error.sqlState(),
                sensitive.isActive() ? error.withoutValues(statement) : error.message());
    }

    /**
     * {@return the failure {@code e} stands for when reading {@code database}'s schema, if the read itself ended it} A
     * lock waited on for {@code lockWait}, the {@code timeout} of the read, or the cancellation of the call it runs in;
     * empty for anything else (a connection's failure, say), which the caller reports as it reports any other.
     */
    static Optional<Failure> ofSchemaRead(DatabaseName database, SQLException e, Duration timeout, Duration lockWait) {
        if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
            return Optional.of(Failure.Timeout.whileReadingSchema(database, lockWait, true));
        }
        if (!QUERY_CANCELED.equals(e.getSQLState())) {
            return Optional.empty();
        }
        return Optional.of(cancelsCall(e)
                ? new Failure.DatabaseError(database, QUERY_CANCELED, "reading the schema was cancelled")
                : Failure.Timeout.whileReadingSchema(database, timeout, false));
    }

    /**
     * {@return whether {@code e} came of the calling thread being interrupted (an application stopping its own work)}
     * pgjdbc then reports a broken connection and HikariCP an interrupted wait: neither says anything of the database.
     */
    static boolean interrupted(SQLException e) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException || cause instanceof ClosedByInterruptException
                    || cause instanceof InterruptedIOException && !(cause instanceof SocketTimeoutException)) { // a timeout is the network's
                return true;
            }
        }
        return false;
    }

    /** {@return the failure of a call whose thread was interrupted: cancelled, in PostgreSQL's words for it} */
    static Failure interrupted(DatabaseName database) {
        return new Failure.DatabaseError(database, QUERY_CANCELED, "the call was interrupted before the database answered");
    }

    /**
     * {@return whether {@code e} is the cancel of the whole call its statement runs in} The server says 57014 for that
     * and for the statement's own time limit alike; only the call's {@link Cancellation} tells them apart.
     */
    static boolean cancelsCall(SQLException e) {
        return QUERY_CANCELED.equals(e.getSQLState()) && Cancellation.currentIsCancelled();
    }

    /** The server's primary message alone; pgjdbc's own message appends the detail, hint and context lines. */
    private static String primaryMessage(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        return server != null && server.getMessage() != null ? server.getMessage() : firstLine(e.getMessage());
    }

    /** {@return the first line of a server message, without pgjdbc's severity prefix} */
    static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "no message";
        }
        String line = message.strip().lines().findFirst().orElse("").strip();
        return line.startsWith("ERROR:") ? line.substring("ERROR:".length()).strip() : line;
    }

    /** The network went silent past the statement timeout: the call's deadline passed, and pgjdbc dropped the connection. */
    static boolean isSocketTimeout(SQLException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** pgjdbc refused a fetch bigger than the connection's maxResultBuffer (and closed the connection). */
    static boolean isOversizedFetch(SQLException e) {
        return e.getMessage() != null && e.getMessage().startsWith("Result set exceeded maxResultBuffer limit");
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
