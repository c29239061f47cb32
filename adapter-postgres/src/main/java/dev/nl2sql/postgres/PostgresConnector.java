package dev.nl2sql.postgres;

import dev.nl2sql.domain.database.TlsSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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

    /** How long past the statement timeout a silent socket is given before the call is abandoned. */
    static final Duration SOCKET_MARGIN = Duration.ofSeconds(3);
    static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(2);
    /** Catalog reads fetch everything at once; a large schema's catalog must still fit. */
    static final long MIN_FETCH_BYTES = 32L * 1024 * 1024;

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
        setOptions(SessionDefaults.startupOptions(database.statementTimeout()));
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, database.connectTimeout().toSeconds()));
        setConnectTimeout(seconds); // the TCP connect
        setLoginTimeout(seconds);   // the whole login: connect, TLS handshake, authentication
        // A statement ends by the server's statement_timeout; a network that stalls would hold the call (and the pooled
        // connection) for as long as the stall: past this the socket gives up, the connection is dropped and the call
        // answers TIMEOUT. Keep-alive finds a dead peer on an idle connection; a cancel request has its own short bound.
        setSocketTimeout((int) Math.min(Integer.MAX_VALUE, database.statementTimeout().plus(SOCKET_MARGIN).toSeconds()));
        setTcpKeepAlive(true);
        setCancelSignalTimeout((int) CANCEL_TIMEOUT.toSeconds());
        // No single fetch may bring in more than this: a value built on the server (a huge array or string) fails the
        // fetch instead of making the process allocate and convert it (the executor then answers what it had, truncated).
        setMaxResultBuffer(Long.toString(maxFetchBytes(database.maxResultBytes())));
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

    /** {@return the most one fetch may bring in: twice the result cap (text on the wire is not JSON), at least 32 MiB} */
    static long maxFetchBytes(long maxResultBytes) {
        return Math.max(MIN_FETCH_BYTES, 2 * maxResultBytes);
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
