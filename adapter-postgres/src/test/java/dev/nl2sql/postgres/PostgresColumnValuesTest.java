package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.linking.ColumnRef;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.port.Cancellation;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sampling column values while a migration holds one table ({@code ACCESS EXCLUSIVE}, an {@code ALTER TABLE} in an open
 * transaction): the locked table is skipped, waited for once, and every other table is still sampled; so is a column
 * whose read outlasts the statement timeout. A cancelled call ends its sample at once, as a failure.
 */
class PostgresColumnValuesTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final DatabaseName SHOP = DatabaseName.of("shop");
    private static final Duration STATEMENT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    /** A role that row security applies to, which it does not to the superuser the tests connect as. */
    private static final String READER = "sampler_" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void createTables() throws SQLException {
        // "album" sorts first: the sample has to go on after it
        db.execute("""
                CREATE TABLE album (id int PRIMARY KEY, genre text, label text, format text);
                INSERT INTO album VALUES (1, 'rock', 'EMI', 'vinyl'), (2, 'jazz', 'Blue Note', 'CD');
                CREATE TABLE customer (id int PRIMARY KEY, country text);
                INSERT INTO customer VALUES (1, 'Brazil'), (2, 'Canada'), (3, 'Brazil');
                CREATE SCHEMA slow;
                CREATE TABLE slow.reading (id int PRIMARY KEY, status text);
                INSERT INTO slow.reading VALUES (1, 'ok'), (2, 'late'), (3, 'ok');
                ALTER TABLE slow.reading ENABLE ROW LEVEL SECURITY;
                CREATE POLICY each_row_slowly ON slow.reading USING (pg_sleep(0.3) IS NOT NULL);
                CREATE TABLE slow.zone (id int PRIMARY KEY, name text);
                INSERT INTO slow.zone VALUES (1, 'north'), (2, 'south');
                """);
        db.execute("CREATE ROLE " + READER + "; GRANT USAGE ON SCHEMA slow TO " + READER + "; GRANT SELECT ON ALL TABLES IN SCHEMA slow TO "
                + READER);
    }

    @AfterAll
    static void dropRole() throws SQLException {
        db.execute("DROP OWNED BY " + READER + "; DROP ROLE " + READER);
    }

    private static Map<ColumnRef, List<String>> samplePublic() throws SQLException {
        try (Connection connection = db.connect()) {
            return PostgresColumnValues.sample(connection, SchemaFilter.including("public"), STATEMENT_TIMEOUT, DEADLINE, SensitiveData.NONE);
        }
    }

    @Test
    void aLockedTableIsSkippedAndTheOtherTablesAreStillSampled() throws SQLException {
        Map<ColumnRef, List<String>> values;
        try (Connection migration = db.holdingExclusiveLock("album")) {
            values = samplePublic();
        }

        assertThat(values).containsOnlyKeys(new ColumnRef(QualifiedName.of("public", "customer"), "country"));
        assertThat(values.values().iterator().next()).containsExactlyInAnyOrder("Brazil", "Canada");
    }

    @Test
    void aLockedTableIsWaitedForOnceNotOncePerColumn() throws SQLException {
        long started = System.nanoTime();
        try (Connection migration = db.holdingExclusiveLock("album")) {
            samplePublic();
        }

        // three candidate columns: waiting for each would take three lock waits
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SessionDefaults.lockWait(STATEMENT_TIMEOUT).multipliedBy(2));
    }

    @Test
    void aCancelledCallEndsItsSampleWaitingBehindAMigrationsLockAsAFailure() throws Exception {
        DatabaseSettings defaults = QueryStack.settings(SHOP, db);
        // one connection: the sample taken afterwards gets the one the cancel hit
        try (DatabasePools pools = new DatabasePools(List.of(DatabaseSettings.of(defaults.identity(), defaults.password(), 1)))) {
            PostgresColumnValues sampler = new PostgresColumnValues(new DatabaseConnections(pools, new DatabaseBreakers()));
            Cancellation cancellation = new Cancellation();
            long started = System.nanoTime();
            Result<Map<ColumnRef, List<String>>> sample;
            try (Connection migration = db.holdingExclusiveLock("album")) {
                CompletableFuture<Result<Map<ColumnRef, List<String>>>> sampling =
                        CompletableFuture.supplyAsync(() -> cancellation.within(() -> sampler.sampleValues(SHOP)));
                Thread.sleep(300);
                cancellation.cancel();
                sample = sampling.get(10, TimeUnit.SECONDS);
            }

            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("well before the lock wait's end")
                    .isLessThan(SessionDefaults.lockWait(PostgresColumnValues.DEFAULT_STATEMENT_TIMEOUT).minusMillis(500));
            assertThat(sample).isEqualTo(Result.err(new Failure.DatabaseError(SHOP, SqlFailures.QUERY_CANCELED, "sampling column values was cancelled")));
            assertThat(sampler.sampleValues(SHOP).orElseThrow()).as("sampled again on the same connection")
                    .containsKey(new ColumnRef(QualifiedName.of("public", "album"), "genre"));
        }
    }

    @Test
    void aColumnWhoseReadOutlastsTheStatementTimeoutIsSkippedAndTheNextOneSampled() throws SQLException {
        Map<ColumnRef, List<String>> values;
        try (Connection connection = db.connect(); Statement role = connection.createStatement()) {
            role.execute("SET ROLE " + READER); // row security: 0.9 s to read slow.reading's three rows, past the 0.5 s limit
            values = PostgresColumnValues.sample(connection, SchemaFilter.including("slow"), STATEMENT_TIMEOUT, DEADLINE, SensitiveData.NONE);
        }

        assertThat(values).containsOnlyKeys(new ColumnRef(QualifiedName.of("slow", "zone"), "name"));
    }
}
