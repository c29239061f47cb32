package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The assembled server over HTTP with {@code audit.fsync: always} (the default) on a disk that refuses the audit's
 * writes: today's audit file is a link to {@code /dev/full}, where the kernel fails every write with "No space left on
 * device". A call's rows never leave unrecorded; its entry is written once the disk has room, and the server goes on.
 */
class AuditDiskFullTest {

    private static final Path AUDIT = privateFolder();

    @RegisterExtension
    static final ShopOverHttp shop = new ShopOverHttp().yaml(() -> "audit: {path: " + AUDIT + "}\n");

    private static Path privateFolder() {
        try {
            Path parent = Files.createTempDirectory("audit-disk-full");
            return Files.createDirectory(parent.resolve("audit"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String SQL = "SELECT email FROM customers ORDER BY customer_id LIMIT 1";

    @Test
    void aCallWhoseEntryTheDiskRefusesIsWithheldAndTheEntryIsWrittenOnceTheDiskHasRoom() throws Exception {
        Path today = AUDIT.resolve("audit-" + LocalDate.now(ZoneOffset.UTC) + ".jsonl");
        Files.createSymbolicLink(today, Path.of("/dev/full"));
        String email = firstEmail();
        RawMcp mcp = RawMcp.on(shop.port());
        String session = mcp.initialize();

        JsonNode withheld = mcp.request(session, "tools/call", "{\"name\":\"run_sql\",\"arguments\":{\"sql\":\"" + SQL + "\"}}").path("result");

        assertThat(withheld.path("isError").asBoolean()).isTrue();
        assertThat(withheld.path("structuredContent").path("code").asText()).isEqualTo("AUDIT_UNAVAILABLE");
        assertThat(withheld.path("content").get(0).path("text").asText()).startsWith("AUDIT_UNAVAILABLE: ").contains("No space left on device")
                .doesNotContain(AUDIT.toString());
        assertThat(withheld.toString()).doesNotContain(email);

        Files.delete(today); // room again: the log's writer retries within a second
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(Files.isRegularFile(today) && Files.readString(today).contains(SQL)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Files.readAllLines(today)).singleElement().asString().contains("\"status\":\"ok\"", SQL);

        JsonNode answered = mcp.request(session, "tools/call", "{\"name\":\"run_sql\",\"arguments\":{\"sql\":\"" + SQL + "\"}}").path("result");
        assertThat(answered.path("isError").asBoolean()).isFalse();
        assertThat(answered.toString()).contains(email);
        assertThat(Files.readAllLines(today)).hasSize(2);
    }

    private static String firstEmail() throws Exception {
        try (Connection connection = shop.db().connect(); ResultSet rows = connection.createStatement().executeQuery(SQL)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }
}
