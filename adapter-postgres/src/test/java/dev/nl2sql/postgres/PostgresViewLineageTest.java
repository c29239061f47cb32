package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.linking.ColumnRef;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.sensitive.ViewColumnSource;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
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
                """);
        pools = new DatabasePools(List.of(QueryStack.settings(DB, db)));
        sources = new PostgresViewLineage(new DatabaseConnections(pools, new DatabaseBreakers())).read(DB).orElseThrow();
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
    void everyColumnOfEveryViewIsListedAndNoTableIs() {
        assertThat(sources).extracting(s -> s.column().relation().name()).containsOnly("contacts", "shouted", "nested", "documents", "filtered");
        assertThat(sources).hasSize(7);
    }

    @Test
    void behindAMigrationsLockTheReadFailsWithinTheSchemaReadsLockWaitSayingWhy() throws Exception {
        Result<List<ViewColumnSource>> read;
        long started = System.nanoTime();
        try (Connection migration = db.connect(); Statement lock = migration.createStatement()) {
            migration.setAutoCommit(false);
            lock.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE"); // pg_get_viewdef locks what a view reads
            read = new PostgresViewLineage(new DatabaseConnections(pools, new DatabaseBreakers())).read(DB);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PostgresCatalogReader.LOCK_WAIT.plusSeconds(2));
        assertThat(read).isEqualTo(Result.err(Failure.Timeout.whileReadingSchema(DB, PostgresCatalogReader.LOCK_WAIT, true)));
    }
}
