package dev.nl2sql.postgres;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.fixtures.Fixture;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.harness.PostgresServer;
import dev.nl2sql.fixtures.harness.PostgresServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reading the 1,000-table, 20,000-column catalog. Not part of the normal build; run it with the {@code benchmark}
 * profile (see adapter-postgres/pom.xml).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CatalogReadBenchmark {

    private static final String DATABASE = "bench_catalog_read";

    private final PostgresCatalogReader reader = new PostgresCatalogReader();
    private PostgresServer server;
    private Connection connection;

    @Setup(Level.Trial)
    public void createWideDatabase() throws SQLException {
        server = PostgresServers.find();
        admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        admin("CREATE DATABASE " + DATABASE);
        connection = server.connect(DATABASE);
        new FixtureLoader().load(Fixture.Wide.DEFAULT, connection, Progress.none());
    }

    @TearDown(Level.Trial)
    public void dropWideDatabase() throws SQLException {
        connection.close();
        admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }

    @Benchmark
    public SchemaSnapshot readThousandTables() throws SQLException {
        return reader.read(connection, DatabaseName.of("bench"), SchemaFilter.all());
    }

    private void admin(String sql) throws SQLException {
        try (Connection admin = server.connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }
}
