package dev.nl2sql.library.audit;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** Audit entries and a clock that tests move by hand. */
final class Entries {

    private Entries() {}

    static AuditEntry entry(Instant at, String database, String status, String question, String sql) {
        Optional<ErrorCode> code = switch (status) {
            case "rejected" -> Optional.of(ErrorCode.SQL_REJECTED);
            case "failed" -> Optional.of(ErrorCode.TIMEOUT);
            default -> Optional.empty();
        };
        return new AuditEntry(UUID.randomUUID().toString(), at, "cli", Optional.of("test-client 1.0"), database,
                Optional.ofNullable(question), Optional.of(sql), Optional.of(sql), status, code, code.map(c -> "because " + c), 1,
                Optional.of("offline"), 120, 30, Duration.ofMillis(12), Duration.ofNanos(345_678), Duration.ofMillis(7), 3, false);
    }

    static AuditEntry entry(Instant at, String database) {
        return entry(at, database, "ok", "how many tracks?", "SELECT count(*) FROM track WHERE name = 'x'");
    }

    /** A clock that stays where it is set. */
    static final class HandClock extends Clock {
        volatile Instant now;

        HandClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
