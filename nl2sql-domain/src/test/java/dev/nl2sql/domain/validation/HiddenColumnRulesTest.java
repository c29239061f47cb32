package dev.nl2sql.domain.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.EnumType;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.domain.sensitive.SensitiveData.MaskedColumn;
import dev.nl2sql.domain.sensitive.SensitiveData.Mode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hidden column has no name the validator could be tricked with, but it still has a position: people's full column
 * list is (id, name, email, ssn, tier), with ssn hidden and email masked.
 */
class HiddenColumnRulesTest {

    static final SensitiveData POLICY = new SensitiveData(List.of(), List.of("people.ssn"), List.of(new MaskedColumn("*.email", Mode.MASK)),
            Optional.empty());

    static final SchemaSnapshot SCHEMA = POLICY.view(SchemaSnapshot.of(DatabaseName.of("crm"), List.of(
            Relation.of(QualifiedName.of("public", "people"), RelationKind.TABLE, List.of(Column.of("id", "integer"),
                    Column.of("name", "text"), Column.of("email", "text"), Column.of("ssn", "text"), Column.of("tier", "level"))),
            Relation.of(QualifiedName.of("public", "orders"), RelationKind.TABLE, List.of(Column.of("id", "integer"), Column.of("note", "text")))),
            List.of(new EnumType(QualifiedName.of("public", "level"), List.of("gold", "silver"))), Instant.EPOCH));

    static Verdict check(String sql) {
        return new SqlValidator().check(sql, SCHEMA, ValidationPolicy.DEFAULT.withSensitive(POLICY));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            SELECT x.d FROM people AS x(a, b, c, d)                                        | HIDDEN_COLUMN
            SELECT max(x.d) FROM (SELECT * FROM people) x(a, b, c, d)                      | HIDDEN_COLUMN
            WITH t(a, b, c, d) AS (SELECT * FROM people) SELECT count(*) FROM t WHERE t.d = 'x' | HIDDEN_COLUMN
            SELECT * FROM people AS x(a, b, c, d) JOIN orders USING (d)                    | HIDDEN_COLUMN
            SELECT * FROM people ORDER BY 4                                                | HIDDEN_COLUMN
            SELECT * FROM people GROUP BY 1, 2, 3, 4, 5                                    | HIDDEN_COLUMN
            SELECT DISTINCT * FROM people                                                  | HIDDEN_COLUMN
            SELECT count(*) FROM orders WHERE (1, 'a', 'b', 'c', 'gold') IN (SELECT * FROM people) | HIDDEN_COLUMN
            SELECT * FROM people NATURAL JOIN orders                                       | HIDDEN_COLUMN
            SELECT * FROM json_populate_record(null::people, '{}')                         | HIDDEN_COLUMN
            SELECT 'people'::regclass                                                      | HIDDEN_COLUMN
            SELECT '{}'::public.people[]                                                   | HIDDEN_COLUMN
            SELECT upper(x.c) FROM people AS x(a, b, c)                                    | MASKED_COLUMN
            SELECT ssn FROM people                                                         | UNKNOWN_COLUMN
            SELECT people '(1)'                                                            | UNSUPPORTED_SYNTAX
            """)
    void reachingAHiddenColumnWithoutItsNameIsRefused(String sql, RejectionCode code) {
        assertThat(check(sql)).isInstanceOfSatisfying(Verdict.Rejected.class, r -> assertThat(r.code()).as(r.reason()).isEqualTo(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT x.b, x.e FROM people AS x(a, b, c, d, e)",
        "SELECT x.c FROM (SELECT * FROM people) x(a, b, c)",
        "SELECT * FROM people ORDER BY 2",
        "SELECT * FROM people",
        "SELECT count(*) FROM orders o WHERE EXISTS (SELECT * FROM people p WHERE p.id = o.id)",
        "SELECT id FROM people WHERE tier = 'gold'::level AND id::text = '1' AND name::varchar(10) <> ''",
        "SELECT count(*) FROM people GROUP BY 1 = 1"})
    void visibleColumnsStayUsableByPositionAndCastsToBuiltInTypesAndEnumsStayAllowed(String sql) {
        assertThat(check(sql)).isInstanceOf(Verdict.Accepted.class);
    }

    /** A structured plan is not read for what a view or an index puts into it, so only the text format may be asked for. */
    @ParameterizedTest
    @ValueSource(strings = {"EXPLAIN (FORMAT JSON) SELECT id FROM orders", "EXPLAIN (COSTS OFF, FORMAT XML) SELECT id FROM orders",
        "EXPLAIN (FORMAT YAML) SELECT id FROM orders"})
    void aPlanInAStructuredFormatIsRefusedUnderAPolicy(String sql) {
        assertThat(check(sql)).isInstanceOfSatisfying(Verdict.Rejected.class,
                r -> assertThat(r.code()).as(r.reason()).isEqualTo(RejectionCode.MASKED_COLUMN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"EXPLAIN SELECT id FROM orders", "EXPLAIN (FORMAT TEXT, COSTS OFF) SELECT id FROM orders"})
    void aPlanInTextStaysAllowedUnderAPolicy(String sql) {
        assertThat(check(sql)).isInstanceOf(Verdict.Accepted.class);
    }
}
