package dev.nl2sql.domain.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.linking.ValueIndex;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Follow-ups read as edits of the previous query, and the ones that are refused. */
class RefinementTest {

    private static final SchemaSnapshot SHOP = SchemaSnapshot.of(DatabaseName.of("shop"), List.of(
            Relation.of(QualifiedName.of("public", "products"), RelationKind.TABLE, List.of(Column.of("product_id", "integer"),
                    Column.of("name", "text"), Column.of("price", "numeric(10,2)")))), List.of(), Instant.EPOCH);
    private static final String CHEAPEST = "SELECT name, price FROM products ORDER BY price LIMIT 10";

    private final OfflineGenerator generator = new OfflineGenerator();

    private OfflineAnswer refine(String followUp, String previous) {
        return generator.refine(followUp, previous, SHOP, ValueIndex.enumsOf(SHOP));
    }

    private String sql(String followUp) {
        OfflineAnswer answer = refine(followUp, CHEAPEST);
        assertThat(answer).as(answer.toString()).isInstanceOf(OfflineAnswer.Answered.class);
        return ((OfflineAnswer.Answered) answer).query().sql();
    }

    @Test
    void reversesTheOrder() {
        assertThat(sql("reverse")).isEqualTo("SELECT name, price FROM products ORDER BY price DESC LIMIT 10");
    }

    @Test
    void replacesTheLimit() {
        assertThat(sql("just 3")).isEqualTo("SELECT name, price FROM products ORDER BY price LIMIT 3");
    }

    @Test
    void replacesALimitWithTies() {
        OfflineAnswer answer = refine("top 5", "SELECT name, price FROM products ORDER BY price FETCH FIRST 1 ROWS WITH TIES");

        assertThat(answer).isInstanceOfSatisfying(OfflineAnswer.Answered.class,
                a -> assertThat(a.query().sql()).isEqualTo("SELECT name, price FROM products ORDER BY price LIMIT 5"));
    }

    @Test
    void refusesASortByAColumnTheTablesDoNotHave() {
        assertThat(refine("sort by colour", CHEAPEST)).isInstanceOfSatisfying(OfflineAnswer.Refused.class,
                refused -> assertThat(refused.unmatched()).containsExactly("colour"));
    }

    @Test
    void refusesAYearFilterWithoutADateColumn() {
        assertThat(refine("only in 2023", CHEAPEST)).isInstanceOf(OfflineAnswer.Refused.class);
    }

    @Test
    void refusesToEditAQueryThatIsNotAPlainSelect() {
        assertThat(refine("just 3", "SELECT name FROM products UNION SELECT name FROM products")).isInstanceOf(OfflineAnswer.Refused.class);
    }
}
