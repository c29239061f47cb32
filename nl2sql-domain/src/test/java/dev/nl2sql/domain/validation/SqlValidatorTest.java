package dev.nl2sql.domain.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlValidatorTest {

    private final SqlValidator validator = new SqlValidator();
    private final SchemaSnapshot chinook = DatasetSchemas.chinook();
    private final ValidationPolicy policy = ValidationPolicy.DEFAULT.withMaxRows(100);

    private Verdict check(String sql) {
        return validator.check(sql, chinook, policy);
    }

    private void assertRejected(String sql, RejectionCode code) {
        assertThat(check(sql)).isInstanceOfSatisfying(Verdict.Rejected.class,
                rejected -> assertThat(rejected.code()).as(rejected.reason()).isEqualTo(code));
    }

    private Verdict.Accepted accepted(String sql) {
        Verdict verdict = check(sql);
        assertThat(verdict).as(verdict.toString()).isInstanceOf(Verdict.Accepted.class);
        return (Verdict.Accepted) verdict;
    }

    private Verdict.Rejected rejected(String sql) {
        Verdict verdict = check(sql);
        assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
        return (Verdict.Rejected) verdict;
    }

    @Test
    void rejectsDataModifyingCte() {
        assertRejected("WITH gone AS (DELETE FROM invoice RETURNING *) SELECT * FROM gone", RejectionCode.NOT_READ_ONLY);
    }

    @Test
    void rejectsDataModifyingCteNestedInASubquery() {
        assertRejected("SELECT * FROM (WITH u AS (UPDATE track SET name = 'x' RETURNING 1) SELECT * FROM u) s", RejectionCode.NOT_READ_ONLY);
    }

    @Test
    void rejectsStatementsOtherThanQueries() {
        assertRejected("VACUUM track", RejectionCode.NOT_READ_ONLY);
    }

    @Test
    void rejectsSecondStatementAfterSemicolon() {
        assertRejected("SELECT 1; SELECT 2", RejectionCode.MULTIPLE_STATEMENTS);
    }

    /** An application that interrupts its thread is stopping its work; the statement is no less valid for it. */
    @Test
    void anInterruptedCallerGetsTheStatementsOwnVerdictAndItsInterruptBack() {
        Thread.currentThread().interrupt();
        Verdict valid = check("SELECT name FROM artist WHERE artist_id = 7");
        boolean stillInterrupted = Thread.interrupted();

        assertThat(valid).isInstanceOf(Verdict.Accepted.class);
        assertThat(stillInterrupted).isTrue();
    }

    @Test
    void acceptsTrailingSemicolonAndComments() {
        accepted("SELECT 1; -- done\n/* really */");
    }

    @Test
    void readsSemicolonInsideDollarQuoteAsText() {
        assertThat(accepted("SELECT $tag$ a; DROP TABLE album; $tag$ AS t").sql()).contains("$tag$ a; DROP TABLE album; $tag$");
    }

    @Test
    void rejectsSelectInto() {
        assertRejected("SELECT * INTO copy FROM album", RejectionCode.SELECT_INTO);
    }

    @Test
    void rejectsLockingClause() {
        assertRejected("SELECT * FROM album FOR KEY SHARE", RejectionCode.LOCKING_CLAUSE);
    }

    @Test
    void rejectsFunctionInFromClause() {
        assertRejected("SELECT * FROM pg_read_file('x')", RejectionCode.FUNCTION_DENIED);
    }

    @Test
    void rejectsDeniedFunctionInWindowOrdering() {
        assertRejected("SELECT rank() OVER (ORDER BY pg_sleep(1)) FROM album", RejectionCode.FUNCTION_DENIED);
    }

    @Test
    void rejectsDeniedFunctionWrittenQualifiedQuotedAndUpperCase() {
        assertRejected("SELECT \"pg_catalog\".\"PG_SLEEP\"(1)", RejectionCode.FUNCTION_DENIED);
    }

    @Test
    void rejectsDeniedFunctionSeparatedFromItsParenthesisByAComment() {
        assertRejected("SELECT pg_sleep/* nap */(1)", RejectionCode.FUNCTION_DENIED);
    }

    @Test
    void rejectsUnknownFunctionWithSuggestion() {
        Verdict.Rejected rejected = rejected("SELECT uper(name) FROM artist");

        assertThat(rejected.code()).isEqualTo(RejectionCode.FUNCTION_UNKNOWN);
        assertThat(rejected.suggestions()).contains("upper");
    }

    @Test
    void rejectsUnknownFunctionInDeeplyNestedSubquery() {
        assertRejected("SELECT * FROM album WHERE album_id IN (SELECT album_id FROM track WHERE track_id = (SELECT my_udf(1)))",
                RejectionCode.FUNCTION_UNKNOWN);
    }

    @Test
    void acceptsFunctionThePolicyAllows() {
        Verdict verdict = validator.check("SELECT public.shipping_days(1)", chinook, policy.withAllowedFunctions(Set.of("public.shipping_days")));

        assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void denylistWinsOverThePolicyAllowlist() {
        Verdict verdict = validator.check("SELECT pg_sleep(1)", chinook, policy.withAllowedFunctions(Set.of("pg_sleep")));

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Rejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo(RejectionCode.FUNCTION_DENIED));
    }

    @Test
    void rejectsGenerateSeriesBeyondTheSeriesCap() {
        assertRejected("SELECT count(*) FROM generate_series(1, 100000000000)", RejectionCode.RESOURCE_LIMIT);
    }

    @Test
    void rejectsValuesBuiltInMemoryBeyondTheValueCap() {
        assertRejected("SELECT array_fill(0, ARRAY[10000000])", RejectionCode.RESOURCE_LIMIT);
        assertRejected("SELECT array_fill(0, ARRAY[2000, 2000])", RejectionCode.RESOURCE_LIMIT);
        assertRejected("SELECT length(repeat('x', 2000000))", RejectionCode.RESOURCE_LIMIT);
        assertRejected("SELECT rpad('x', 5000000, 'y')", RejectionCode.RESOURCE_LIMIT);
        accepted("SELECT array_fill(0, ARRAY[3, 4]), repeat('-', 20)");
    }

    @Test
    void aDeniedFunctionIsRefusedWithItsOwnReason() {
        assertThat(check("SELECT pg_sleep(1)")).isInstanceOfSatisfying(Verdict.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo("function pg_sleep is never allowed: it makes the session wait"));
        assertThat(check("SELECT * FROM pg_ls_dir('.')")).isInstanceOfSatisfying(Verdict.Rejected.class,
                rejected -> assertThat(rejected.reason()).endsWith("it lists files on the database server"));
    }

    @Test
    void randomUuidsNeitherWriteNorWaitAndAreAllowed() {
        accepted("SELECT gen_random_uuid() AS id");
    }

    @Test
    void addsLimitWhenAbsent() {
        Verdict.Accepted accepted = accepted("SELECT name FROM artist");

        assertThat(accepted.sql()).isEqualTo("SELECT name FROM artist LIMIT 100");
        assertThat(accepted.limitApplied()).isTrue();
    }

    @Test
    void clampsLimitAboveCap() {
        assertThat(accepted("SELECT name FROM artist LIMIT 5000 OFFSET 10").sql()).contains("LIMIT 100").doesNotContain("5000");
    }

    @Test
    void keepsLimitWithinCap() {
        Verdict.Accepted accepted = accepted("SELECT name FROM artist LIMIT 7");

        assertThat(accepted.sql()).isEqualTo("SELECT name FROM artist LIMIT 7");
        assertThat(accepted.limitApplied()).isFalse();
    }

    @Test
    void treatsLimitAllAsAbsent() {
        assertThat(accepted("SELECT name FROM artist LIMIT ALL").sql()).isEqualTo("SELECT name FROM artist LIMIT 100");
    }

    @Test
    void clampsFetchFirstAboveCap() {
        assertThat(accepted("SELECT name FROM artist FETCH FIRST 500 ROWS ONLY").sql()).contains("FETCH FIRST 100 ROWS ONLY");
    }

    @Test
    void limitsSetOperationAsAWholeOnce() {
        String sql = accepted("SELECT name FROM artist UNION SELECT name FROM genre LIMIT 5000").sql();

        assertThat(sql).endsWith("LIMIT 100").containsOnlyOnce("LIMIT");
    }

    @Test
    void addsNoLimitToExplain() {
        Verdict.Accepted accepted = accepted("EXPLAIN (COSTS OFF, FORMAT JSON) SELECT name FROM artist");

        assertThat(accepted.sql()).isEqualTo("EXPLAIN (COSTS OFF, FORMAT JSON) SELECT name FROM artist");
        assertThat(accepted.limitApplied()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"EXPLAIN ANALYZE SELECT 1", "EXPLAIN VERBOSE ANALYSE SELECT 1", "EXPLAIN (ANALYZE) SELECT 1",
        "EXPLAIN (ANALYZE true) SELECT 1", "EXPLAIN (analyse) SELECT 1", "EXPLAIN (COSTS OFF, ANALYZE false) SELECT 1"})
    void rejectsExplainAnalyzeInEverySpelling(String sql) {
        assertRejected(sql, RejectionCode.EXPLAIN_ANALYZE);
    }

    @Test
    void validatesTheQueryInsideExplain() {
        assertRejected("EXPLAIN (VERBOSE) SELECT nope FROM album", RejectionCode.UNKNOWN_COLUMN);
    }

    @Test
    void suggestsCloseColumnName() {
        Verdict.Rejected rejected = rejected("SELECT titel FROM album");

        assertThat(rejected.code()).isEqualTo(RejectionCode.UNKNOWN_COLUMN);
        assertThat(rejected.suggestions()).containsExactly("title");
    }

    @Test
    void suggestsCloseTableName() {
        Verdict.Rejected rejected = rejected("SELECT * FROM albums");

        assertThat(rejected.code()).isEqualTo(RejectionCode.UNKNOWN_TABLE);
        assertThat(rejected.suggestions()).contains("album");
    }

    @Test
    void rejectsColumnTheSubqueryDoesNotOutput() {
        assertRejected("SELECT x.title FROM (SELECT album_id FROM album) x", RejectionCode.UNKNOWN_COLUMN);
    }

    @Test
    void resolvesOuterColumnsInCorrelatedSubquery() {
        accepted("SELECT a.title FROM album a WHERE EXISTS (SELECT 1 FROM track t WHERE t.album_id = a.album_id)");
    }

    @Test
    void resolvesCteColumnList() {
        accepted("WITH x(n) AS (SELECT album_id FROM album) SELECT n FROM x");
    }

    @Test
    void acceptsOrderByOutputAlias() {
        accepted("SELECT title AS t FROM album ORDER BY t");
    }

    @Test
    void rejectsSecretCatalog() {
        assertRejected("SELECT * FROM pg_catalog.pg_authid", RejectionCode.SECRET_CATALOG);
    }

    @Test
    void rejectsSystemCatalogsAltogether() {
        assertRejected("SELECT relname FROM pg_catalog.pg_class", RejectionCode.UNKNOWN_TABLE);
    }

    @Test
    void rejectsUnicodeEscapedIdentifier() {
        assertRejected("SELECT U&\"pg\\005fsleep\"(1)", RejectionCode.UNSUPPORTED_SYNTAX);
    }

    @Test
    void rejectsBackslashBeforeQuoteInPlainString() {
        assertRejected("SELECT '\\', pg_backend_pid() --'", RejectionCode.UNSUPPORTED_SYNTAX);
    }

    @Test
    void keepsEscapeStringsVerbatim() {
        assertThat(accepted("SELECT E'It\\'s; TRUNCATE' AS s").sql()).isEqualTo("SELECT E'It\\'s; TRUNCATE' AS s LIMIT 100");
    }

    @Test
    void dropsNotMaterializedHint() {
        assertThat(accepted("WITH t AS NOT MATERIALIZED (SELECT 1 AS one) SELECT one FROM t").sql()).doesNotContain("MATERIALIZED");
    }

    @Test
    void reportsTablesRead() {
        assertThat(accepted("SELECT * FROM album JOIN artist USING (artist_id)").tables()).containsExactly("public.album", "public.artist");
    }

    @Test
    void rejectsInputOverLengthLimit() {
        Verdict verdict = validator.check("SELECT 1" + " ".repeat(200), chinook, policy.withMaxInputLength(100));

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Rejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo(RejectionCode.PARSE_ERROR));
    }

    @Test
    void rejectsDeepNesting() {
        assertRejected("SELECT " + "(".repeat(300) + "1" + ")".repeat(300), RejectionCode.PARSE_ERROR);
    }

    @Test
    void rejectsEmptyText() {
        assertRejected(" ; -- nothing", RejectionCode.PARSE_ERROR);
    }

    @Test
    void rejectsMissingTextWithoutThrowing() {
        assertRejected(null, RejectionCode.PARSE_ERROR);
    }
}
