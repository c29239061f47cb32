package dev.nl2sql.postgres;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.ServerError;
import dev.nl2sql.domain.sensitive.SensitiveData;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns a database exception into the failure value the domain reports. */
final class SqlFailures {

    private static final String QUERY_CANCELED = "57014";
    private static final String LOCK_NOT_AVAILABLE = "55P03";
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
        String state = e.getSQLState();
        if (QUERY_CANCELED.equals(state) || LOCK_NOT_AVAILABLE.equals(state)) {
            return new Failure.Timeout(database, timeout);
        }
        if ((state != null && (state.startsWith("08") || SERVER_GONE.contains(state))) || isClosed(connection)) {
            return new Failure.DatabaseUnavailable(database, firstLine(e.getMessage()), false);
        }
        ServerError error = new ServerError(state == null ? "XX000" : state, primaryMessage(e));
        return new Failure.DatabaseError(database, error.sqlState(),
                sensitive.isActive() ? error.withoutValues(statement) : error.message());
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

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
