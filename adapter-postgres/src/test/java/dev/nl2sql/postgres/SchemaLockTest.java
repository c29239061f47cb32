package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.port.Cancellation;
import dev.nl2sql.usecase.CachedSchemaCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A call that needs a database's schema while a migration holds one of its tables ({@code ACCESS EXCLUSIVE}, an
 * {@code ALTER TABLE} in an open transaction): the schema is read without waiting where the catalogs tell it, and
 * where they do not the read waits a few seconds at most and fails as a {@code TIMEOUT} that says why; a re-read keeps
 * the last snapshot; a cancelled call stops its read.
 */
class SchemaLockTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final DatabaseName SHOP = DatabaseName.of("shop");
    /** The lock wait and what a loaded machine may add to it. */
    private static final Duration FAST = PostgresCatalogReader.LOCK_WAIT.plusSeconds(2);

    private final List<String> changes = new ArrayList<>();
    private final QueryStack stack = QueryStack.over(SHOP, db);
    private final CachedSchemaCatalog catalog = new CachedSchemaCatalog(new PostgresSchemaSource(stack.connections),
            CachedSchemaCatalog.DEFAULT_TTL, Runnable::run, Clock.systemUTC(), (before, after) -> changes.add(after.fingerprint().value()));

    @BeforeAll
    static void createTables() throws SQLException {
        db.execute("""
                CREATE TABLE item (id serial PRIMARY KEY, name varchar(80) NOT NULL DEFAULT 'unnamed', added timestamptz DEFAULT now());
                CREATE INDEX item_name ON item (name DESC) INCLUDE (added);
                CREATE TABLE price (item int PRIMARY KEY REFERENCES item, net numeric, gross numeric GENERATED ALWAYS AS (net * 1.2) STORED);
                INSERT INTO item (name) VALUES ('pen');
                """);
        try (QueryStack warm = QueryStack.over(SHOP, db)) { // the JVM's first call costs more than a lock wait: not measured
            warm.runSql.run(new QueryRequest.Sql(SHOP, "SELECT id FROM item", Limits.AS_CONFIGURED));
        }
    }

    @AfterEach
    void close() {
        stack.close();
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    @Test
    void aCallReadsTheSchemaWithoutWaitingWhenTheLockedTableNeedsOnlyTheCatalogs() throws SQLException {
        QueryOutcome outcome;
        try (Connection migration = db.holdingExclusiveLock("item")) {
            outcome = stack.runSql.run(new QueryRequest.Sql(SHOP, "SELECT item, net FROM price", Limits.AS_CONFIGURED));
        }

        // a read that waited for the lock could only have failed: the migration held it until after the answer
        assertThat(outcome).isInstanceOf(QueryOutcome.Succeeded.class);
    }

    @Test
    void aCallWhoseSchemaNeedsTheLockedTableFailsWithinTheLockWaitSayingWhy() throws SQLException {
        long started = System.nanoTime();
        QueryOutcome outcome;
        try (Connection migration = db.holdingExclusiveLock("price")) {
            outcome = stack.runSql.run(new QueryRequest.Sql(SHOP, "SELECT id FROM item", Limits.AS_CONFIGURED));
        }

        assertThat(since(started)).isLessThan(FAST);
        assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failed.class, failed -> {
            assertThat(failed.failure().code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(failed.failure().message()).isEqualTo("the schema of 'shop' could not be read: another session holds a lock on "
                    + "one of its tables (a migration's ALTER TABLE, say), and the read gave up after waiting about 2000 ms; retry "
                    + "once that session is done");
        });
    }

    @Test
    void aReReadBehindTheLockKeepsTheLastSnapshotAndTellsNoChange() throws SQLException {
        SchemaSnapshot first = catalog.snapshot(SHOP).orElseThrow();

        long started = System.nanoTime();
        Result<SchemaSnapshot> reread;
        try (Connection migration = db.holdingExclusiveLock("price")) {
            reread = catalog.refresh(SHOP);
        }

        assertThat(since(started)).isLessThan(FAST);
        assertThat(reread).isInstanceOfSatisfying(Result.Err.class,
                err -> assertThat(err.failure()).isEqualTo(Failure.Timeout.whileReadingSchema(SHOP, PostgresCatalogReader.LOCK_WAIT, true)));
        assertThat(catalog.cached(SHOP)).containsSame(first);
        assertThat(catalog.refresh(SHOP).orElseThrow().fingerprint()).as("once the lock is gone").isEqualTo(first.fingerprint());
        assertThat(changes).isEmpty();
    }

    @Test
    void aCancelledCallStopsItsSchemaReadWaitingForTheLock() throws Exception {
        Cancellation cancellation = new Cancellation();
        long started = System.nanoTime();
        Result<SchemaSnapshot> read;
        try (Connection migration = db.holdingExclusiveLock("price")) {
            CompletableFuture<Result<SchemaSnapshot>> reading =
                    CompletableFuture.supplyAsync(() -> cancellation.within(() -> catalog.snapshot(SHOP)));
            Thread.sleep(300);
            cancellation.cancel();
            read = reading.get(10, TimeUnit.SECONDS);
        }

        assertThat(since(started)).as("well before the lock wait's end").isLessThan(PostgresCatalogReader.LOCK_WAIT.minusMillis(500));
        assertThat(read).isEqualTo(Result.err(new Failure.DatabaseError(SHOP, "57014", "reading the schema was cancelled")));
    }
}
