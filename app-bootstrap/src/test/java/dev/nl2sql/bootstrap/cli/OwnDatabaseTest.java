package dev.nl2sql.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.bootstrap.Application;
import dev.nl2sql.cli.ExitCodes;
import dev.nl2sql.cli.Nl2SqlCommand;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.config.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** One's own database in a minute (issue 19): a DSN and no file; init, the printed role script, then doctor. */
class OwnDatabaseTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    // Roles belong to the whole server: a unique name keeps parallel runs apart.
    private static final String ROLE = "reader_" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterAll
    static void dropRole() throws SQLException {
        db.execute("DROP OWNED BY " + ROLE + "; DROP ROLE IF EXISTS " + ROLE);
    }

    /** Runs nl2sql in a home with no configuration file anywhere and no PG* variables. */
    private int run(String... args) {
        return Nl2SqlCommand.commandLine(new Application(new ConfigLoader(Map.of("PGPASSWORD", db.server().password()), home, home)))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    private static String dsn(String user) {
        return "postgres://" + user + "@" + db.server().host() + ":" + db.server().port() + "/" + db.name();
    }

    @Test
    void sqlWithADsnNeedsNoConfigurationFile() {
        int exit = run("--format", "csv", "sql", "--dsn", "postgres://" + db.server().user() + "@" + db.server().host() + ":"
                + db.server().port() + "/postgres", "select 1 as one");

        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString().lines()).containsExactly("one", "1");
    }

    @Test
    void initWritesACommentedFileAndDoctorThenPassesForTheSelectOnlyRole() throws Exception {
        db.execute("CREATE TABLE invoice (id int PRIMARY KEY, total numeric)");
        Path first = home.resolve("first.yaml");
        int asOwner = run("init", "--dsn", dsn(db.server().user()), "--file", first.toString());

        assertThat(asOwner).as("the owner can write: doctor's verdict").isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(Files.readString(first)).contains("# Passwords never go in this file", "database: " + db.name(), "sslmode: prefer");
        String printed = out.toString();
        String script = printed.substring(printed.indexOf("-- A SELECT-only role for nl2sql"));
        db.execute(script.replace("nl2sql_reader", ROLE)); // what the user runs

        int asReader = run("init", "--dsn", dsn(ROLE));
        Path written = home.resolve(".config/nl2sql/nl2sql.yaml");
        assertThat(asReader).as(out.toString()).isEqualTo(ExitCodes.OK);
        assertThat(written).exists();

        out.getBuffer().setLength(0);
        int doctor = run("doctor");
        assertThat(doctor).as(out.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("config     " + written, "safety   ok: the role cannot write", "tls      not encrypted");
    }

    @Test
    void initRefusesToOverwriteWithoutForce() throws Exception {
        Path existing = Files.writeString(home.resolve("mine.yaml"), "databases: []\n");

        int exit = run("init", "--dsn", dsn(db.server().user()), "--file", existing.toString());

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("exists; give --force");
        assertThat(Files.readString(existing)).isEqualTo("databases: []\n");
    }
}
