package dev.nl2sql.postgres;

import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.port.SensitivePolicies;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every read nl2sql makes, behind any of PostgreSQL's eight table lock modes held by another session on any kind of
 * relation: it ends within its budget, as a success or as a {@code TIMEOUT} that says it waited for a lock, never
 * anything else; and once the lock is gone the same read succeeds.
 */
class LockShapesFuzzTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final DatabaseName SHOP = DatabaseName.of("shop");
    /** A failure names its seed: {@code -Dnl2sql.fuzz.seed=...} runs its cases again, {@code -Dnl2sql.fuzz.cases} more of them. */
    private static final long SEED = Long.getLong("nl2sql.fuzz.seed", System.nanoTime());
    private static final int CASES = Integer.getInteger("nl2sql.fuzz.cases", 40);
    /** The sessions' statement timeout, and the sample's: short, so that a read behind a lock is not waited for long. */
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration IN_TRANSACTION = Duration.ofMillis(800);
    /** What a loaded machine may add to a budget. */
    private static final Duration MARGIN = Duration.ofMillis(1500);

    /** LOCK TABLE refuses a materialized view: the statements that take each mode they can on one, held till rollback. */
    private static final Map<LockMode, String> MATERIALIZED_VIEW_LOCKS = Map.of(
            LockMode.ACCESS_SHARE, "SELECT count(*) FROM totals",
            LockMode.SHARE_UPDATE_EXCLUSIVE, "ANALYZE totals",
            LockMode.SHARE, "CREATE INDEX ON totals (n)",
            LockMode.EXCLUSIVE, "REFRESH MATERIALIZED VIEW CONCURRENTLY totals",
            LockMode.ACCESS_EXCLUSIVE, "REFRESH MATERIALIZED VIEW totals");

    /** PostgreSQL's table lock modes; only ACCESS EXCLUSIVE conflicts with the ACCESS SHARE that reading takes. */
    enum LockMode {
        ACCESS_SHARE, ROW_SHARE, ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE, SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE;

        /** {@return the mode as {@code pg_locks} names it, e.g. AccessShareLock} */
        String inPgLocks() {
            return Arrays.stream(name().split("_")).map(word -> word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT))
                    .collect(joining("", "", "Lock"));
        }
    }

    /**
     * The kinds of relation a read may meet locked: the schema read needs the lock of a table with a generated column or
     * an expression index, and reads a plain table's structure from the catalogs alone.
     */
    enum Target {
        TABLE("plain"),
        GENERATED_COLUMN("priced"),
        EXPRESSION_INDEX("named"),
        /** LOCK TABLE on a view locks the table it reads too. */
        VIEW("plain_view"),
        MATERIALIZED_VIEW("totals");

        final String relation;

        Target(String relation) {
            this.relation = relation;
        }

        List<LockMode> modes() {
            return this == MATERIALIZED_VIEW ? List.copyOf(MATERIALIZED_VIEW_LOCKS.keySet()) : List.of(LockMode.values());
        }

        /** {@return the statement that takes {@code mode} on this relation and holds it until its transaction ends} */
        String locking(LockMode mode) {
            return this == MATERIALIZED_VIEW ? MATERIALIZED_VIEW_LOCKS.get(mode) : "LOCK TABLE " + relation + " IN " + mode.name().replace('_', ' ') + " MODE";
        }
    }

    /** The reads nl2sql makes, each with how long it may wait for a lock. */
    enum Read {
        SCHEMA(PostgresCatalogReader.LOCK_WAIT),
        VIEW_LINEAGE(PostgresCatalogReader.LOCK_WAIT),
        /** One locked table per case, whose columns are waited for once. */
        VALUE_SAMPLE(STATEMENT_TIMEOUT),
        /** The session's own limit: the statement runs on its own. */
        SELECT_ALONE(STATEMENT_TIMEOUT),
        /** A limit of its own: the statement runs in a transaction that sets it. */
        SELECT_IN_TRANSACTION(IN_TRANSACTION);

        final Duration budget;

        Read(Duration budget) {
            this.budget = budget;
        }
    }

    record Shape(Target target, LockMode mode, Read read) {

        static Shape draw(Random random) {
            Target target = Target.values()[random.nextInt(Target.values().length)];
            List<LockMode> others = target.modes().stream().filter(mode -> mode != LockMode.ACCESS_EXCLUSIVE).toList();
            // the one mode that stops readers a quarter of the time: each target and read meets it in a run that stays short
            LockMode mode = random.nextInt(4) == 0 ? LockMode.ACCESS_EXCLUSIVE : others.get(random.nextInt(others.size()));
            return new Shape(target, mode, Read.values()[random.nextInt(Read.values().length)]);
        }
    }

    private static QueryStack stack;

    @BeforeAll
    static void createSchema() throws SQLException {
        db.execute("""
                CREATE TABLE plain (id int PRIMARY KEY, kind text NOT NULL DEFAULT 'basic');
                INSERT INTO plain VALUES (1, 'basic'), (2, 'premium'), (3, 'basic');
                CREATE TABLE priced (id int PRIMARY KEY, net numeric, gross numeric GENERATED ALWAYS AS (net * 1.2) STORED, currency text);
                INSERT INTO priced (id, net, currency) VALUES (1, 10, 'EUR');
                CREATE TABLE named (id int PRIMARY KEY, name text);
                CREATE INDEX named_lower ON named (lower(name));
                INSERT INTO named VALUES (1, 'Ada');
                CREATE VIEW plain_view AS SELECT id, upper(kind) AS kind FROM plain;
                CREATE MATERIALIZED VIEW totals AS SELECT kind, count(*) AS n FROM plain GROUP BY kind;
                CREATE UNIQUE INDEX totals_kind ON totals (kind);
                """);
        stack = QueryStack.over(SHOP, db, STATEMENT_TIMEOUT);
        assertThat(select("plain", Limits.AS_CONFIGURED)).as("the schema is read before any lock").isEmpty();
    }

    @AfterAll
    static void close() {
        stack.close();
    }

    @Test
    void everyReadBehindAnyLockEndsWithinItsBudgetAsASuccessOrATimeoutThatSaysSoAndSucceedsOnceTheLockIsGone() {
        Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            Shape shape = Shape.draw(random);
            try {
                check(shape);
            } catch (Exception | AssertionError e) {
                throw new AssertionError("seed " + SEED + ", case " + i + ": " + shape, e);
            }
        }
    }

    private static void check(Shape shape) throws Exception {
        Optional<Failure> whileLocked;
        try (Connection migration = db.connect(); Statement lock = migration.createStatement()) {
            migration.setAutoCommit(false);
            lock.execute(shape.target().locking(shape.mode()));
            assertThat(modesHeld(migration, shape.target())).as("held").contains(shape.mode().inPgLocks());

            // a read that hangs past its budget fails here, and ends once the rollback releases the lock
            whileLocked = CompletableFuture.supplyAsync(() -> read(shape))
                    .get(shape.read().budget.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        }

        if (shape.mode() != LockMode.ACCESS_EXCLUSIVE) {
            assertThat(whileLocked).as("a lock that lets readers through").isEmpty();
        }
        whileLocked.ifPresent(failure -> assertThat(failure).isInstanceOfSatisfying(Failure.Timeout.class,
                timeout -> assertThat(timeout.waitingForLock()).as(failure.message()).isTrue()));
        assertThat(read(shape)).as("once the lock is gone").isEmpty();
    }

    private static List<String> modesHeld(Connection session, Target target) throws SQLException {
        List<String> modes = new ArrayList<>();
        try (PreparedStatement query = session.prepareStatement(
                "SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() AND relation = ?::regclass")) {
            query.setString(1, target.relation);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    modes.add(rows.getString(1));
                }
            }
        }
        return modes;
    }

    /** {@return why the read failed; empty when it succeeded} */
    private static Optional<Failure> read(Shape shape) {
        return switch (shape.read()) {
            case SCHEMA -> failure(new PostgresSchemaSource(stack.connections).read(SHOP));
            case VIEW_LINEAGE -> failure(new PostgresViewLineage(stack.connections).read(SHOP));
            case VALUE_SAMPLE -> failure(new PostgresColumnValues(stack.connections, STATEMENT_TIMEOUT, PostgresColumnValues.DEFAULT_DEADLINE,
                    SensitivePolicies.NONE).sampleValues(SHOP));
            case SELECT_ALONE -> select(shape.target().relation, Limits.AS_CONFIGURED);
            case SELECT_IN_TRANSACTION -> select(shape.target().relation, Limits.AS_CONFIGURED.withStatementTimeout(IN_TRANSACTION));
        };
    }

    private static Optional<Failure> failure(Result<?> result) {
        return result instanceof Result.Err<?> err ? Optional.of(err.failure()) : Optional.empty();
    }

    private static Optional<Failure> select(String relation, Limits limits) {
        return switch (stack.runSql.run(new QueryRequest.Sql(SHOP, "SELECT * FROM " + relation, limits))) {
            case QueryOutcome.Succeeded succeeded -> Optional.empty();
            case QueryOutcome.Failed failed -> Optional.of(failed.failure());
        };
    }
}
