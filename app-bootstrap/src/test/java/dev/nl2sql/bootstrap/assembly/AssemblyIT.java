package dev.nl2sql.bootstrap.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nl2sql.cli.ExitCodes;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.SampleDatabase;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The packaged assembly as a user runs it: a separate JVM, stdout piped, exit codes as the process's own. */
class AssemblyIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    static Path config;

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @BeforeAll
    static void loadShop() throws Exception {
        try (Connection connection = db.connect()) {
            new FixtureLoader().load(SampleDatabase.ECOMMERCE_SMALL.fixture(), connection, Progress.none());
        }
        config = dir.resolve("nl2sql.yaml");
        Files.writeString(config, "databases:\n  - {name: shop, host: " + db.server().host() + ", port: " + db.server().port()
                + ", database: " + db.name() + ", user: " + db.server().user() + ", password_env: IT_DB_PASSWORD}\n");
    }

    private static Nl2SqlProcess.Run nl2sql(String... args) throws Exception {
        return Nl2SqlProcess.run(Map.of("IT_DB_PASSWORD", db.server().password()), TIMEOUT, args);
    }

    @Test
    void theAotCacheKeepsNoClassOutForItsAgeOrVerification() throws Exception {
        Path training = Nl2SqlProcess.JAR.resolveSibling("aot-training.err");
        assumeTrue(Runtime.version().feature() >= 25, "an AOT cache needs JDK 25");

        // picocli is compiled for Java 5; unraised, its 180 classes were loaded and verified at every start
        assertThat(Files.readAllLines(training)).noneMatch(line -> line.contains("Old class has been linked")
                || line.contains("Failed verification"));
    }

    @Test
    void versionReadsTheManifest() throws Exception {
        Nl2SqlProcess.Run run = nl2sql("--version");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("nl2sql 0.").contains("Java 2");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void answersInJsonWithoutEscapesWhenPiped() throws Exception {
        Nl2SqlProcess.Run run = nl2sql("--config", config.toString(), "ask", "How many customers live in Germany?");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("{").contains("\"rows\"", "21").doesNotContain("\u001b[");
        assertThat(run.err()).doesNotContain("\u001b[");
    }

    @Test
    void csvToAFileIsOnlyData() throws Exception {
        Nl2SqlProcess.Run run = nl2sql("--config", config.toString(), "--format", "csv", "sql",
                "SELECT name, price FROM products ORDER BY price DESC LIMIT 2");

        assertThat(run.exit()).isZero();
        assertThat(run.out().lines()).containsExactly("name,price", "Compact Tablet 400,837.49", "Classic Headphones 200,750.90");
    }

    @Test
    void refusedSqlExitsWith2() throws Exception {
        Nl2SqlProcess.Run run = nl2sql("--config", config.toString(), "sql", "DELETE FROM customers");

        assertThat(run.exit()).isEqualTo(ExitCodes.SQL_REJECTED);
        assertThat(run.err()).contains("SQL_REJECTED");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void invalidConfigurationExitsWith4() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "databases:\n  - {name: Bad Name}\n");

        Nl2SqlProcess.Run run = nl2sql("--config", bad.toString(), "doctor");

        assertThat(run.exit()).isEqualTo(ExitCodes.CONFIG_INVALID);
    }

    @Test
    void aBusyPortSaysItIsInUse() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Nl2SqlProcess.Run run = nl2sql("--config", config.toString(), "serve", "--http", "--port", Integer.toString(taken.getLocalPort()));

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": the port is in use");
        }
    }

    @Test
    void sqlWithADsnNeedsNoConfigurationFile() throws Exception {
        Nl2SqlProcess.Run run = nl2sql("--format", "csv", "sql", "--dsn", "postgres://" + db.server().user() + "@" + db.server().host() + ":"
                + db.server().port() + "/postgres", "select 1");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly("?column?", "1");
    }

    @Test
    void usageErrorExitsWith1() throws Exception {
        Nl2SqlProcess.Run run = nl2sql("no-such-command");

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void libHoldsNoTestLibraries() throws Exception {
        try (var jars = Files.list(Nl2SqlProcess.JAR.resolveSibling("lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .isNotEmpty()
                    .noneMatch(name -> name.startsWith("junit") || name.startsWith("testcontainers") || name.contains("darwin")
                            || name.contains("windows"));
        }
    }
}
