package dev.nl2sql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseHealth;
import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.port.AuditStorage;
import dev.nl2sql.port.DatabaseProbe;
import dev.nl2sql.usecase.UseCases;
import dev.nl2sql.usecase.testing.TestUseCases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DoctorCommandTest {

    private static final DatabaseIdentity SHOP = new DatabaseIdentity(DatabaseName.of("shop"), "127.0.0.1", 5432, "shop", "reader");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Launcher launcher, String... args) {
        return Nl2SqlCommand.commandLine(launcher).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    private static Launcher reporting(DatabaseHealth health) {
        return reporting(health, AuditStorage.NONE);
    }

    private static Launcher reporting(DatabaseHealth health, AuditStorage audit) {
        DatabaseProbe probe = new DatabaseProbe() {
            @Override
            public List<DatabaseIdentity> databases() {
                return List.of(health.identity());
            }

            @Override
            public DatabaseHealth probe(DatabaseIdentity database) {
                return health;
            }
        };
        UseCases useCases = TestUseCases.defaults().withProbe(probe).withAuditStorage(audit).build();
        return config -> new Launcher.Launch.Ready("test.yaml", useCases, new NoServers(), Launcher.Listener.DEFAULT, () -> {});
    }

    private static DatabaseHealth health(List<String> risks, Optional<Failure> failure) {
        return new DatabaseHealth(SHOP, failure.isEmpty() ? Optional.of("PostgreSQL 15.20") : Optional.empty(),
                failure.isEmpty() ? Optional.of("reader") : Optional.empty(), risks, "closed", Optional.empty(), failure);
    }

    @Test
    void healthyDatabaseExitsZero() {
        int exit = run(reporting(health(List.of(), Optional.empty())), "doctor");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("config     test.yaml", "database   shop  (127.0.0.1:5432/shop as reader)",
                "server   PostgreSQL 15.20", "safety   ok: the role cannot write");
    }

    @Test
    void saysWhereTheAuditFilesGoAndHowMuchRoomIsLeft() {
        int exit = run(reporting(health(List.of(), Optional.empty()),
                () -> Optional.of(new AuditStorage.Check("/var/lib/nl2sql/audit", 44_023_414_784L, Optional.empty()))), "doctor");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("audit      /var/lib/nl2sql/audit: writable, 41.0 GiB free").doesNotContain("WARNING");
    }

    @Test
    void anAuditFolderItCannotWriteFailsTheCheckWithAdvice() {
        int exit = run(reporting(health(List.of(), Optional.empty()), () -> Optional.of(new AuditStorage.Check("/var/lib/nl2sql/audit", 0,
                Optional.of("cannot write there: No space left on device")))), "doctor");

        assertThat(exit).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(out.toString()).contains("audit      ERROR /var/lib/nl2sql/audit: cannot write there: No space left on device",
                "every answer is withheld until it can be written");
    }

    @Test
    void littleRoomForTheAuditFilesIsAWarningThatDoesNotFailTheCheck() {
        int exit = run(reporting(health(List.of(), Optional.empty()),
                () -> Optional.of(new AuditStorage.Check("/var/lib/nl2sql/audit", 200L << 20, Optional.empty()))), "doctor");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("writable, 0.2 GiB free", "WARNING  little room left");
    }

    @Test
    void roleThatCanWriteIsAWarningWithAdvice() {
        int exit = run(reporting(health(List.of("can INSERT, UPDATE, DELETE or TRUNCATE 3 tables"), Optional.empty())), "doctor");

        assertThat(exit).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(out.toString()).contains("WARNING  the role can INSERT, UPDATE, DELETE or TRUNCATE 3 tables", "docs/security.md");
    }

    @Test
    void unreachableDatabaseIsAnErrorWithItsCode() {
        Failure down = new Failure.DatabaseUnavailable(SHOP.name(), "Connection refused", false);

        int exit = run(reporting(health(List.of(), Optional.of(down))), "doctor");

        assertThat(exit).isEqualTo(ExitCodes.DB_UNAVAILABLE);
        assertThat(out.toString()).contains("ERROR    DB_UNAVAILABLE: database 'shop' is unavailable: Connection refused");
    }

    @Test
    void invalidConfigurationListsEveryProblem() {
        Launcher misconfigured = config -> new Launcher.Launch.Misconfigured(List.of(
                "nl2sql.yaml: databases[0].port: must be 1-65535, was 0", "nl2sql.yaml: colour: unknown field"));

        int exit = run(misconfigured, "doctor");

        assertThat(exit).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(out.toString()).contains("config     INVALID", "problem  nl2sql.yaml: databases[0].port: must be 1-65535, was 0",
                "problem  nl2sql.yaml: colour: unknown field");
    }

    @Test
    void configFlagReachesTheLauncher() {
        String[] seen = new String[1];
        run(config -> {
            seen[0] = config.map(Object::toString).orElse("none");
            return new Launcher.Launch.Misconfigured(List.of("x"));
        }, "--config", "custom.yaml", "doctor");

        assertThat(seen[0]).isEqualTo("custom.yaml");
    }

    @Test
    void configFlagMayFollowTheSubcommandAsMcpClientsWriteIt() {
        String[] seen = new String[1];
        run(config -> {
            seen[0] = config.map(Object::toString).orElse("none");
            return new Launcher.Launch.Misconfigured(List.of("x"));
        }, "doctor", "--config", "after.yaml");

        assertThat(seen[0]).isEqualTo("after.yaml");
    }

    @Test
    void unknownOptionIsAUsageError() {
        int exit = run(reporting(health(List.of(), Optional.empty())), "doctor", "--frobnicate");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void versionNamesTheJava() {
        int exit = run(reporting(health(List.of(), Optional.empty())), "--version");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("nl2sql ").contains("Java " + Runtime.version());
    }
}
