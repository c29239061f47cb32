package dev.nl2sql.usecase;

import static dev.nl2sql.usecase.ScriptedModel.sql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.Answer;
import dev.nl2sql.domain.generation.Generation;

import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.ResponseMode;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.schema.SchemaText;
import dev.nl2sql.domain.template.QueryTemplate;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.port.AuditLog;
import dev.nl2sql.port.QueryExecutor;
import dev.nl2sql.port.SchemaCatalog;
import dev.nl2sql.usecase.testing.TestUseCases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An answer whose audit entry the log could not keep as it promises ({@code audit.fsync: always} on a full disk) is
 * withheld with {@code AUDIT_UNAVAILABLE}, on every verb that answers with data: nothing leaves unrecorded. The entry is
 * still handed over once, and a call that failed anyway keeps its own failure.
 */
class WithheldAnswersTest {

    private static final DatabaseName SHOP = DatabaseName.of("shop");
    private static final SchemaSnapshot SCHEMA = SchemaSnapshot.of(SHOP, List.of(Relation.of(QualifiedName.of("public", "item"),
            RelationKind.TABLE, List.of(Column.of("id", "integer")))), List.of(), Instant.EPOCH);
    private static final QueryResult ROWS = new QueryResult(List.of(new ResultColumn("id", "int4")), List.of(List.of(41L), List.of(42L)),
            false, Duration.ofMillis(1));
    private static final Failure.AuditUnavailable FULL = new Failure.AuditUnavailable("writing failed: No space left on device");

    private final List<AuditEntry> handed = new ArrayList<>();

    /** A log on a full disk: it takes every entry and says it could not keep it. */
    private final AuditLog fullDisk = new AuditLog() {
        @Override
        public void record(AuditEntry entry) {
            keep(entry);
        }

        @Override
        public Optional<Failure.AuditUnavailable> keep(AuditEntry entry) {
            handed.add(entry);
            return Optional.of(FULL);
        }
    };

    private final SchemaCatalog catalog = TestUseCases.catalogOf(SCHEMA);

    private final QueryExecutor executor = new QueryExecutor() {
        @Override
        public QueryOutcome execute(DatabaseName database, Verdict.Accepted statement, List<Object> parameters, Limits limits) {
            return QueryOutcome.succeeded(statement.sql(), ROWS);
        }

        @Override
        public Result<Double> estimateCost(DatabaseName database, Verdict.Accepted statement, Limits limits) {
            return Result.ok(1.0);
        }
    };

    private final ScriptedModel model = new ScriptedModel();

    private final UseCases useCases = TestUseCases.over(catalog, executor).withAudit(fullDisk).withModel(model)
            .withSchemaContext((question, schema) -> SchemaText.ddl(schema.relations(), schema))
            .withTemplates(List.of(new QueryTemplate("items", "Every item", SHOP, "SELECT id FROM item", List.of(), List.of("items"))))
            .build();

    @Test
    void runSqlsRowsAreWithheldAndItsEntryIsStillHandedOver() {
        QueryOutcome outcome = useCases.runSql().run(new QueryRequest.Sql(SHOP, "SELECT id FROM item", Limits.AS_CONFIGURED), Caller.CLI);

        assertThat(outcome).isEqualTo(QueryOutcome.failed(FULL));
        assertThat(handed).singleElement().satisfies(entry -> {
            assertThat(entry.status()).isEqualTo("ok"); // the statement did run: the record says so
            assertThat(entry.rowCount()).isEqualTo(2);
        });
    }

    @Test
    void aTemplatesRowsAreWithheld() {
        QueryOutcome outcome = useCases.runTemplate().run("items", Map.of(), Limits.AS_CONFIGURED, Caller.CLI);

        assertThat(outcome).isEqualTo(QueryOutcome.failed(FULL));
        assertThat(handed).hasSize(1);
    }

    @Test
    void aQuestionsSqlAndRowsAreWithheldAndHowFarItGotStays() {
        model.replies(sql("SELECT id FROM item"));

        Answer answer = useCases.generateSql().answer(new QueryRequest.Question(SHOP, "which items?", ResponseMode.BOTH, Limits.AS_CONFIGURED),
                Optional.empty(), Caller.CLI);

        assertThat(answer.rows()).isEmpty();
        assertThat(answer.generation()).isInstanceOfSatisfying(Generation.Refused.class, refused -> {
            assertThat(refused.failure()).isEqualTo(FULL);
            assertThat(refused.attempts()).isEqualTo(1);
            assertThat(refused.generator()).isEqualTo("scripted");
        });
        assertThat(handed).singleElement().satisfies(entry -> assertThat(entry.finalSql())
                .hasValueSatisfying(sql -> assertThat(sql).startsWith("SELECT id FROM item")));
    }

    @Test
    void aQuestionAskedForItsSqlOnlyIsWithheldToo() {
        model.replies(sql("SELECT id FROM item"));

        Answer answer = useCases.generateSql().answer(new QueryRequest.Question(SHOP, "which items?", ResponseMode.SQL, Limits.AS_CONFIGURED),
                Optional.empty(), Caller.CLI);

        assertThat(answer.generation()).isInstanceOfSatisfying(Generation.Refused.class,
                refused -> assertThat(refused.failure().code()).isEqualTo(ErrorCode.AUDIT_UNAVAILABLE));
    }

    @Test
    void aCallThatFailedAnywayKeepsItsOwnFailure() {
        QueryOutcome outcome = useCases.runSql().run(new QueryRequest.Sql(SHOP, "DELETE FROM item", Limits.AS_CONFIGURED), Caller.CLI);

        assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failed.class,
                failed -> assertThat(failed.failure().code()).isEqualTo(ErrorCode.SQL_REJECTED));
        assertThat(handed).hasSize(1);
    }
}
