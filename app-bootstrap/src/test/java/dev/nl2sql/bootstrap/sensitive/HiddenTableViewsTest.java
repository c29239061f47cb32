package dev.nl2sql.bootstrap.sensitive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.result.QueryOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Views over the hidden {@code vault} schema under {@link LeakFuzzTest#POLICY} (which follows views), through the
 * library against PostgreSQL: a hidden table's rows stay hidden when a view counts them, copies only their columns or
 * picks visible rows by them.
 */
class HiddenTableViewsTest {

    @RegisterExtension
    static final VaultLibrary vault = new VaultLibrary("""
            CREATE VIEW key_count AS SELECT count(*) AS n FROM vault.api_keys;
            CREATE VIEW key_tokens AS SELECT api_token FROM vault.api_keys;
            CREATE VIEW keyed_customers AS SELECT c.id, c.name FROM customers c WHERE EXISTS (SELECT 1 FROM vault.api_keys k WHERE k.id = c.id);
            """);

    static QueryOutcome run(String sql) {
        return vault.nl2sql().run("vault", sql);
    }

    static void assertUnknown(QueryOutcome outcome) {
        assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failed.class, failed -> {
            assertThat(failed.failure().code()).isEqualTo(ErrorCode.SQL_INVALID);
            assertThat(failed.failure().message()).startsWith("UNKNOWN_TABLE");
        });
    }

    @Test
    void aViewThatCountsAHiddenTableIsUnknown() {
        assertUnknown(run("SELECT n FROM key_count"));
    }

    @Test
    void aViewOfOnlyAHiddenTablesColumnsCannotBeCounted() {
        assertUnknown(run("SELECT count(*) FROM key_tokens"));
    }

    @Test
    void aViewThatPicksVisibleRowsByAHiddenTableIsUnknown() {
        assertUnknown(run("SELECT id, name FROM keyed_customers"));
    }

    @Test
    void aViewOverVisibleTablesStaysReadable() {
        assertThat(run("SELECT count(*) FROM customer_cards")).isInstanceOf(QueryOutcome.Succeeded.class);
    }
}
