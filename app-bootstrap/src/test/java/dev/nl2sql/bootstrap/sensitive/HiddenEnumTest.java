package dev.nl2sql.bootstrap.sensitive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.fixtures.SensitiveCustomers;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.Nl2Sql;
import dev.nl2sql.library.config.Nl2SqlConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An enum only a hidden table uses, under {@link LeakFuzzTest#POLICY}, through the library against PostgreSQL: its
 * labels are the values the hidden column can hold, and a cast to it would confirm a guessed one.
 */
class HiddenEnumTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path audit;

    static Nl2Sql nl2sql;

    @BeforeAll
    static void load() throws Exception {
        db.execute(SensitiveCustomers.SQL);
        db.execute("""
                CREATE TYPE clearance AS ENUM ('cobalt', 'umber');
                CREATE TABLE vault.agents (id int, level clearance);
                """);
        nl2sql = Nl2Sql.builder().config(Nl2SqlConfig.of(List.of(LeakFuzzTest.vault(db)), audit)).build();
    }

    @AfterAll
    static void close() {
        nl2sql.close();
    }

    @Test
    void aCastToAnEnumOnlyAHiddenTableUsesIsRefused() {
        assertThat(nl2sql.run("vault", "SELECT 'cobalt'::clearance")).isInstanceOfSatisfying(QueryOutcome.Failed.class,
                failed -> assertThat(failed.failure().message()).startsWith("HIDDEN_COLUMN"));
    }

    @Test
    void aCastToAnEnumAVisibleColumnUsesStaysAllowed() {
        assertThat(nl2sql.run("vault", "SELECT count(*) FROM customers WHERE level = 'gold'::tier")).isInstanceOf(QueryOutcome.Succeeded.class);
    }
}
