package dev.nl2sql.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.bootstrap.Application;
import dev.nl2sql.cli.Launcher;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.fixtures.PersonalData;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * logging.format: json through the real application: each line a JSON object whose MDC names the call (id, database,
 * surface, error code), and none carries the database password, the hash salt or a masked value.
 */
class JsonLogsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @Test
    void callsLogJsonLinesNamingTheCallAndNoSecret() throws Exception {
        db.execute(PersonalData.SQL);
        // trust authentication ignores a password, so any distinctive one can stand for the secret here
        String password = db.server().password().isEmpty() ? "pw-never-logged-7c1" : db.server().password();
        String salt = "salt-never-logged-4e2";
        Path config = dir.resolve("nl2sql.yaml");
        Files.writeString(config, PersonalData.configuredAsCrm(db.server().host(), db.server().port(), db.name(), db.server().user(),
                "CRM_DB_PASSWORD") + "audit: {path: " + dir.resolve("audit") + "}\nlogging: {format: json}\n");
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        QueryOutcome masked;
        QueryOutcome hidden;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Launcher.Launch.Ready ready = (Launcher.Launch.Ready) new Application(new ConfigLoader(
                    Map.of("CRM_DB_PASSWORD", password, "CRM_SALT", salt), dir, dir)).launch(Optional.of(config));
            try (AutoCloseable resources = ready.resources()) {
                DatabaseName crm = new DatabaseName("crm");
                masked = ready.useCases().runSql().run(new QueryRequest.Sql(crm, "SELECT name, email, phone, card_number FROM people "
                        + "ORDER BY id LIMIT 5", Limits.AS_CONFIGURED));
                hidden = ready.useCases().runSql().run(new QueryRequest.Sql(crm, "SELECT ssn FROM people", Limits.AS_CONFIGURED));
            }
        } finally {
            System.setErr(stderr);
            textLogsAgain();
        }

        assertThat(masked).isInstanceOf(QueryOutcome.Succeeded.class);
        assertThat(hidden).isInstanceOf(QueryOutcome.Failed.class);
        String output = captured.toString(StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : output.lines().filter(l -> !l.isBlank()).toList()) {
            lines.add(json.readTree(line)); // throws on a line that is not JSON
        }
        assertThat(lines).allSatisfy(line -> assertThat(line.has("timestamp") && line.has("level") && line.has("loggerName")).isTrue());
        List<JsonNode> calls = lines.stream().filter(line -> line.path("mdc").has("call_id")).toList();
        assertThat(calls).anySatisfy(line -> {
            assertThat(line.path("mdc").path("database").asText()).isEqualTo("crm");
            assertThat(line.path("mdc").path("surface").asText()).isEqualTo("library");
            assertThat(line.path("mdc").has("error_code")).isFalse();
        });
        assertThat(calls).anySatisfy(line -> assertThat(line.path("mdc").path("error_code").asText()).isEqualTo("SQL_INVALID")); // a hidden column does not exist for nl2sql
        assertThat(output).doesNotContain(password, salt);
        assertThat(output).doesNotContainIgnoringCase("@example.com").doesNotContain("555-01", "4111111111", "123-45-");
    }

    /** Back to StderrLogging's text lines, for the tests that run after this one in the same JVM. */
    private static void textLogsAgain() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }
}
