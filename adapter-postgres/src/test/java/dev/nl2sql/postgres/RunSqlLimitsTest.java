package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.usecase.DatabasePolicy;
import dev.nl2sql.usecase.RunSql;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Row caps through the whole path: the validator's LIMIT and the executor's cap agree on what "truncated" means. */
class RunSqlLimitsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final DatabaseName SHOP = DatabaseName.of("shop");
    private static QueryStack stack;
    private static RunSql runSql;

    @BeforeAll
    static void wire() throws Exception {
        db.execute("CREATE TABLE item (id int PRIMARY KEY); INSERT INTO item SELECT generate_series(1, 10)");
        stack = QueryStack.over(Map.of(SHOP, db), Map.of(SHOP, new DatabasePolicy(Limits.DEFAULT.withMaxRows(10), Set.of(), SensitiveData.NONE)));
        runSql = stack.runSql;
    }

    @AfterAll
    static void close() {
        stack.close();
    }

    private static QueryResult rows(String sql, Limits limits) {
        QueryOutcome outcome = runSql.run(new QueryRequest.Sql(SHOP, sql, limits));
        assertThat(outcome).isInstanceOf(QueryOutcome.Succeeded.class);
        return ((QueryOutcome.Succeeded) outcome).result();
    }

    @Test
    void resultThatExactlyFillsTheCapIsComplete() {
        QueryResult result = rows("SELECT id FROM item", Limits.AS_CONFIGURED);

        assertThat(result.rowCount()).isEqualTo(10);
        assertThat(result.truncated()).isFalse();
    }

    @Test
    void oneRowMoreThanTheCapIsTruncated() {
        QueryResult result = rows("SELECT id FROM item", Limits.AS_CONFIGURED.withMaxRows(9));

        assertThat(result.rowCount()).isEqualTo(9);
        assertThat(result.truncated()).isTrue();
    }

    @Test
    void requestCannotRaiseTheDatabasesCap() {
        QueryResult result = rows("SELECT g FROM generate_series(1, 50) g", Limits.AS_CONFIGURED.withMaxRows(1_000));

        assertThat(result.rowCount()).isEqualTo(10);
        assertThat(result.truncated()).isTrue();
    }

    @Test
    void smallerLimitInTheStatementIsKept() {
        QueryResult result = rows("SELECT id FROM item ORDER BY id LIMIT 3", Limits.AS_CONFIGURED);

        assertThat(result.rowCount()).isEqualTo(3);
        assertThat(result.truncated()).isFalse();
    }
}
