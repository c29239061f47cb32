package dev.nl2sql.postgres;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.fixtures.PersonalData;
import dev.nl2sql.fixtures.harness.PostgresServer;
import dev.nl2sql.fixtures.harness.PostgresServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the sensitive data policy costs on a 1,000-row result of personal data: the same statement with no policy,
 * and with two masked columns, one hashed and two hidden. Not part of the normal build; run it with the
 * {@code benchmark} profile (see adapter-postgres/pom.xml).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MaskingBenchmark {

    private static final String DATABASE = "bench_masking";
    private static final DatabaseName NAME = DatabaseName.of("crm");

    @Param({"none", "masked"})
    public String policy;

    private final PostgresStatementRunner runner = new PostgresStatementRunner();
    private PostgresServer server;
    private Connection connection;
    private SensitiveData sensitive;

    @Setup(Level.Trial)
    public void createPeople() throws SQLException {
        server = PostgresServers.find();
        admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        admin("CREATE DATABASE " + DATABASE);
        connection = server.connect(DATABASE);
        try (Statement statement = connection.createStatement()) {
            statement.execute(PersonalData.SQL);
        }
        sensitive = policy.equals("none") ? SensitiveData.NONE : SensitiveDataLeakTest.POLICY;
    }

    @TearDown(Level.Trial)
    public void dropPeople() throws SQLException {
        connection.close();
        admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }

    @Benchmark
    public QueryOutcome thousandRows() {
        return runner.run(connection, NAME, "SELECT * FROM people", List.of(), Limits.DEFAULT, sensitive);
    }

    private void admin(String sql) throws SQLException {
        try (Connection admin = server.connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }
}
