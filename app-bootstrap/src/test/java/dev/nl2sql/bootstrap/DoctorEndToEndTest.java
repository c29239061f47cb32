package dev.nl2sql.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.library.config.ConfigLoader;
import dev.nl2sql.cli.ExitCodes;
import dev.nl2sql.cli.Nl2SqlCommand;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code nl2sql doctor} wired for real: configuration file, pools, probe, against the test server. */
class DoctorEndToEndTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    private int doctor(String yaml, Map<String, String> env) throws IOException {
        Path file = dir.resolve("nl2sql.yaml");
        Files.writeString(file, yaml);
        return Nl2SqlCommand.commandLine(new Application(new ConfigLoader(env, dir, dir)))
                .setOut(new PrintWriter(out, true))
                .execute("--config", file.toString(), "doctor");
    }

    private String databaseEntry(String name, String database) {
        return "  - {name: " + name + ", host: " + db.server().host() + ", port: " + db.server().port() + ", database: " + database
                + ", user: " + db.server().user() + ", password_env: TEST_DB_PASSWORD, connect_timeout: 2s}\n";
    }

    @Test
    void warnsThatASuperuserCanWriteAndNeverPrintsThePassword() throws IOException {
        int exit = doctor("databases:\n" + databaseEntry("shop", db.name()), Map.of("TEST_DB_PASSWORD", "pw-5eb1"));

        assertThat(exit).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(out.toString())
                .contains("database   shop", "server   PostgreSQL ", "breaker  closed", "WARNING  the role is a superuser")
                .doesNotContain("pw-5eb1");
    }

    @Test
    void reportsAnUnreachableDatabaseBesideAHealthyOne() throws IOException {
        int exit = doctor("databases:\n" + databaseEntry("shop", db.name()) + databaseEntry("gone", db.name() + "_missing"),
                Map.of("TEST_DB_PASSWORD", "pw-5eb1"));

        assertThat(exit).isEqualTo(ExitCodes.DB_UNAVAILABLE);
        assertThat(out.toString()).contains("database   gone", "ERROR    DB_UNAVAILABLE", "database   shop", "server   PostgreSQL ");
    }

    @Test
    void checksThatTheAuditFolderTakesALineAndLeavesNothingThere() throws IOException {
        Path audit = dir.resolve("state/audit");

        doctor("databases:\n" + databaseEntry("shop", db.name()) + "audit: {path: " + audit + "}\n", Map.of("TEST_DB_PASSWORD", "pw-5eb1"));

        assertThat(out.toString()).containsPattern("audit      " + audit + ": writable, [0-9.]+ GiB free");
        try (var left = Files.list(audit)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void anAuditPathThatIsAFileIsReported() throws IOException {
        Path file = Files.writeString(dir.resolve("audit"), "not a folder");

        doctor("databases:\n" + databaseEntry("shop", db.name()) + "audit: {path: " + file + "}\n", Map.of("TEST_DB_PASSWORD", "pw-5eb1"));

        assertThat(out.toString()).contains("audit      ERROR " + file + ": it is a file, not a folder");
    }

    @Test
    void invalidConfigurationIsReportedWithoutAStackTrace() throws IOException {
        int exit = doctor("databases:\n  - {name: shop, port: 70000, password_env: UNSET_VARIABLE}\n", Map.of());

        assertThat(exit).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(out.toString())
                .contains("databases[0].port: must be 1-65535, was 70000", "databases[0].password_env: environment variable UNSET_VARIABLE is not set")
                .doesNotContain("Exception", "\tat ");
    }
}
