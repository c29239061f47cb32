package dev.nl2sql.bootstrap.sensitive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.result.QueryOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An enum only a hidden table uses, under {@link LeakFuzzTest#POLICY}, through the library against PostgreSQL: its
 * labels are the values the hidden column can hold, and a cast to it would confirm a guessed one.
 */
class HiddenEnumTest {

    @RegisterExtension
    static final VaultLibrary vault = new VaultLibrary("""
            CREATE TYPE clearance AS ENUM ('cobalt', 'umber');
            CREATE TABLE vault.agents (id int, level clearance);
            """);

    @Test
    void aCastToAnEnumOnlyAHiddenTableUsesIsRefused() {
        assertThat(vault.nl2sql().run("vault", "SELECT 'cobalt'::clearance")).isInstanceOfSatisfying(QueryOutcome.Failed.class,
                failed -> assertThat(failed.failure().message()).startsWith("HIDDEN_COLUMN"));
    }

    @Test
    void aCastToAnEnumAVisibleColumnUsesStaysAllowed() {
        assertThat(vault.nl2sql().run("vault", "SELECT count(*) FROM customers WHERE level = 'gold'::tier")).isInstanceOf(QueryOutcome.Succeeded.class);
    }
}
