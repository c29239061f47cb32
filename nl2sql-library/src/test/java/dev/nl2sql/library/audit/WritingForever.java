package dev.nl2sql.library.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/** A child process for the crash test: records entries through the real log until it is killed. */
public final class WritingForever {

    private WritingForever() {}

    public static void main(String[] args) {
        JsonlAuditLog log = new JsonlAuditLog(JsonlAuditLog.Settings.of(Path.of(args[0])), Clock.systemUTC());
        for (long i = 0; ; i++) {
            log.record(Entries.entry(Instant.now(), "shop", "ok", "question " + i + " " + "x".repeat(2_000), "SELECT " + i));
            if (i == 20) {
                System.out.println("writing");
                System.out.flush();
            }
        }
    }
}
