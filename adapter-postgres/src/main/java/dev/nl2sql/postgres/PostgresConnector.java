package dev.nl2sql.postgres;

import dev.nl2sql.domain.database.TlsSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Opens the physical connections of one database, for its pool and for the quick check before a pool is trusted, with
 * everything a session needs from its first statement: read-only defaults and time limits as startup options, TLS,
 * the read-only role. It remembers how the last attempt went, so a caller can learn the real reason (wrong password,
 * refused, unknown host, TLS) at once instead of waiting for the pool's timeout.
 *
 * <p>A password left out is looked up by pgjdbc in {@code ~/.pgpass} ({@code PGPASSFILE}), as libpq does.
 */
final class PostgresConnector extends PGSimpleDataSource {

    private static final long serialVersionUID = 1L;

    private final transient Optional<String> readOnlyRole;
    /** The last attempt's failure; null once an attempt has succeeded since. */
    private transient volatile SQLException lastFailure;
    private transient volatile boolean connected;

    PostgresConnector(DatabaseSettings database) {
        setServerNames(new String[] {database.identity().host()});
        setPortNumbers(new int[] {database.identity().port()});
        setDatabaseName(database.identity().database());
        setUser(database.identity().user());
        database.password().ifPresent(this::setPassword);
        setApplicationName(DatabasePools.APPLICATION_NAME);
        setOptions("-c default_transaction_read_only=on"
                + " -c statement_timeout=" + database.statementTimeout().toMillis()
                + " -c idle_in_transaction_session_timeout=" + DatabasePools.IDLE_IN_TRANSACTION_TIMEOUT.toMillis());
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, database.connectTimeout().toSeconds()));
        setConnectTimeout(seconds); // the TCP connect
        setLoginTimeout(seconds);   // the whole login: connect, TLS handshake, authentication
        TlsSettings tls = database.tls();
        setSslMode(tls.mode().libpqName());
        tls.rootCert().map(Path::toString).ifPresent(this::setSslRootCert);
        tls.clientCert().map(Path::toString).ifPresent(this::setSslCert);
        tls.clientKey().map(Path::toString).ifPresent(this::setSslKey);
        this.readOnlyRole = database.readOnlyRole();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        Connection connection;
        try {
            connection = super.getConnection(user, password);
        } catch (SQLException e) {
            failed(e);
            throw e;
        }
        if (readOnlyRole.isPresent()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET ROLE " + readOnlyRole.get()); // a plain identifier: DatabaseSettings checks it
            } catch (SQLException e) {
                connection.close();
                failed(e);
                throw e;
            }
        }
        lastFailure = null;
        connected = true;
        return connection;
    }

    private void failed(SQLException e) {
        lastFailure = e;
        connected = false;
    }

    /** {@return whether the last attempt succeeded: the pool can be trusted to hand out connections} */
    boolean isReachable() {
        return connected;
    }

    /** {@return why the last attempt failed, if it did} */
    Optional<SQLException> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /**
     * Opens one connection and closes it again.
     *
     * @throws SQLException with the server's or the network's reason when the database cannot be reached
     */
    void check() throws SQLException {
        getConnection().close();
    }
}
