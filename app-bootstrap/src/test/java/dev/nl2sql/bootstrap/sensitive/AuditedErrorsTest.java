package dev.nl2sql.bootstrap.sensitive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.fixtures.SensitiveCustomers;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.Nl2Sql;
import dev.nl2sql.library.config.Nl2SqlConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log keeps no value compared with a masked column (a literal compared with it is its value), through the
 * library against PostgreSQL, under {@link LeakFuzzTest#POLICY}: not in the SQL, and not in the error beside it either,
 * which quotes the literal PostgreSQL could not read or the argument a template could not bind.
 */
class AuditedErrorsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path audit;

    @BeforeAll
    static void load() throws Exception {
        db.execute(SensitiveCustomers.SQL);
    }

    Nl2Sql nl2sql() {
        return Nl2Sql.builder().config(Nl2SqlConfig.of(List.of(LeakFuzzTest.vault(db)), audit))
                .templatesFromClasspath("sensitive/masked-templates.yaml").build();
    }

    @Test
    void theErrorOfAStatementNamingAMaskedColumnIsAuditedWithoutTheLiteralItQuotes() throws Exception {
        try (Nl2Sql nl2sql = nl2sql()) {
            QueryOutcome outcome = nl2sql.run("vault", "SELECT id FROM customers WHERE balance = '4242424203 EUR'");
            assertThat(outcome).as("PostgreSQL cannot read the literal as a number").isInstanceOf(QueryOutcome.Failed.class);
        }

        JsonNode entry = auditLines().getLast();
        assertThat(entry.path("final_sql").asText()).isEqualTo("SELECT id FROM customers WHERE balance = ? LIMIT ?");
        assertThat(entry.path("reason").asText()).startsWith("invalid input syntax for type numeric").doesNotContain("4242424203", "EUR");
    }

    @Test
    void theArgumentATemplateOnAMaskedColumnCouldNotBindIsNotAudited() throws Exception {
        try (Nl2Sql nl2sql = nl2sql()) {
            QueryOutcome outcome = nl2sql.useCases().runTemplate().run("by_balance", Map.of("amount", "4242424203 EUR"), Limits.AS_CONFIGURED);
            assertThat(outcome).as("not a decimal").isInstanceOf(QueryOutcome.Failed.class);
        }

        assertThat(auditLines().getLast().path("reason").asText()).startsWith("template by_balance: amount must be")
                .doesNotContain("4242424203", "EUR");
    }

    private List<JsonNode> auditLines() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(audit)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    lines.add(json.readTree(line));
                }
            }
        }
        return lines;
    }
}
