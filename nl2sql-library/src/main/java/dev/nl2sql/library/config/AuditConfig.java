package dev.nl2sql.library.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the append-only audit log lives and how it is kept.
 *
 * @param path the directory of the JSONL files
 * @param fsync when lines are forced to disk
 * @param fsyncInterval with {@link Fsync#BATCH}, the longest a written line waits for its fsync
 * @param maxFileSize the size at which a day's file is continued in a new one
 * @param retentionDays files of days older than this are deleted when the log rotates
 * @param redactLiterals replace string and number literals in the SQL with {@code ?}
 * @param redactQuestions replace the question with its SHA-256 hash
 * @param postgres a shared table that also receives every entry, if configured
 */
public record AuditConfig(
        Path path,
        Fsync fsync,
        Duration fsyncInterval,
        long maxFileSize,
        int retentionDays,
        boolean redactLiterals,
        boolean redactQuestions,
        Optional<PostgresTableConfig> postgres) {

    /** When audit lines are forced to disk. */
    public enum Fsync {
        ALWAYS,
        BATCH
    }

    static final Fsync DEFAULT_FSYNC = Fsync.ALWAYS;
    static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofMillis(100);
    static final long DEFAULT_MAX_FILE_SIZE = 64L * 1024 * 1024;
    static final int DEFAULT_RETENTION_DAYS = 30;

    public AuditConfig {
        requireNonNull(path, "path");
        requireNonNull(fsync, "fsync");
        requireNonNull(fsyncInterval, "fsyncInterval");
        requireNonNull(postgres, "postgres");
    }

    /** {@return the defaults, in {@code path}} */
    public static AuditConfig at(Path path) {
        return new AuditConfig(path, DEFAULT_FSYNC, DEFAULT_FSYNC_INTERVAL, DEFAULT_MAX_FILE_SIZE, DEFAULT_RETENTION_DAYS, false, false,
                Optional.empty());
    }
}
