package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.linking.ColumnRef;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.domain.sensitive.SensitiveData.MaskedColumn;
import dev.nl2sql.domain.sensitive.SensitiveData.Mode;
import dev.nl2sql.domain.validation.SqlValidator;
import dev.nl2sql.domain.validation.ValidationPolicy;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.fixtures.PersonalData;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.usecase.DatabasePolicy;
import dev.nl2sql.usecase.RunSql;
import dev.nl2sql.usecase.SensitiveSchemaCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sensitive data policy over a table of personal data, end to end against PostgreSQL: every attempt of the leak
 * corpus ({@code sensitive/leaks.jsonl}) is refused with its code, or runs and returns only masked values and no hidden
 * column, or fails in PostgreSQL with an error whose values are withheld ({@code scrubbed}).
 */
class SensitiveDataLeakTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final DatabaseName CRM = DatabaseName.of("crm");

    static final SensitiveData POLICY = new SensitiveData(List.of("hr.*"), List.of("*.ssn", "people.salary"),
            List.of(new MaskedColumn("*.email", Mode.MASK), new MaskedColumn("people.phone", Mode.MASK),
                    new MaskedColumn("people.card_number", Mode.HASH)),
            Optional.of("test-salt"));

    private static QueryStack stack;
    private static DatabaseConnections connections;
    private static SensitiveSchemaCatalog catalog;
    private static RunSql runSql;

    record Attempt(String id, String sql, String expect) {
        @Override
        public String toString() {
            return id;
        }
    }

    @BeforeAll
    static void wire() throws Exception {
        db.execute(PersonalData.SQL);
        stack = QueryStack.over(Map.of(CRM, db), Map.of(CRM, new DatabasePolicy(Limits.DEFAULT, Set.of(), POLICY)));
        connections = stack.connections;
        catalog = stack.catalog;
        runSql = stack.runSql;
    }

    @AfterAll
    static void close() {
        stack.close();
    }

    static Stream<Attempt> attempts() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Attempt> attempts = new ArrayList<>();
        try (InputStream in = SensitiveDataLeakTest.class.getResourceAsStream("/sensitive/leaks.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    JsonNode node = json.readTree(line);
                    attempts.add(new Attempt(node.get("id").asText(), node.get("sql").asText(), node.get("expect").asText()));
                }
            }
        }
        return attempts.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attempts")
    void leakAttemptIsRefusedOrMasked(Attempt attempt) {
        SchemaSnapshot schema = catalog.snapshot(CRM).orElseThrow();
        Verdict verdict = new SqlValidator().check(attempt.sql(), schema, ValidationPolicy.DEFAULT.withSensitive(POLICY));
        QueryOutcome outcome = runSql.run(new QueryRequest.Sql(CRM, attempt.sql(), Limits.AS_CONFIGURED));
        System.err.println("leak corpus " + attempt.id() + ": " + (verdict instanceof Verdict.Rejected r ? "refused " + r.code() : "masked"));
        if (attempt.expect().equals("scrubbed")) {
            assertThat(verdict).as(verdict.toString()).isInstanceOf(Verdict.Accepted.class);
            assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failed.class, failed -> {
                assertThat(failed.failure().code()).isEqualTo(ErrorCode.DB_ERROR);
                assertThat(failed.failure().message()).contains("SQLSTATE 22");
                assertThat(PersonalData.LEAK_MARKERS).noneMatch(failed.failure().message().toLowerCase(Locale.ROOT)::contains);
            });
        } else if (attempt.expect().equals("masked")) {
            assertThat(verdict).as(verdict.toString()).isInstanceOf(Verdict.Accepted.class);
            assertThat(outcome).isInstanceOf(QueryOutcome.Succeeded.class);
            QueryResult result = ((QueryOutcome.Succeeded) outcome).result();
            assertThat(result.rowCount()).isPositive();
            String serialized = (result.columns() + " " + result.rows()).toLowerCase(Locale.ROOT);
            assertThat(PersonalData.LEAK_MARKERS).noneMatch(serialized::contains);
        } else {
            assertThat(verdict).isInstanceOfSatisfying(Verdict.Rejected.class, rejected -> {
                if (!attempt.expect().equals("refused")) {
                    assertThat(rejected.code().name()).as(rejected.reason()).isEqualTo(attempt.expect());
                }
            });
            assertThat(outcome).isInstanceOf(QueryOutcome.Failed.class);
        }
    }

    @Test
    void starDropsHiddenColumnsAndMasksOrHashes() {
        QueryResult result = ((QueryOutcome.Succeeded) runSql.run(
                new QueryRequest.Sql(CRM, "SELECT * FROM people ORDER BY id LIMIT 2", Limits.AS_CONFIGURED))).result();

        assertThat(result.columns()).extracting(c -> c.name()).containsExactly("id", "name", "email", "phone", "card_number");
        assertThat(result.rows().getFirst()).startsWith(1L, "person 1", "***", "***");
        Object hashed = result.rows().getFirst().get(4);
        assertThat(hashed).isEqualTo(POLICY.mask("4111111111000001", Mode.HASH)).isNotEqualTo(result.rows().get(1).get(4));
    }

    @Test
    void hiddenNamesAreAbsentFromTheSchemaEveryoneReads() {
        SchemaSnapshot schema = catalog.snapshot(CRM).orElseThrow();

        assertThat(schema.relations()).extracting(r -> r.name().toString()).containsExactly("public.people");
        assertThat(schema.relations().getFirst().columns()).extracting(c -> c.name())
                .containsExactly("id", "name", "email", "phone", "card_number");
    }

    @Test
    void valueSamplingForLinkingSkipsMaskedAndHiddenColumns() {
        Map<ColumnRef, List<String>> values = new PostgresColumnValues(connections, Duration.ofSeconds(5), Duration.ofSeconds(20),
                catalog).sampleValues(CRM).orElseThrow();

        assertThat(values.keySet()).extracting(ColumnRef::column).doesNotContain("email", "phone", "card_number", "ssn", "salary");
        assertThat(values.toString().toLowerCase(Locale.ROOT)).doesNotContain("@example.com", "555-01", "123-45-");
    }
}
