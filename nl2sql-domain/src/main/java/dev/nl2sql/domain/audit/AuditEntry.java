package dev.nl2sql.domain.audit;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The record of one call, whatever its end: what was asked, what ran, how it ended and how long each stage took.
 *
 * @param surface where the call came from: {@code mcp}, {@code cli} or {@code library}
 * @param status {@code ok}, {@code rejected} or {@code failed}
 * @param degraded when the model failed and the offline paths answered: who failed, why, and who answered instead
 */
public record AuditEntry(
        String id,
        Instant timestamp,
        String surface,
        Optional<String> client,
        String database,
        Optional<String> question,
        Optional<String> generatedSql,
        Optional<String> finalSql,
        String status,
        Optional<ErrorCode> errorCode,
        Optional<String> reason,
        int attempts,
        Optional<String> model,
        long promptTokens,
        long completionTokens,
        Duration generate,
        Duration validate,
        Duration execute,
        long rowCount,
        boolean truncated,
        Optional<String> degraded) {

    public AuditEntry {
        requireNonNull(id, "id");
        requireNonNull(timestamp, "timestamp");
        requireNonNull(surface, "surface");
        requireNonNull(client, "client");
        requireNonNull(database, "database");
        requireNonNull(question, "question");
        requireNonNull(generatedSql, "generatedSql");
        requireNonNull(finalSql, "finalSql");
        requireNonNull(status, "status");
        requireNonNull(errorCode, "errorCode");
        requireNonNull(reason, "reason");
        requireNonNull(model, "model");
        requireNonNull(generate, "generate");
        requireNonNull(validate, "validate");
        requireNonNull(execute, "execute");
        requireNonNull(degraded, "degraded");
    }

    /** An entry of a call that was not degraded. */
    public AuditEntry(String id, Instant timestamp, String surface, Optional<String> client, String database, Optional<String> question,
            Optional<String> generatedSql, Optional<String> finalSql, String status, Optional<ErrorCode> errorCode, Optional<String> reason,
            int attempts, Optional<String> model, long promptTokens, long completionTokens, Duration generate, Duration validate,
            Duration execute, long rowCount, boolean truncated) {
        this(id, timestamp, surface, client, database, question, generatedSql, finalSql, status, errorCode, reason, attempts, model,
                promptTokens, completionTokens, generate, validate, execute, rowCount, truncated, Optional.empty());
    }
}
