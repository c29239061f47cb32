package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A statement stuck behind another session's lock (a migration's {@code ALTER TABLE}) is cancelled within its limit,
 * as a timeout whose message says it waited for a lock, on its own and in the rolled-back transaction alike.
 */
class LockWaitTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final DatabaseName SHOP = DatabaseName.of("shop");
    private static final Duration LIMIT = Duration.ofSeconds(1);
    private static QueryStack stack;

    @BeforeAll
    static void wire() throws Exception {
        db.execute("CREATE TABLE item (id int PRIMARY KEY); INSERT INTO item SELECT generate_series(1, 10)");
        stack = QueryStack.over(SHOP, db, LIMIT);
        assertThat(stack.runSql.run(new QueryRequest.Sql(SHOP, "SELECT id FROM item", Limits.AS_CONFIGURED)))
                .as("the schema is read before the lock").isInstanceOf(QueryOutcome.Succeeded.class);
    }

    @AfterAll
    static void close() {
        stack.close();
    }

    /** {@return how {@code limits}'s run of a read of the locked table ends, while another session holds the lock} */
    private static Failure whileLocked(Limits limits) throws Exception {
        try (Connection migration = db.connect(); Statement lock = migration.createStatement()) {
            migration.setAutoCommit(false);
            lock.execute("LOCK TABLE item IN ACCESS EXCLUSIVE MODE");
            QueryOutcome outcome = stack.runSql.run(new QueryRequest.Sql(SHOP, "SELECT count(*) FROM item", limits));
            migration.rollback();
            assertThat(outcome).isInstanceOf(QueryOutcome.Failed.class);
            return ((QueryOutcome.Failed) outcome).failure();
        }
    }

    @Test
    void aPlainQueryOnItsOwnSaysItWaitedForALock() throws Exception {
        Failure failure = whileLocked(Limits.AS_CONFIGURED); // the session's own limit: one round trip, no transaction

        assertThat(failure.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(failure.message()).contains("for a lock another session holds").contains("950 ms");
    }

    @Test
    void aQueryInTheTransactionSaysItWaitedForALock() throws Exception {
        Failure failure = whileLocked(Limits.AS_CONFIGURED.withStatementTimeout(Duration.ofMillis(800))); // SET LOCAL limits

        assertThat(failure.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(failure.message()).contains("for a lock another session holds").contains("760 ms");
    }

    @Test
    void aLockWaitEndsBeforeTheStatementTimeoutWouldFire() {
        assertThat(SessionDefaults.lockWait(Duration.ofSeconds(30))).isEqualTo(Duration.ofMillis(28_500));
        assertThat(SessionDefaults.lockWait(Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
    }
}
