package dev.nl2sql.domain.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaTextTest {

    static final Relation CUSTOMER = new Relation(QualifiedName.of("public", "customer"), RelationKind.TABLE,
            List.of(new Column("customer_id", "integer", false, Optional.empty(), Optional.empty(), Optional.empty()),
                    new Column("name", "text", false, Optional.empty(), Optional.of("full name"), Optional.empty()),
                    new Column("tier", "tier_t", true, Optional.empty(), Optional.empty(), Optional.of(QualifiedName.of("public", "tier_t"))),
                    new Column("user", "text", true, Optional.empty(), Optional.empty(), Optional.empty())),
            List.of("customer_id"), List.of(), List.of(), Optional.of("People who buy\nthings"), Optional.of(42L));

    static final Relation ORDER_LINE = new Relation(QualifiedName.of("sales", "order_line"), RelationKind.TABLE,
            List.of(Column.of("order_id", "integer"), Column.of("line_no", "integer"), Column.of("customer_id", "integer")),
            List.of("order_id", "line_no"),
            List.of(new ForeignKey("order_line_customer_fk", List.of("customer_id"), QualifiedName.of("public", "customer"), List.of("customer_id"))),
            List.of(), Optional.empty(), Optional.empty());

    static final SchemaSnapshot SCHEMA = SchemaSnapshot.of(DatabaseName.of("shop"), List.of(CUSTOMER, ORDER_LINE),
            List.of(new EnumType(QualifiedName.of("public", "tier_t"), List.of("bronze", "silver", "gold"))), Instant.EPOCH);

    @Test
    void rendersKeysCommentsAndEnumLabels() {
        assertThat(SchemaText.ddl(List.of(CUSTOMER), SCHEMA)).isEqualTo("""
                -- People who buy things
                CREATE TABLE customer ( -- ~42 rows
                  customer_id integer NOT NULL PRIMARY KEY,
                  name text NOT NULL, -- full name
                  tier tier_t, -- one of: bronze, silver, gold
                  "user" text
                );
                """);
    }

    @Test
    void rendersCompositeKeysAndReferencesWithTheirSchema() {
        assertThat(SchemaText.ddl(List.of(ORDER_LINE), SCHEMA)).isEqualTo("""
                CREATE TABLE sales.order_line (
                  order_id integer,
                  line_no integer,
                  customer_id integer REFERENCES customer(customer_id),
                  PRIMARY KEY (order_id, line_no)
                );
                """);
    }

    @Test
    void keepsKeysWhenOnlySomeColumnsAreShown() {
        assertThat(SchemaText.ddl(CUSTOMER, SCHEMA, Set.of("tier"))).contains("customer_id", "tier").doesNotContain("name text");
    }

    @Test
    void summaryIsOneLine() {
        assertThat(SchemaText.summary(CUSTOMER)).isEqualTo("customer (customer_id, name, tier, user) -- People who buy things");
    }

    @Test
    void quotesIdentifiersThatNeedIt() {
        assertThat(SchemaText.identifier("MixedCase")).isEqualTo("\"MixedCase\"");
        assertThat(SchemaText.identifier("order")).isEqualTo("\"order\"");
        assertThat(SchemaText.identifier("order_id")).isEqualTo("order_id");
    }
}
