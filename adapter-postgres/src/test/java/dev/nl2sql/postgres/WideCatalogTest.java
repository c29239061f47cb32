package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.fixtures.Fixture;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class WideCatalogTest {

    private static final Logger LOG = LoggerFactory.getLogger(WideCatalogTest.class);
    private static final Fixture.Wide WIDE = Fixture.Wide.DEFAULT;

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @BeforeAll
    static void createWideSchema() throws SQLException {
        try (Connection connection = db.connect()) {
            new FixtureLoader().load(WIDE, connection, Progress.none());
        }
    }

    @Test
    void readsAThousandTablesCompletely() throws SQLException {
        var reader = new PostgresCatalogReader();
        try (Connection connection = db.connect()) {
            reader.read(connection, DatabaseName.of("wide"), SchemaFilter.all()); // warm: class loading, plan caches
            long started = System.nanoTime();
            SchemaSnapshot snapshot = reader.read(connection, DatabaseName.of("wide"), SchemaFilter.all());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            LOG.info("read {} relations, {} columns in {} ms", snapshot.relations().size(), snapshot.columnCount(), took.toMillis());

            assertThat(snapshot.relations()).hasSize(WIDE.tables());
            assertThat(snapshot.columnCount()).isEqualTo(WIDE.tables() * WIDE.columns());
            assertThat(snapshot.relations().stream().mapToInt(r -> r.foreignKeys().size()).sum()).isEqualTo(WIDE.tables() - 1);
            assertThat(snapshot.relations()).allSatisfy(WideCatalogTest::isComplete);
            // how long it took is measured (CatalogReadBenchmark, docs/performance.md), not asserted: a loaded machine is slow
        }
    }

    private static void isComplete(Relation relation) {
        assertThat(relation.primaryKey()).containsExactly("id");
        assertThat(relation.indexes()).hasSize(1);
        assertThat(relation.comment()).hasValueSatisfying(comment -> assertThat(comment).startsWith("Synthetic wide table number "));
    }
}
