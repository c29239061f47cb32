package dev.nl2sql.library.audit;

import dev.nl2sql.domain.audit.AuditEntry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Writes a large audit log straight to files, as the writer would have over {@code days} days: about {@code bytes}
 * in all, rotated at 64 MiB. The first {@value #ARCHIVED} entries, on the oldest day, are for the database
 * {@code archive}, so a filter on it must read nearly everything.
 */
final class LargeLog {

    static final int ARCHIVED = 50;
    static final long FILE_SIZE = 64L * 1024 * 1024;

    private LargeLog() {}

    /** {@return the timestamp of the newest entry} */
    static Instant write(Path directory, long bytes, int days, LocalDate lastDay) throws IOException {
        Files.createDirectories(directory);
        long perDay = bytes / days;
        long written = 0;
        int n = 0;
        Instant at = Instant.EPOCH;
        String[] databases = {"shop", "hr", "chinook"};
        String[] statuses = {"ok", "ok", "ok", "rejected", "failed"};
        for (int d = 0; d < days; d++) {
            LocalDate day = lastDay.minusDays(days - 1 - d);
            Instant start = day.atStartOfDay().toInstant(ZoneOffset.UTC);
            int index = 0;
            long inFile = 0;
            long inDay = 0;
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(AuditFiles.path(directory, day, index)), 1 << 20);
            try {
                while (inDay < perDay) {
                    at = start.plus(Duration.ofMillis(inDay * 86_400_000L / perDay));
                    String database = n < ARCHIVED ? "archive" : databases[n % databases.length];
                    AuditEntry entry = Entries.entry(at, database, statuses[n % statuses.length], "question number " + n + " about sales",
                            "SELECT customer_id, sum(total) FROM orders WHERE created_at > now() - interval '30 days' AND n = " + n
                                    + " GROUP BY customer_id ORDER BY 2 DESC");
                    byte[] line = AuditJson.line(entry);
                    if (inFile + line.length > FILE_SIZE) {
                        out.close();
                        out = new BufferedOutputStream(Files.newOutputStream(AuditFiles.path(directory, day, ++index)), 1 << 20);
                        inFile = 0;
                    }
                    out.write(line);
                    inFile += line.length;
                    inDay += line.length;
                    written += line.length;
                    n++;
                }
            } finally {
                out.close();
            }
        }
        System.out.printf("generated %d entries, %d MiB, in %s%n", n, written >> 20, directory);
        return at;
    }
}
