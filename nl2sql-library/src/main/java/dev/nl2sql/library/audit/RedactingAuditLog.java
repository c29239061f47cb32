package dev.nl2sql.library.audit;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.validation.SqlLiterals;
import dev.nl2sql.port.AuditLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Takes values out of entries before another audit log keeps them: the literals in the SQL become {@code ?}, and the
 * question becomes {@code sha256:} and its hash, so equal questions can still be counted but not read.
 */
public final class RedactingAuditLog implements AuditLog {

    private final AuditLog next;
    private final boolean literals;
    private final boolean questions;

    public RedactingAuditLog(AuditLog next, boolean literals, boolean questions) {
        this.next = requireNonNull(next, "next");
        this.literals = literals;
        this.questions = questions;
    }

    /** {@return {@code next} itself when nothing is to be redacted} */
    public static AuditLog around(AuditLog next, boolean literals, boolean questions) {
        return literals || questions ? new RedactingAuditLog(next, literals, questions) : next;
    }

    @Override
    public void record(AuditEntry entry) {
        next.record(redact(entry));
    }

    AuditEntry redact(AuditEntry e) {
        return new AuditEntry(e.id(), e.timestamp(), e.surface(), e.client(), e.database(),
                questions ? e.question().map(RedactingAuditLog::hash) : e.question(),
                literals ? e.generatedSql().map(SqlLiterals::redact) : e.generatedSql(),
                literals ? e.finalSql().map(SqlLiterals::redact) : e.finalSql(),
                e.status(), e.errorCode(), e.reason(), e.attempts(), e.model(), e.promptTokens(), e.completionTokens(), e.generate(),
                e.validate(), e.execute(), e.rowCount(), e.truncated());
    }

    static String hash(String question) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(question.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
