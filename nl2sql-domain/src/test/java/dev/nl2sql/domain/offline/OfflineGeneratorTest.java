package dev.nl2sql.domain.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.ForeignKey;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OfflineGeneratorTest {

    private static final SchemaSnapshot SHOP = SchemaSnapshot.of(DatabaseName.of("shop"), List.of(
            new Relation(QualifiedName.of("public", "products"), RelationKind.TABLE, List.of(Column.of("product_id", "integer"),
                    Column.of("name", "text"), Column.of("price", "numeric(10,2)"), Column.of("category_id", "integer")),
                    List.of("product_id"), List.of(new ForeignKey("fk", List.of("category_id"), QualifiedName.of("public", "categories"),
                    List.of("category_id"))), List.of(), Optional.empty(), Optional.empty()),
            new Relation(QualifiedName.of("public", "categories"), RelationKind.TABLE, List.of(Column.of("category_id", "integer"),
                    Column.of("name", "text")), List.of("category_id"), List.of(), List.of(), Optional.empty(), Optional.empty()),
            new Relation(QualifiedName.of("public", "orders"), RelationKind.TABLE, List.of(Column.of("order_id", "integer"),
                    new Column("ordered_at", "timestamp with time zone", false, Optional.empty(), Optional.empty(), Optional.empty())),
                    List.of("order_id"), List.of(), List.of(), Optional.empty(), Optional.empty())),
            List.of(), Instant.EPOCH);

    private final OfflineGenerator generator = new OfflineGenerator();

    private String sql(String question) {
        OfflineAnswer answer = generator.answer(question, SHOP);
        assertThat(answer).as(answer.toString()).isInstanceOf(OfflineAnswer.Answered.class);
        return ((OfflineAnswer.Answered) answer).query().sql();
    }

    @Test
    void countsTheRowsOfTheNamedTable() {
        assertThat(sql("How many products are there?")).isEqualTo("SELECT count(*) FROM products");
    }

    @Test
    void aNumberTooBigForARowCountIsAValue() {
        assertThat(sql("products with price 4242424205")).contains("WHERE products.price = 4242424205");
    }

    @Test
    void turnsCheaperThanIntoAPriceComparison() {
        assertThat(sql("products cheaper than 20")).contains("WHERE products.price < 20");
    }

    @Test
    void restrictsToAMonth() {
        assertThat(sql("How many orders in March 2023?"))
                .contains("orders.ordered_at >= '2023-03-01' AND orders.ordered_at < '2023-04-01'");
    }

    @Test
    void restrictsFromAYearOn() {
        assertThat(sql("number of orders since 2024")).endsWith("WHERE orders.ordered_at >= '2024-01-01'");
    }

    @Test
    void groupsByTheReferencedRelationsName() {
        assertThat(sql("How many products are in each category?"))
                .contains("JOIN categories ON categories.category_id = products.category_id")
                .contains("GROUP BY categories.category_id, categories.name");
    }

    @Test
    void marksItsQueriesAsOffline() {
        OfflineAnswer answer = generator.answer("How many products are there?", SHOP);

        assertThat(answer).isInstanceOfSatisfying(OfflineAnswer.Answered.class, a -> {
            assertThat(a.query().generator()).isEqualTo("offline");
            assertThat(a.query().tables()).containsExactly("public.products");
        });
    }

    @Test
    void refusesAndNamesTheWordsItCouldNotMatch() {
        OfflineAnswer answer = generator.answer("Which products will trend next summer?", SHOP);

        assertThat(answer).isInstanceOfSatisfying(OfflineAnswer.Refused.class,
                refused -> assertThat(refused.unmatched()).contains("trend", "summer"));
    }

    @Test
    void refusesAQuestionWithoutATable() {
        assertThat(generator.answer("what is the meaning of life", SHOP)).isInstanceOf(OfflineAnswer.Refused.class);
    }
}
