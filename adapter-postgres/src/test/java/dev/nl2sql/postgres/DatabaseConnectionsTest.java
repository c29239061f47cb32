package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.fixtures.harness.TestDatabase;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DatabaseConnectionsTest {

    @RegisterExtension
    static final TestDatabase first = new TestDatabase();

    @RegisterExtension
    static final TestDatabase second = new TestDatabase();

    private static final DatabaseName SALES = DatabaseName.of("sales");
    private static final DatabaseName HR = DatabaseName.of("hr");

    private DatabaseConnections connections;

    @BeforeEach
    void openPools() throws SQLException {
        first.execute("CREATE TABLE IF NOT EXISTS item (id int)");
        connections = new DatabaseConnections(new DatabasePools(List.of(
                settings(SALES, first, Duration.ofMillis(300)),
                settings(HR, second, Duration.ofSeconds(30)))), new DatabaseBreakers());
    }

    @AfterEach
    void closePools() {
        connections.pools().close();
    }

    private static DatabaseSettings settings(DatabaseName name, TestDatabase db, Duration statementTimeout) {
        return new DatabaseSettings(
                new DatabaseIdentity(name, db.server().host(), db.server().port(), db.name(), db.server().user()),
                db.server().password().isEmpty() ? Optional.empty() : Optional.of(db.server().password()),
                2, Duration.ofSeconds(2), statementTimeout, Optional.empty(), Duration.ofMillis(500), SchemaFilter.all(), CostGate.disabled());
    }

    private Result<String> currentDatabase(DatabaseName name) {
        return connections.with(name, connection -> {
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT current_database()")) {
                rs.next();
                return Result.ok(rs.getString(1));
            }
        });
    }

    @Test
    void eachDatabaseHasItsOwnPool() {
        assertThat(currentDatabase(SALES).orElseThrow()).isEqualTo(first.name());
        assertThat(currentDatabase(HR).orElseThrow()).isEqualTo(second.name());
        assertThat(connections.pools().pool(SALES)).isNotSameAs(connections.pools().pool(HR));
        assertThat(((HikariDataSource) connections.pools().pool(SALES)).getPoolName()).isEqualTo("nl2sql-sales");
    }

    @Test
    void sessionsAreReadOnlyEvenWhenTheConnectionIsNot() {
        Result<Integer> insert = connections.with(SALES, connection -> {
            connection.setReadOnly(false); // prove the server-side session default holds on its own
            try (Statement statement = connection.createStatement()) {
                return Result.ok(statement.executeUpdate("INSERT INTO item VALUES (1)"));
            }
        });

        assertThat(insert).isInstanceOfSatisfying(Result.Err.class, err -> {
            assertThat(err.failure()).isInstanceOf(Failure.DatabaseError.class);
            assertThat(((Failure.DatabaseError) err.failure()).sqlState()).isEqualTo("25006");
        });
    }

    @Test
    void statementTimeoutFiresOnTheServer() {
        long start = System.nanoTime();
        Result<Boolean> sleep = connections.with(SALES, connection -> {
            try (Statement statement = connection.createStatement()) {
                return Result.ok(statement.execute("SELECT pg_sleep(5)"));
            }
        });

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(sleep).isInstanceOfSatisfying(Result.Err.class,
                err -> assertThat(((Failure.DatabaseError) err.failure()).sqlState()).isEqualTo("57014"));
    }

    /** An application that interrupts its own threads (cancelling its work) says nothing of the database's health. */
    @Test
    void callsOnInterruptedThreadsAreCancelledAndNeverOpenTheBreaker() {
        for (int i = 0; i < 20; i++) {
            Thread.currentThread().interrupt();
            Result<String> interrupted = currentDatabase(SALES);
            Thread.interrupted();

            assertThat(interrupted).isInstanceOfSatisfying(Result.Err.class, err -> assertThat(err.failure())
                    .isEqualTo(new Failure.DatabaseError(SALES, "57014", "the call was interrupted before the database answered")));
        }

        assertThat(connections.breakers().breaker(SALES, Duration.ofSeconds(30)).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(currentDatabase(SALES).orElseThrow()).isEqualTo(first.name());
    }

    @Test
    void unknownDatabaseIsAFailureThatListsTheKnownOnes() {
        Result<String> result = currentDatabase(DatabaseName.of("nope"));

        assertThat(result).isInstanceOfSatisfying(Result.Err.class, err -> {
            assertThat(err.failure().code()).isEqualTo(ErrorCode.DB_UNKNOWN);
            assertThat(err.failure().message()).contains("hr, sales");
        });
    }

    @Test
    void breakerOpensOnlyForTheDatabaseThatIsDownAndClosesWhenItReturns() throws Exception {
        assertThat(currentDatabase(SALES).orElseThrow()).isEqualTo(first.name());
        String away = first.name() + "_away";
        renameDatabase(first.name(), away);
        try {
            ((HikariDataSource) connections.pools().pool(SALES)).getHikariPoolMXBean().softEvictConnections();
            for (int i = 0; i < 3; i++) {
                assertThat(currentDatabase(SALES)).isInstanceOf(Result.Err.class);
            }
            assertThat(connections.breakers().state(SALES)).isEqualTo(PostgresAdapter.BreakerState.OPEN);
            Result<String> fast = currentDatabase(SALES);
            assertThat(fast).isInstanceOfSatisfying(Result.Err.class, err -> {
                assertThat(err.failure().code()).isEqualTo(ErrorCode.DB_UNAVAILABLE);
                assertThat(((Failure.DatabaseUnavailable) err.failure()).breakerOpen()).isTrue();
            });
            assertThat(currentDatabase(HR).orElseThrow()).isEqualTo(second.name());
            assertThat(connections.breakers().state(HR)).isEqualTo(PostgresAdapter.BreakerState.CLOSED);
        } finally {
            renameDatabase(away, first.name());
        }
        Thread.sleep(600); // the breaker's open period in these settings is 500 ms
        assertThat(currentDatabase(SALES).orElseThrow()).isEqualTo(first.name());
        assertThat(connections.breakers().state(SALES)).isEqualTo(PostgresAdapter.BreakerState.CLOSED);
    }

    @Test
    void everyConnectionGoesBackToThePool() {
        for (int i = 0; i < 20; i++) {
            currentDatabase(SALES);
            connections.with(SALES, connection -> {
                throw new SQLException("boom", "XX000");
            });
        }

        assertThat(connections.pools().usage(SALES)).hasValueSatisfying(usage -> {
            assertThat(usage.active()).isZero();
            assertThat(usage.max()).isEqualTo(2);
        });
    }

    @Test
    void passwordNeverAppearsInSettingsText() {
        DatabaseSettings withPassword = new DatabaseSettings(
                new DatabaseIdentity(SALES, "h", 5432, "d", "u"), Optional.of("pw-91x"), 1, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Optional.empty(), Duration.ofSeconds(1), SchemaFilter.all(), CostGate.disabled());

        assertThat(withPassword.toString()).doesNotContain("pw-91x").contains("****");
    }

    @Test
    void refusesARoleThatIsNotAPlainIdentifier() {
        assertThatThrownBy(() -> new DatabaseSettings(new DatabaseIdentity(SALES, "h", 5432, "d", "u"), Optional.empty(), 1,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Optional.of("x; DROP TABLE t"), Duration.ofSeconds(1), SchemaFilter.all(), CostGate.disabled()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void renameDatabase(String from, String to) throws SQLException {
        try (Connection admin = first.server().connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + from + "'");
            statement.execute("ALTER DATABASE " + from + " RENAME TO " + to);
        }
    }
}
