package dev.nl2sql.postgres;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.audit.HistoryPage;
import dev.nl2sql.domain.audit.HistoryQuery;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.port.AuditHistory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history read back from the audit table {@link PostgresAuditLog} writes, so that every replica that shares the
 * table shows the same history. Newest first, by (timestamp, id); a cursor is the last entry's pair. Entries reach the
 * table a moment after the call (the log writes in the background), and those a replica spilled while the database
 * was down appear once it replays them. While the table cannot be read, this replica's own files answer instead.
 */
final class PostgresAuditHistory implements AuditHistory {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresAuditHistory.class);
    private static final Pattern CURSOR = Pattern.compile("pg:(\\d+):(\\d+):([0-9a-f-]{36})");

    private final PostgresAuditLog.Settings settings;
    private final AuditHistory fallback;

    /** @param fallback what answers while the table cannot be read: the local files */
    public PostgresAuditHistory(PostgresAuditLog.Settings settings, AuditHistory fallback) {
        this.settings = requireNonNull(settings, "settings");
        this.fallback = requireNonNull(fallback, "fallback");
    }

    @Override
    public HistoryPage read(HistoryQuery query) {
        StringBuilder sql = new StringBuilder("SELECT id, timestamp, surface, client, database, question, generated_sql, final_sql, status, "
                + "error_code, reason, attempts, model, prompt_tokens, completion_tokens, generate_ms, validate_ms, execute_ms, row_count, "
                // through to_jsonb: a table an earlier nl2sql made has no degraded column until its sink adds it
                + "truncated, to_jsonb(audit) ->> 'degraded' AS degraded FROM ").append(settings.table()).append(" AS audit WHERE true");
        List<Object> values = new ArrayList<>();
        query.database().ifPresent(database -> add(sql, values, " AND database = ?", database));
        query.status().ifPresent(status -> add(sql, values, " AND status = ?", status));
        query.since().ifPresent(since -> add(sql, values, " AND timestamp >= ?", Timestamp.from(since)));
        query.until().ifPresent(until -> add(sql, values, " AND timestamp < ?", Timestamp.from(until)));
        query.text().ifPresent(text -> {
            sql.append(" AND (strpos(lower(question), lower(?)) > 0 OR strpos(lower(generated_sql), lower(?)) > 0 "
                    + "OR strpos(lower(final_sql), lower(?)) > 0)");
            values.addAll(List.of(text, text, text));
        });
        query.cursor().map(CURSOR::matcher).filter(Matcher::matches).ifPresent(cursor -> {
            sql.append(" AND (timestamp, id) < (?, ?)");
            values.add(Timestamp.from(Instant.ofEpochSecond(Long.parseLong(cursor.group(1)), Long.parseLong(cursor.group(2)))));
            values.add(UUID.fromString(cursor.group(3)));
        });
        sql.append(" ORDER BY timestamp DESC, id DESC LIMIT ?");
        values.add(query.limit() + 1);
        try (Connection c = connect(); PreparedStatement statement = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(entry(rows));
                }
            }
            if (entries.size() <= query.limit()) {
                return new HistoryPage(entries, Optional.empty());
            }
            List<AuditEntry> page = entries.subList(0, query.limit());
            AuditEntry last = page.getLast();
            return new HistoryPage(page, Optional.of("pg:" + last.timestamp().getEpochSecond() + ":" + last.timestamp().getNano() + ":"
                    + last.id()));
        } catch (SQLException e) {
            LOG.warn("audit history: table {} unreadable, answering from this instance's files: {}", settings.table(), e.getMessage());
            return fallback.read(query);
        }
    }

    private static void add(StringBuilder sql, List<Object> values, String condition, Object value) {
        sql.append(condition);
        values.add(value);
    }

    private static AuditEntry entry(ResultSet rows) throws SQLException {
        Optional<ErrorCode> code;
        try {
            code = Optional.ofNullable(rows.getString("error_code")).map(ErrorCode::valueOf);
        } catch (IllegalArgumentException newer) {
            code = Optional.empty(); // written by a newer nl2sql
        }
        return new AuditEntry(rows.getObject("id", UUID.class).toString(), rows.getTimestamp("timestamp").toInstant(),
                rows.getString("surface"), Optional.ofNullable(rows.getString("client")), rows.getString("database"),
                Optional.ofNullable(rows.getString("question")), Optional.ofNullable(rows.getString("generated_sql")),
                Optional.ofNullable(rows.getString("final_sql")), rows.getString("status"), code,
                Optional.ofNullable(rows.getString("reason")), rows.getInt("attempts"), Optional.ofNullable(rows.getString("model")),
                rows.getLong("prompt_tokens"), rows.getLong("completion_tokens"), Duration.ofMillis(rows.getLong("generate_ms")),
                Duration.ofMillis(rows.getLong("validate_ms")), Duration.ofMillis(rows.getLong("execute_ms")), rows.getLong("row_count"),
                rows.getBoolean("truncated"), Optional.ofNullable(rows.getString("degraded")));
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        settings.password().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "30");
        properties.setProperty("ApplicationName", "nl2sql-history");
        Connection c = DriverManager.getConnection("jdbc:postgresql://" + settings.host() + ":" + settings.port() + "/" + settings.database(),
                properties);
        c.setReadOnly(true);
        return c;
    }
}
