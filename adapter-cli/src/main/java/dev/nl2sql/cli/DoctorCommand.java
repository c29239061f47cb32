package dev.nl2sql.cli;

import dev.nl2sql.domain.database.DatabaseHealth;
import dev.nl2sql.domain.sensitive.FollowedViews;
import dev.nl2sql.domain.sensitive.SensitiveCandidate;
import dev.nl2sql.port.AuditStorage;
import dev.nl2sql.usecase.Diagnose;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Checks the configuration and every database, and says what is wrong and how to fix it. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check the configuration and every configured database: can nl2sql reach it, and can its role write anything it should not."},
        footer = {"", "Exit codes: 0 all good, 4 invalid configuration, 3 a database is unreachable, 8 a role can write,",
                "the connection to another machine is not encrypted and verified, or the audit log cannot write its files."})
final class DoctorCommand implements Callable<Integer> {

    @ParentCommand
    Nl2SqlCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("nl2sql " + Nl2SqlCommand.version() + " on Java " + Runtime.version());
        return switch (root.launch()) {
            case Launcher.Launch.Misconfigured bad -> {
                out.println("config     INVALID");
                bad.problems().forEach(p -> out.println("  problem  " + p));
                yield ExitCodes.CONFIG_INVALID;
            }
            case Launcher.Launch.Ready ready -> {
                try (AutoCloseable ignored = ready.resources()) {
                    out.println("config     " + ready.configSource());
                    yield report(ready.useCases().diagnose(), out);
                }
            }
        };
    }

    static int report(Diagnose diagnose, PrintWriter out) {
        List<DatabaseHealth> databases = diagnose.diagnose();
        if (databases.isEmpty()) {
            out.println("databases  none configured: add one under 'databases:' in the config file");
            return ExitCodes.CHECK_FAILED;
        }
        int exit = ExitCodes.OK;
        for (DatabaseHealth health : databases) {
            out.println();
            out.println("database   " + health.identity().name() + "  (" + health.identity().address() + " as " + health.identity().user() + ")");
            health.serverVersion().ifPresent(v -> out.println("  server   " + v));
            health.role().ifPresent(r -> out.println("  role     " + r));
            out.println("  breaker  " + health.breaker());
            health.pool().ifPresent(p -> out.println("  pool     " + p));
            health.transport().ifPresent(t -> out.println("  tls      " + t.describe()));
            if (health.failure().isPresent()) {
                out.println("  ERROR    " + health.failure().get().code() + ": " + health.failure().get().message());
                exit = ExitCodes.DB_UNAVAILABLE;
            } else if (health.writeRisks().isEmpty()) {
                out.println("  safety   ok: the role cannot write");
            } else {
                health.writeRisks().forEach(r -> out.println("  WARNING  the role " + r));
                out.println("  advice   connect as a SELECT-only role: see docs/security.md");
                if (exit == ExitCodes.OK) {
                    exit = ExitCodes.CHECK_FAILED;
                }
            }
            if (health.transportWarning().isPresent()) {
                out.println("  WARNING  " + health.transportWarning().get());
                if (exit == ExitCodes.OK) {
                    exit = ExitCodes.CHECK_FAILED;
                }
            }
            if (health.failure().isEmpty()) {
                suggest(diagnose.sensitiveCandidates(health.identity()), out);
                views(diagnose.viewsCarryingProtectedColumns(health.identity()), diagnose.followsViews(health.identity()), out);
            }
        }
        boolean auditWritable = audit(diagnose.auditStorage(), out);
        return exit == ExitCodes.OK && !auditWritable ? ExitCodes.CHECK_FAILED : exit;
    }

    private static final long GIB = 1L << 30;
    /** Below this much room, doctor warns: answers are withheld once the audit files cannot grow. */
    static final long LOW_ROOM_BYTES = GIB;

    /** Prints the audit files' check; {@return whether a line can be written and forced there} */
    private static boolean audit(Optional<AuditStorage.Check> check, PrintWriter out) {
        if (check.isEmpty()) {
            return true;
        }
        AuditStorage.Check audit = check.get();
        out.println();
        if (audit.problem().isPresent()) {
            out.println("audit      ERROR " + audit.folder() + ": " + audit.problem().get());
            out.println("  advice   with audit.fsync: always every answer is withheld until it can be written: free the disk, fix the "
                    + "folder's owner, or set audit.path");
            return false;
        }
        out.println("audit      " + audit.folder() + ": writable, "
                + (audit.usableBytes() > 0 ? gibibytes(audit.usableBytes()) + " free" : "room left unknown"));
        if (audit.usableBytes() > 0 && audit.usableBytes() < LOW_ROOM_BYTES) {
            out.println("  WARNING  little room left: with audit.fsync: always answers are withheld once it is full");
        }
        return true;
    }

    private static String gibibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) GIB);
    }

    /**
     * View columns that carry a hidden or masked column: PostgreSQL reports them as the view's own, so a table's pattern
     * does not reach them; either the policy follows views, or each needs a line of its own.
     */
    private static void views(List<FollowedViews.Exposure> exposures, boolean followed, PrintWriter out) {
        if (exposures.isEmpty()) {
            return;
        }
        exposures.forEach(e -> out.println("  VIEW     " + e.column() + (e.copied() ? " copies " : " is computed by a view that reads ") + e.source()
                + (followed ? " (" + treated(e.treatment()) + ": the policy follows views)" : "")));
        if (!followed) {
            out.println("  advice   set 'follow_views: true' under this database's 'sensitive:' to protect them as their sources, or add:");
            exposures.forEach(e -> out.println("               " + e.configLine()));
        }
    }

    private static String treated(FollowedViews.Treatment treatment) {
        return switch (treatment) {
            case HIDE -> "hidden";
            case MASK -> "masked";
            case HASH -> "hashed";
        };
    }

    /** Personal data suggestions: printed with the lines to add, never applied (docs/security.md#sensitive-data). */
    private static void suggest(List<SensitiveCandidate> candidates, PrintWriter out) {
        if (candidates.isEmpty()) {
            return;
        }
        candidates.forEach(c -> out.println("  PERSONAL " + c.table() + "." + c.column() + " looks like " + c.kind().words() + " (by "
                + c.evidence() + ")"));
        out.println("  advice   to mask them, add under this database's 'sensitive:' in the config file (or hide them):");
        out.println("             masked:");
        candidates.forEach(c -> out.println("               " + c.configLine()));
    }
}
