package dev.nl2sql.library.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditConfigTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private AuditConfig audit(String yaml) throws IOException {
        return new ConfigFile(dir, env).loaded(yaml).audit();
    }

    private List<String> problems(String yaml) throws IOException {
        return new ConfigFile(dir, env).problems(yaml);
    }

    @Test
    void defaultsAreDurableAndKeepThirtyDays() throws IOException {
        AuditConfig audit = audit("databases: [{name: shop}]");

        assertThat(audit.fsync()).isEqualTo(AuditConfig.Fsync.ALWAYS);
        assertThat(audit.fsyncInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(audit.maxFileSize()).isEqualTo(64L * 1024 * 1024);
        assertThat(audit.retentionDays()).isEqualTo(30);
        assertThat(audit.redactLiterals()).isFalse();
        assertThat(audit.redactQuestions()).isFalse();
        assertThat(audit.postgres()).isEmpty();
    }

    @Test
    void readsEveryAuditFieldFromTheFile() throws IOException {
        env.put("AUDIT_PW", "pw-a8");
        AuditConfig audit = audit("""
                audit:
                  path: /var/log/nl2sql
                  fsync: batch
                  fsync_interval: 250ms
                  max_file_size: 16MB
                  retention_days: 7
                  redact_literals: true
                  redact_questions: yes
                  postgres: {host: audit.internal, port: 6432, database: ops, user: auditor, password_env: AUDIT_PW, table: ops.nl2sql_audit}
                """);

        assertThat(audit.path()).isEqualTo(Path.of("/var/log/nl2sql"));
        assertThat(audit.fsync()).isEqualTo(AuditConfig.Fsync.BATCH);
        assertThat(audit.fsyncInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(audit.maxFileSize()).isEqualTo(16L * 1024 * 1024);
        assertThat(audit.retentionDays()).isEqualTo(7);
        assertThat(audit.redactLiterals()).isTrue();
        assertThat(audit.redactQuestions()).isTrue();
        assertThat(audit.postgres()).hasValueSatisfying(pg -> {
            assertThat(pg.host()).isEqualTo("audit.internal");
            assertThat(pg.port()).isEqualTo(6432);
            assertThat(pg.database()).isEqualTo("ops");
            assertThat(pg.user()).isEqualTo("auditor");
            assertThat(pg.password()).map(Secret::value).contains("pw-a8");
            assertThat(pg.table()).isEqualTo("ops.nl2sql_audit");
        });
        assertThat(audit.toString()).doesNotContain("pw-a8");
    }

    @Test
    void environmentOverridesAuditFields() throws IOException {
        env.put("NL2SQL_AUDIT_FSYNC", "batch");
        env.put("NL2SQL_AUDIT_REDACT_LITERALS", "true");
        env.put("NL2SQL_AUDIT_MAX_FILE_SIZE", "1MB");
        env.put("NL2SQL_AUDIT_POSTGRES_DATABASE", "ops");

        AuditConfig audit = audit("databases: [{name: shop}]");

        assertThat(audit.fsync()).isEqualTo(AuditConfig.Fsync.BATCH);
        assertThat(audit.redactLiterals()).isTrue();
        assertThat(audit.maxFileSize()).isEqualTo(1024 * 1024);
        assertThat(audit.postgres()).map(PostgresTableConfig::database).contains("ops");
        assertThat(audit.postgres()).map(PostgresTableConfig::table).contains("nl2sql_audit");
    }

    @Test
    void badAuditValuesAreProblems() throws IOException {
        assertThat(problems("audit: {fsync: sometimes, retention_days: 0, redact_literals: maybe, postgres: {table: \"x; drop\"}}"))
                .extracting(p -> p.substring(p.indexOf(": ") + 2))
                .containsExactlyInAnyOrder(
                        "audit.fsync: must be always or batch, was 'sometimes'",
                        "audit.retention_days: must be 1-36500, was 0",
                        "audit.redact_literals: must be true or false, was 'maybe'",
                        "audit.postgres.database: is required: the database that holds the audit table",
                        "audit.postgres.table: must be a lower-case table name, optionally schema-qualified, was 'x; drop'");
    }
}
