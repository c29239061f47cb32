package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseHealth;
import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresDatabaseProbeTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String READER = "probe_reader_" + SUFFIX;
    private static final String WRITER = "probe_writer_" + SUFFIX;

    @BeforeAll
    static void createRoles() throws SQLException {
        db.execute("CREATE TABLE account (id int PRIMARY KEY, owner text)");
        db.execute("CREATE ROLE " + READER + " LOGIN; GRANT SELECT ON account TO " + READER);
        db.execute("CREATE ROLE " + WRITER + " LOGIN; GRANT SELECT, INSERT ON account TO " + WRITER);
    }

    @AfterAll
    static void dropRoles() throws SQLException {
        db.execute("DROP OWNED BY " + READER + ", " + WRITER + "; DROP ROLE " + READER + "; DROP ROLE " + WRITER);
    }

    private static DatabaseHealth probeAs(String user, String database, int port) {
        DatabaseIdentity identity = new DatabaseIdentity(DatabaseName.of("shop"), db.server().host(), port, database, user);
        Optional<String> password = db.server().password().isEmpty() ? Optional.empty() : Optional.of(db.server().password());
        DatabaseSettings settings = new DatabaseSettings(identity, password, 1, Duration.ofSeconds(1), Duration.ofSeconds(5),
                Optional.empty(), Duration.ofSeconds(5), SchemaFilter.all(), CostGate.disabled());
        try (DatabasePools pools = new DatabasePools(List.of(settings))) {
            return new PostgresDatabaseProbe(new DatabaseConnections(pools, new DatabaseBreakers())).probe(identity);
        }
    }

    @Test
    void selectOnlyRoleHasNoWriteRisks() {
        DatabaseHealth health = probeAs(READER, db.name(), db.server().port());

        assertThat(health.failure()).isEmpty();
        assertThat(health.serverVersion()).hasValueSatisfying(v -> assertThat(v).startsWith("PostgreSQL "));
        assertThat(health.role()).contains(READER);
        assertThat(health.writeRisks()).isEmpty();
        assertThat(health.isHealthy()).isTrue();
    }

    @Test
    void roleThatCanInsertIsFlagged() {
        DatabaseHealth health = probeAs(WRITER, db.name(), db.server().port());

        assertThat(health.writeRisks()).containsExactly("can INSERT, UPDATE, DELETE or TRUNCATE 1 table");
        assertThat(health.isHealthy()).isFalse();
    }

    @Test
    void superuserIsFlagged() {
        DatabaseHealth health = probeAs(db.server().user(), db.name(), db.server().port());

        assertThat(health.writeRisks()).singleElement().asString().contains("superuser");
    }

    @Test
    void unreachableDatabaseIsReportedNotThrown() {
        DatabaseHealth health = probeAs(READER, db.name() + "_missing", db.server().port());

        assertThat(health.failure()).hasValueSatisfying(f -> assertThat(f.code()).isEqualTo(ErrorCode.DB_UNAVAILABLE));
        assertThat(health.serverVersion()).isEmpty();
    }
}
