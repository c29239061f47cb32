package dev.nl2sql.library.audit;

import dev.nl2sql.library.config.AuditConfig;
import dev.nl2sql.port.AuditCopy;
import dev.nl2sql.postgres.PostgresAdapter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A child process for the copy crash test: records entries into the files and a PostgreSQL table until it is killed. */
public final class CopyingForever {

    private CopyingForever() {}

    /** @param args the audit folder, then host, port, database and user of the table's server */
    public static void main(String[] args) {
        Path audit = Path.of(args[0]);
        AuditCopy table = PostgresAdapter.auditCopy(new PostgresAdapter.Table(args[1], Integer.parseInt(args[2]), args[3], args[4],
                Optional.empty(), "nl2sql_audit"), audit.resolve("postgres-spill.tsv"));
        AuditTrail trail = AuditTrail.of(AuditConfig.at(audit), Clock.systemUTC(), List.of(table), List.of());
        Instant started = table.storedThrough();
        // eight callers at once, as a busy server has: the files force a batch at a time, the table lags behind them
        for (int t = 0; t < 8; t++) {
            int caller = t;
            Thread.ofPlatform().start(() -> {
                for (long i = 0; ; i++) {
                    trail.log().record(Entries.entry(Instant.now(), "shop", "ok", "question " + caller + "." + i, "SELECT " + i));
                }
            });
        }
        while (!table.storedThrough().isAfter(started)) { // until the table has taken a batch
            Thread.onSpinWait();
        }
        System.out.println("copying");
        System.out.flush();
    }
}
