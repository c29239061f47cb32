package dev.nl2sql.library.audit;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.domain.validation.SqlLiterals;
import dev.nl2sql.port.AuditLog;
import dev.nl2sql.port.SensitivePolicies;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Takes values out of entries before another audit log keeps them: the literals in the SQL become {@code ?}, and the
 * question becomes {@code sha256:} and its hash, so equal questions can still be counted but not read. Whatever the
 * settings, the literals of a statement that may name a masked column are always redacted: compared with the column,
 * a literal is its value.
 */
public final class RedactingAuditLog implements AuditLog {

    private final AuditLog next;
    private final boolean literals;
    private final boolean questions;
    private final SensitivePolicies sensitive;

    public RedactingAuditLog(AuditLog next, boolean literals, boolean questions) {
        this(next, literals, questions, SensitivePolicies.NONE);
    }

    private RedactingAuditLog(AuditLog next, boolean literals, boolean questions, SensitivePolicies sensitive) {
        this.next = requireNonNull(next, "next");
        this.literals = literals;
        this.questions = questions;
        this.sensitive = requireNonNull(sensitive, "sensitive");
    }

    /**
     * {@return {@code next} behind a log that redacts the literals of statements naming a masked column of their
     * database} The policies are asked per entry: a policy that follows views masks view columns it learns of later.
     */
    public static AuditLog aroundMaskedColumns(AuditLog next, SensitivePolicies policies) {
        return new RedactingAuditLog(next, false, false, policies);
    }

    /** {@return {@code next} itself when nothing is to be redacted} */
    public static AuditLog around(AuditLog next, boolean literals, boolean questions) {
        return literals || questions ? new RedactingAuditLog(next, literals, questions) : next;
    }

    @Override
    public void record(AuditEntry entry) {
        next.record(redact(entry));
    }

    @Override
    public Optional<Failure.AuditUnavailable> keep(AuditEntry entry) {
        return next.keep(redact(entry));
    }

    AuditEntry redact(AuditEntry e) {
        SensitiveData policy = DatabaseName.isValid(e.database()) ? sensitive.of(DatabaseName.of(e.database())) : SensitiveData.NONE;
        boolean literalsHere = literals || e.generatedSql().filter(policy::mayNameMaskedColumn).isPresent()
                || e.finalSql().filter(policy::mayNameMaskedColumn).isPresent();
        return new AuditEntry(e.id(), e.timestamp(), e.surface(), e.client(), e.database(),
                questions ? e.question().map(RedactingAuditLog::hash) : e.question(),
                literalsHere ? e.generatedSql().map(SqlLiterals::redact) : e.generatedSql(),
                literalsHere ? e.finalSql().map(SqlLiterals::redact) : e.finalSql(),
                e.status(), e.errorCode(), literalsHere ? e.reason().map(reason -> withoutLiterals(reason, e)) : e.reason(), e.attempts(), e.model(), e.promptTokens(), e.completionTokens(), e.generate(),
                e.validate(), e.execute(), e.rowCount(), e.truncated(), e.degraded());
    }

    /** The error's words that only a literal of the statement wrote: a database error quotes the value it failed to read. */
    private static String withoutLiterals(String reason, AuditEntry e) {
        String shown = reason;
        for (String sql : List.of(e.generatedSql().orElse(""), e.finalSql().orElse(""))) {
            shown = SqlLiterals.withheld(shown, sql);
        }
        return shown;
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
