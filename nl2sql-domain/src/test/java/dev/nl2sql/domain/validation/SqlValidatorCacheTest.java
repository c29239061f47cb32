package dev.nl2sql.domain.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlValidatorCacheTest {

    private static SchemaSnapshot schemaWith(String... columns) {
        return SchemaSnapshot.of(DatabaseName.of("shop"), List.of(Relation.of(QualifiedName.of("public", "item"), RelationKind.TABLE,
                java.util.Arrays.stream(columns).map(c -> Column.of(c, "integer")).toList())), List.of(), Instant.EPOCH);
    }

    private final SqlValidator cached = SqlValidator.cached(16);

    @Test
    void repeatedStatementGetsTheSameVerdict() {
        SchemaSnapshot schema = schemaWith("id");

        Verdict first = cached.check("SELECT id FROM item", schema, ValidationPolicy.DEFAULT);
        Verdict again = cached.check("SELECT id FROM item", schema, ValidationPolicy.DEFAULT);

        assertThat(again).isSameAs(first).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void changedSchemaIsCheckedAfresh() {
        assertThat(cached.check("SELECT price FROM item", schemaWith("id"), ValidationPolicy.DEFAULT)).isInstanceOf(Verdict.Rejected.class);

        assertThat(cached.check("SELECT price FROM item", schemaWith("id", "price"), ValidationPolicy.DEFAULT))
                .isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void changedPolicyIsCheckedAfresh() {
        SchemaSnapshot schema = schemaWith("id");
        Verdict.Accepted wide = (Verdict.Accepted) cached.check("SELECT id FROM item", schema, ValidationPolicy.DEFAULT.withMaxRows(500));

        Verdict.Accepted narrow = (Verdict.Accepted) cached.check("SELECT id FROM item", schema, ValidationPolicy.DEFAULT.withMaxRows(5));

        assertThat(wide.sql()).endsWith("LIMIT 500");
        assertThat(narrow.sql()).endsWith("LIMIT 5");
    }

    @Test
    void parseErrorsAreNotRememberedSinceSomeAreTimeoutsOfABusyMachine() {
        SchemaSnapshot schema = schemaWith("id");
        Verdict first = cached.check("SELECT id FROM item WHERE", schema, ValidationPolicy.DEFAULT);

        Verdict again = cached.check("SELECT id FROM item WHERE", schema, ValidationPolicy.DEFAULT);

        assertThat(first).isInstanceOfSatisfying(Verdict.Rejected.class, r -> assertThat(r.code()).isEqualTo(RejectionCode.PARSE_ERROR));
        assertThat(again).isEqualTo(first).isNotSameAs(first);
    }
}
