package dev.nl2sql.library.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * One audit entry as one line of JSON, and back. Keys are snake_case, durations are milliseconds with microsecond
 * decimals, absent values are left out, and {@code ts} comes first in a fixed-width form so that a reader can compare
 * timestamps as text before parsing a line.
 */
final class AuditJson {

    /** The version of the line format; a reader skips lines of a version it does not know. */
    static final int VERSION = 1;

    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** The length of a formatted timestamp, {@code 2026-11-25T10:00:00.000000Z}. */
    static final int TIMESTAMP_WIDTH = 27;

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AuditJson() {}

    /** {@return {@code entry} as one line, ending in a newline} */
    static byte[] line(AuditEntry entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("ts", TIMESTAMP.format(entry.timestamp()));
            json.writeNumberField("v", VERSION);
            json.writeStringField("id", entry.id());
            json.writeStringField("surface", entry.surface());
            optional(json, "client", entry.client());
            json.writeStringField("database", entry.database());
            json.writeStringField("status", entry.status());
            optional(json, "error_code", entry.errorCode().map(ErrorCode::code));
            optional(json, "reason", entry.reason());
            optional(json, "question", entry.question());
            optional(json, "generated_sql", entry.generatedSql());
            optional(json, "final_sql", entry.finalSql());
            json.writeNumberField("attempts", entry.attempts());
            optional(json, "model", entry.model());
            json.writeNumberField("prompt_tokens", entry.promptTokens());
            json.writeNumberField("completion_tokens", entry.completionTokens());
            json.writeNumberField("generate_ms", millis(entry.generate()));
            json.writeNumberField("validate_ms", millis(entry.validate()));
            json.writeNumberField("execute_ms", millis(entry.execute()));
            json.writeNumberField("rows", entry.rowCount());
            json.writeBooleanField("truncated", entry.truncated());
            optional(json, "degraded", entry.degraded());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("an audit entry could not be written as JSON", e);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    /** {@return the entry on {@code line}, or empty if the line is torn, malformed or of an unknown version} */
    static Optional<AuditEntry> entry(byte[] buffer, int offset, int length) {
        try {
            JsonNode node = MAPPER.readTree(buffer, offset, length);
            if (node == null || node.path("v").asInt() != VERSION) {
                return Optional.empty();
            }
            return Optional.of(new AuditEntry(
                    node.get("id").asText(),
                    Instant.parse(node.get("ts").asText()),
                    node.get("surface").asText(),
                    text(node, "client"),
                    node.get("database").asText(),
                    text(node, "question"),
                    text(node, "generated_sql"),
                    text(node, "final_sql"),
                    node.get("status").asText(),
                    text(node, "error_code").flatMap(AuditJson::errorCode),
                    text(node, "reason"),
                    node.path("attempts").asInt(),
                    text(node, "model"),
                    node.path("prompt_tokens").asLong(),
                    node.path("completion_tokens").asLong(),
                    duration(node, "generate_ms"),
                    duration(node, "validate_ms"),
                    duration(node, "execute_ms"),
                    node.path("rows").asLong(),
                    node.path("truncated").asBoolean(),
                    text(node, "degraded")));
        } catch (IOException | RuntimeException torn) {
            return Optional.empty();
        }
    }

    private static Optional<ErrorCode> errorCode(String code) {
        try {
            return Optional.of(ErrorCode.valueOf(code));
        } catch (IllegalArgumentException newerThanThisReader) {
            return Optional.empty();
        }
    }

    private static void optional(JsonGenerator json, String field, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            json.writeStringField(field, value.get());
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static double millis(Duration duration) {
        return Math.round(duration.toNanos() / 1_000.0) / 1_000.0;
    }

    private static Duration duration(JsonNode node, String field) {
        return Duration.ofNanos(Math.round(node.path(field).asDouble() * 1_000_000));
    }
}
