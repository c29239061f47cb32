package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.database.TlsSettings;
import dev.nl2sql.domain.database.TlsSettings.SslMode;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.fixtures.harness.TlsPostgresServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a first connection can fail names its cause, and says so within 2 s when the server answers at once,
 * not after the pool's wait (issue 19). The server is a throw-away one with TLS, a CA made for it and
 * {@code hostssl ... scram-sha-256} rules.
 */
class ConnectionFaultsTest {

    private static final DatabaseName SHOP = DatabaseName.of("shop");
    private static final Duration BUDGET = Duration.ofSeconds(2);

    @TempDir
    static Path folder;

    private static TlsPostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = TlsPostgresServer.start(folder);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static TlsSettings verifyFull(Path ca) {
        return new TlsSettings(SslMode.VERIFY_FULL, Optional.of(ca), Optional.empty(), Optional.empty());
    }

    private static DatabaseSettings settings(String host, int port, String database, String password, TlsSettings tls) {
        // a connect timeout well past the budget: a message that only comes when the pool gives up would fail the test
        return new DatabaseSettings(new DatabaseIdentity(SHOP, host, port, database, TlsPostgresServer.USER), Optional.of(password), 2,
                Duration.ofSeconds(5), Duration.ofSeconds(5), Optional.empty(), DatabaseSettings.DEFAULT_BREAKER_OPEN_FOR,
                SchemaFilter.all(), CostGate.disabled(), tls, DatabaseSettings.DEFAULT_POOL_WAIT, DatabaseSettings.DEFAULT_MAX_RESULT_BYTES);
    }

    private static DatabaseSettings good() {
        return settings("127.0.0.1", server.port(), "postgres", TlsPostgresServer.PASSWORD, verifyFull(server.caCert()));
    }

    /** Connects once and {@return the failure's message}, asserting it came within the budget. */
    private static String failureOf(DatabaseSettings settings) {
        try (DatabasePools pools = new DatabasePools(List.of(settings))) {
            DatabaseConnections connections = new DatabaseConnections(pools, new DatabaseBreakers());
            long start = System.nanoTime();
            Result<Integer> result = connections.with(SHOP, connection -> Result.ok(1));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(result).isInstanceOfSatisfying(Result.Err.class,
                    err -> assertThat(err.failure()).isInstanceOf(Failure.DatabaseUnavailable.class));
            assertThat(took).as("the reason arrives fast").isLessThanOrEqualTo(BUDGET);
            String message = ((Result.Err<Integer>) result).failure().message();
            assertThat(message).doesNotContain("request timed out").doesNotContain(TlsPostgresServer.PASSWORD);
            return message;
        }
    }

    @Test
    void connectsOverVerifiedTlsWhenEverythingIsRight() {
        try (DatabasePools pools = new DatabasePools(List.of(good()))) {
            Result<String> cipher = new DatabaseConnections(pools, new DatabaseBreakers()).with(SHOP, connection -> {
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid() AND ssl")) {
                    return Result.ok(rs.next() ? rs.getString(1) : "not encrypted");
                }
            });
            assertThat(cipher.orElseThrow()).startsWith("TLS");
        }
    }

    @Test
    void wrongPasswordSaysAuthenticationFailed() {
        assertThat(failureOf(settings("127.0.0.1", server.port(), "postgres", "wrong", verifyFull(server.caCert()))))
                .contains("password authentication failed for user \"" + TlsPostgresServer.USER + "\"");
    }

    @Test
    void missingDatabaseSaysItDoesNotExist() {
        assertThat(failureOf(settings("127.0.0.1", server.port(), "no_such_db", TlsPostgresServer.PASSWORD, verifyFull(server.caCert()))))
                .contains("database \"no_such_db\" does not exist");
    }

    @Test
    void refusedPortSaysRefused() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        assertThat(failureOf(settings("127.0.0.1", closed, "postgres", TlsPostgresServer.PASSWORD, verifyFull(server.caCert()))))
                .contains("connection refused by 127.0.0.1:" + closed);
    }

    @Test
    void unknownHostSaysTheNameDoesNotResolve() {
        assertThat(failureOf(settings("no-such-host.invalid", server.port(), "postgres", TlsPostgresServer.PASSWORD, verifyFull(server.caCert()))))
                .contains("unknown host 'no-such-host.invalid'");
    }

    @Test
    void tlsOffWhereTheServerRequiresItSaysSo() {
        assertThat(failureOf(settings("127.0.0.1", server.port(), "postgres", TlsPostgresServer.PASSWORD, new TlsSettings(SslMode.DISABLE,
                Optional.empty(), Optional.empty(), Optional.empty()))))
                .contains("no pg_hba.conf entry").contains("no encryption");
    }

    @Test
    void tlsRequiredWhereTheServerHasNoneSaysSo() throws Exception {
        server.tls(false);
        try {
            assertThat(failureOf(good())).contains("does not offer TLS, but sslmode verify-full requires it");
        } finally {
            server.tls(true);
        }
    }

    @Test
    void certificateFromAnotherCaSaysItIsNotTrusted() {
        assertThat(failureOf(settings("127.0.0.1", server.port(), "postgres", TlsPostgresServer.PASSWORD, verifyFull(server.otherCaCert()))))
                .contains("TLS: the server's certificate is not signed by a CA in " + server.otherCaCert());
    }
}
