package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.linking.ColumnRef;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.sensitive.ViewColumnSource;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.port.Cancellation;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Where view columns come from, read from PostgreSQL's own view definitions and dependencies, never from names. */
class PostgresViewLineageTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final DatabaseName DB = DatabaseName.of("views");
    private static DatabasePools pools;
    private static List<ViewColumnSource> sources;

    @BeforeAll
    static void readLineage() throws Exception {
        db.execute("""
                CREATE TABLE customers (id int PRIMARY KEY, email text, passport text, last_name text);
                CREATE VIEW contacts AS SELECT id, email AS contact FROM customers;
                CREATE VIEW shouted AS SELECT id, upper(email) AS shout FROM customers;
                CREATE VIEW nested AS SELECT contact AS address FROM contacts;
                CREATE MATERIALIZED VIEW documents AS SELECT passport FROM customers;
                CREATE VIEW filtered AS SELECT id FROM customers WHERE email LIKE '%@example.com';
                CREATE VIEW counted AS SELECT count(*) AS n FROM customers;
                """);
        pools = new DatabasePools(List.of(QueryStack.settings(DB, db)));
        sources = lineage().read(DB).orElseThrow();
    }

    @AfterAll
    static void close() {
        pools.close();
    }

    static ColumnRef column(String relation, String column) {
        return new ColumnRef(QualifiedName.of("public", relation), column);
    }

    static ViewColumnSource source(String view, String column) {
        return sources.stream().filter(s -> s.column().equals(column(view, column))).findFirst().orElseThrow();
    }

    @Test
    void aBareColumnCopiesItsSourceEvenRenamed() {
        assertThat(source("contacts", "contact").copiedFrom()).contains(column("customers", "email"));
        assertThat(source("documents", "passport").copiedFrom()).contains(column("customers", "passport"));
    }

    @Test
    void aComputedColumnHasNoSourceButItsViewReadsAreKnown() {
        ViewColumnSource shout = source("shouted", "shout");

        assertThat(shout.copiedFrom()).isEmpty();
        assertThat(shout.viewReads()).contains(column("customers", "email"));
    }

    @Test
    void aViewOverAViewCopiesTheInnerViewsColumn() {
        assertThat(source("nested", "address").copiedFrom()).contains(column("contacts", "contact"));
    }

    @Test
    void aColumnReadOnlyInAWhereClauseIsAReadNotASource() {
        ViewColumnSource id = source("filtered", "id");

        assertThat(id.copiedFrom()).contains(column("customers", "id"));
        assertThat(id.viewReads()).contains(column("customers", "email"));
    }

    @Test
    void aRelationReadWithoutNamingAColumnIsReadAsAWhole() {
        assertThat(source("counted", "n").viewReads()).containsExactly(column("customers", "*"));
    }

    @Test
    void everyColumnOfEveryViewIsListedAndNoTableIs() {
        assertThat(sources).extracting(s -> s.column().relation().name())
                .containsOnly("contacts", "shouted", "nested", "documents", "filtered", "counted");
        assertThat(sources).hasSize(8);
    }

    @Test
    void behindAMigrationsLockTheReadFailsWithinTheSchemaReadsLockWaitSayingWhy() throws Exception {
        Result<List<ViewColumnSource>> read;
        long started = System.nanoTime();
        try (Connection migration = db.connect(); Statement lock = migration.createStatement()) {
            migration.setAutoCommit(false);
            lock.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE"); // pg_get_viewdef locks what a view reads
            read = lineage().read(DB);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PostgresCatalogReader.LOCK_WAIT.plusSeconds(2));
        assertThat(read).isEqualTo(Result.err(Failure.Timeout.whileReadingSchema(DB, PostgresCatalogReader.LOCK_WAIT, true)));
    }

    @Test
    void aCancelledCallStopsItsReadWaitingBehindAMigrationsLock() throws Exception {
        long started = System.nanoTime();
        Result<List<ViewColumnSource>> read;
        try (Connection migration = db.holdingExclusiveLock("customers")) {
            read = cancelledAfter300ms();
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("well before the lock wait's end")
                .isLessThan(PostgresCatalogReader.LOCK_WAIT.minusMillis(500));
        assertThat(read).isEqualTo(Result.err(new Failure.DatabaseError(DB, SqlFailures.QUERY_CANCELED, "reading the schema was cancelled")));
        assertThat(lineage().read(DB).orElseThrow()).as("read again on the same pool").isEqualTo(sources);
    }

    @Test
    void aCancelThatStopsAViewsDescribeEndsTheReadRatherThanCountingTheViewComputed() throws Exception {
        // parsing FOR UPDATE takes a lock that EXCLUSIVE mode refuses and pg_get_viewdef does not take: only the describe waits
        db.execute("CREATE TABLE orders (id int); CREATE VIEW locked_orders AS SELECT id FROM orders FOR UPDATE");
        try {
            Result<List<ViewColumnSource>> read;
            try (Connection migration = db.connect(); Statement lock = migration.createStatement()) {
                migration.setAutoCommit(false);
                lock.execute("LOCK TABLE orders IN EXCLUSIVE MODE");
                read = cancelledAfter300ms();
            }

            assertThat(read).isEqualTo(Result.err(new Failure.DatabaseError(DB, SqlFailures.QUERY_CANCELED, "reading the schema was cancelled")));
        } finally {
            db.execute("DROP VIEW locked_orders; DROP TABLE orders");
        }
    }

    private static PostgresViewLineage lineage() {
        return new PostgresViewLineage(new DatabaseConnections(pools, new DatabaseBreakers()));
    }

    /** A lineage read within a call that is cancelled 0.3 s after the read starts. */
    private static Result<List<ViewColumnSource>> cancelledAfter300ms() throws Exception {
        Cancellation cancellation = new Cancellation();
        CompletableFuture<Result<List<ViewColumnSource>>> reading =
                CompletableFuture.supplyAsync(() -> cancellation.within(() -> lineage().read(DB)));
        Thread.sleep(300);
        cancellation.cancel();
        return reading.get(10, TimeUnit.SECONDS);
    }
}
