package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseHealth;
import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The role script that docs/security.md recommends gives a role the probe finds nothing wrong with. */
class ReaderRoleScriptTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    // Roles are shared by the whole server: a unique name keeps parallel runs apart.
    private static final String ROLE = "reader_" + UUID.randomUUID().toString().substring(0, 8);

    @AfterAll
    static void dropRole() throws SQLException {
        db.execute("DROP OWNED BY " + ROLE + "; DROP ROLE " + ROLE);
    }

    @Test
    void scriptedRoleCanReadButNotWrite() throws IOException, SQLException {
        db.execute("CREATE TABLE invoice (id int PRIMARY KEY, total numeric)");
        String script = Files.readString(Path.of("..", "docs", "sql", "nl2sql-reader.sql")).replace("nl2sql_reader", ROLE);
        db.execute(script);

        DatabaseIdentity identity = new DatabaseIdentity(DatabaseName.of("shop"), db.server().host(), db.server().port(), db.name(), ROLE);
        DatabaseSettings settings = new DatabaseSettings(identity, Optional.empty(), 1, Duration.ofSeconds(2), Duration.ofSeconds(5),
                Optional.empty(), Duration.ofSeconds(5), SchemaFilter.all(), CostGate.disabled());
        DatabaseHealth health;
        try (DatabasePools pools = new DatabasePools(List.of(settings))) {
            health = new PostgresDatabaseProbe(new DatabaseConnections(pools, new DatabaseBreakers())).probe(identity);
        }

        assertThat(health.failure()).isEmpty();
        assertThat(health.writeRisks()).isEmpty();
    }
}
