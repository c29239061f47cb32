package dev.nl2sql.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.port.QueryExecutor;
import dev.nl2sql.port.SchemaCatalog;
import dev.nl2sql.usecase.testing.TestUseCases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every call through RunSql leaves exactly one audit entry, whatever its end. */
class AuditedCallsTest {

    private static final DatabaseName SHOP = DatabaseName.of("shop");
    private static final SchemaSnapshot SCHEMA = SchemaSnapshot.of(SHOP, List.of(Relation.of(QualifiedName.of("public", "item"),
            RelationKind.TABLE, List.of(Column.of("id", "integer")))), List.of(), Instant.EPOCH);

    private final List<AuditEntry> entries = new ArrayList<>();

    private final SchemaCatalog catalog = TestUseCases.catalogOf(SCHEMA);

    private QueryOutcome executed = QueryOutcome.succeeded("", new QueryResult(List.of(new ResultColumn("id", "int4")),
            List.of(List.of(1L), List.of(2L)), false, Duration.ofMillis(3)));

    private final QueryExecutor executor = new QueryExecutor() {
        @Override
        public QueryOutcome execute(DatabaseName database, Verdict.Accepted statement, List<Object> parameters, Limits limits) {
            return switch (executed) {
                case null -> throw new IllegalStateException("a bug in the executor");
                case QueryOutcome.Succeeded ok -> QueryOutcome.succeeded(statement.sql(), ok.result()); // runs what was validated
                case QueryOutcome.Failed failed -> failed;
            };
        }

        @Override
        public Result<Double> estimateCost(DatabaseName database, Verdict.Accepted statement, Limits limits) {
            return Result.ok(1.0);
        }
    };

    private final RunSql runSql = TestUseCases.over(catalog, executor).withAudit(entries::add)
            .withClock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).build().runSql();

    private AuditEntry onlyEntryAfter(String sql, DatabaseName database) {
        runSql.run(new QueryRequest.Sql(database, sql, Limits.AS_CONFIGURED), new Caller("mcp", Optional.of("inspector 1.0")));
        assertThat(entries).hasSize(1);
        return entries.getFirst();
    }

    @Test
    void successIsRecordedWithWhatRanAndHowMuch() {
        AuditEntry entry = onlyEntryAfter("SELECT id FROM item", SHOP);

        assertThat(entry.status()).isEqualTo("ok");
        assertThat(entry.surface()).isEqualTo("mcp");
        assertThat(entry.client()).contains("inspector 1.0");
        assertThat(entry.generatedSql()).contains("SELECT id FROM item");
        assertThat(entry.finalSql()).hasValueSatisfying(sql -> assertThat(sql).startsWith("SELECT id FROM item LIMIT"));
        assertThat(entry.rowCount()).isEqualTo(2);
        assertThat(entry.timestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void rejectionIsRecordedWithItsCode() {
        AuditEntry entry = onlyEntryAfter("DELETE FROM item", SHOP);

        assertThat(entry.status()).isEqualTo("rejected");
        assertThat(entry.errorCode()).contains(ErrorCode.SQL_REJECTED);
        assertThat(entry.finalSql()).isEmpty();
    }

    @Test
    void unknownDatabaseIsRecordedAsFailed() {
        AuditEntry entry = onlyEntryAfter("SELECT 1", DatabaseName.of("nowhere"));

        assertThat(entry.status()).isEqualTo("failed");
        assertThat(entry.errorCode()).contains(ErrorCode.DB_UNKNOWN);
    }

    @Test
    void databaseFailureIsRecorded() {
        executed = QueryOutcome.failed(new Failure.Timeout(SHOP, Duration.ofSeconds(1)));

        AuditEntry entry = onlyEntryAfter("SELECT id FROM item", SHOP);

        assertThat(entry.errorCode()).contains(ErrorCode.TIMEOUT);
    }

    @Test
    void aBugStillLeavesExactlyOneEntry() {
        executed = null;

        assertThatThrownBy(() -> runSql.run(new QueryRequest.Sql(SHOP, "SELECT id FROM item", Limits.AS_CONFIGURED), Caller.CLI))
                .isInstanceOf(IllegalStateException.class);
        assertThat(entries).singleElement().satisfies(entry -> assertThat(entry.errorCode()).contains(ErrorCode.INTERNAL));
    }
}
