package dev.nl2sql.postgres;

import static dev.nl2sql.postgres.RunnerCalls.failure;
import static dev.nl2sql.postgres.RunnerCalls.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The runner on its own, fed writes that validation would have refused: the database must stay as it was. */
class WritesRefusedTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private Connection connection;

    @BeforeAll
    static void createTable() throws SQLException {
        db.execute("CREATE TABLE guarded (id int); INSERT INTO guarded VALUES (1); CREATE SEQUENCE counter");
    }

    @BeforeEach
    void connect() throws SQLException {
        connection = db.connect();
    }

    @AfterEach
    void checkNothingChanged() throws SQLException {
        try (Connection admin = db.connect()) {
            assertThat(Sessions.count(admin, "SELECT count(*) FROM guarded")).isEqualTo(1);
            assertThat(Sessions.count(admin, "SELECT count(*) FROM pg_class WHERE relname = 'evil'")).isZero();
            assertThat(Sessions.count(admin, "SELECT last_value FROM counter")).isEqualTo(1);
        }
        connection.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO guarded VALUES (2)",
        "UPDATE guarded SET id = 2",
        "DELETE FROM guarded",
        "CREATE TABLE evil (id int)",
        "SELECT nextval('counter')",
        "WITH gone AS (DELETE FROM guarded RETURNING *) SELECT * FROM gone",
        "DO $$BEGIN INSERT INTO guarded VALUES (2); END$$",
        "SELECT * INTO evil FROM guarded",
        "DROP TABLE guarded",
    })
    void readOnlyTransactionRefusesWrites(String write) {
        assertThat(failure(connection, write, Limits.DEFAULT)).isInstanceOfSatisfying(Failure.DatabaseError.class,
                error -> assertThat(error.sqlState()).isEqualTo("25006"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "COMMIT; DROP TABLE guarded",
        "ROLLBACK; INSERT INTO guarded VALUES (2)",
        "SELECT 1; DROP TABLE guarded",
        "COMMIT; BEGIN READ WRITE; DROP TABLE guarded; COMMIT",
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE; COMMIT; CREATE TABLE evil (id int)",
    })
    void refusesSeveralStatementsBeforeSendingAny(String statements) {
        assertThat(failure(connection, statements, Limits.DEFAULT)).isInstanceOfSatisfying(Failure.SqlRejected.class,
                rejected -> assertThat(rejected.reason()).startsWith("MULTIPLE_STATEMENTS"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SET TRANSACTION READ WRITE",
        "VACUUM guarded",
        "COMMIT",
        "BEGIN READ WRITE",
        "SELECT set_config('transaction_read_only', 'off', false)",
    })
    void cannotLeaveTheReadOnlyTransactionInOneStatement(String escape) throws SQLException {
        run(connection, escape, Limits.DEFAULT);

        assertThat(failure(connection, "INSERT INTO guarded VALUES (2)", Limits.DEFAULT))
                .isInstanceOfSatisfying(Failure.DatabaseError.class, error -> assertThat(error.sqlState()).isEqualTo("25006"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
        "SET search_path = evil",
        "SET statement_timeout = 1",
        "SELECT set_config('search_path', 'evil', false)",
    })
    void rollsBackSessionSettingsSoTheNextBorrowerIsUnharmed(String poison) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("SET default_transaction_read_only = on"); // as a SELECT-only role would have it
        }

        run(connection, poison, Limits.DEFAULT);

        assertThat(Sessions.show(connection, "default_transaction_read_only")).isEqualTo("on");
        assertThat(Sessions.show(connection, "search_path")).isEqualTo("\"$user\", public");
        assertThat(Sessions.show(connection, "statement_timeout")).isEqualTo("0");
    }

    @Test
    void refusesAnEmptyStatement() {
        assertThat(failure(connection, " ; ", Limits.DEFAULT)).isInstanceOf(Failure.SqlInvalid.class);
    }
}
