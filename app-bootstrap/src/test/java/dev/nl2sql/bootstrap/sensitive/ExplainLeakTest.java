package dev.nl2sql.bootstrap.sensitive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.library.Nl2Sql;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An EXPLAIN's plan under {@link LeakFuzzTest#POLICY}, through the library against PostgreSQL: PostgreSQL prints into a
 * plan what the statement never wrote (a view's condition and sort key, the tables a view reads, the index it uses),
 * and none of it may name a hidden column or table or show a protected value.
 */
class ExplainLeakTest {

    @RegisterExtension
    static final VaultLibrary vault = new VaultLibrary("""
            CREATE VIEW rich_customers AS SELECT id, name FROM customers WHERE credit_score > 98765030 ORDER BY passport;
            CREATE VIEW pinned_customers AS SELECT id, name FROM customers WHERE email = 'zebu7@leakmail.test';
            CREATE VIEW key_count AS SELECT count(*) AS n FROM vault.api_keys;
            CREATE TABLE ledger (id int, pad text, credit_score int);
            INSERT INTO ledger SELECT g, repeat('x', 400), g FROM generate_series(1, 20000) g;
            CREATE INDEX ledger_credit_score_idx ON ledger (credit_score);
            CREATE TABLE journal (id int, pad text);
            INSERT INTO journal SELECT g, repeat('x', 400) FROM generate_series(1, 20000) g;
            CREATE INDEX journal_id_idx ON journal (id);
            """, "VACUUM ANALYZE ledger" /* an index-only scan needs the visibility map */, "ANALYZE journal");

    static String plan(String sql) {
        return planText(vault.nl2sql().run("vault", "EXPLAIN " + sql));
    }

    static String planText(QueryOutcome outcome) {
        return switch (outcome) {
            case QueryOutcome.Succeeded ok -> ok.result().rows().stream().map(row -> String.valueOf(row.getFirst()))
                    .collect(Collectors.joining("\n"));
            case QueryOutcome.Failed failed -> throw new AssertionError(failed.failure().message());
        };
    }

    @Test
    void aViewsConditionAndSortKeyOnHiddenColumnsAreWithheld() {
        String plan = plan("SELECT * FROM rich_customers");

        assertThat(plan).contains("Filter: …", "Sort Key: …").doesNotContain("credit_score", "98765", "passport");
    }

    @Test
    void aProtectedValueInAViewsConditionIsWithheld() {
        String plan = plan("SELECT * FROM pinned_customers");

        assertThat(plan).contains("Filter: …").doesNotContain("zebu", "leakmail");
    }

    /** A policy that follows views hides such a view whole; one that does not leaves it to be explained. */
    @Test
    void aHiddenTableAViewReadsIsNotNamed() {
        SensitiveData unfollowed = new SensitiveData(LeakFuzzTest.POLICY.hiddenTables(), LeakFuzzTest.POLICY.hiddenColumns(),
                LeakFuzzTest.POLICY.masked(), LeakFuzzTest.POLICY.hashSalt());
        String plan;
        try (Nl2Sql views = vault.open(unfollowed)) {
            plan = planText(views.run("vault", "EXPLAIN SELECT * FROM key_count"));
        }

        assertThat(plan).contains("Seq Scan on …").doesNotContain("api_keys", "vault");
    }

    @Test
    void anIndexOnAHiddenColumnIsNotNamed() {
        String plan = plan("SELECT count(*) FROM ledger");

        assertThat(plan).contains("Index Only Scan using … on ledger").doesNotContain("credit_score");
    }

    @Test
    void theStatementsOwnConditionAndAVisibleIndexStayReadable() {
        String plan = plan("SELECT pad FROM journal WHERE id = 7 AND pad = 'x'");

        assertThat(plan).contains("Index Scan using journal_id_idx on journal", "Index Cond: (id = 7)", "Filter: (pad = 'x'::text)");
    }
}
