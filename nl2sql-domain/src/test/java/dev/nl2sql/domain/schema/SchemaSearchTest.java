package dev.nl2sql.domain.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SchemaSearchTest {

    private static List<String> names(List<SchemaSearch.Hit> hits) {
        return hits.stream().map(h -> h.relation().name().toString()).toList();
    }

    @Test
    void findsRelationsByName() {
        assertThat(names(SchemaSearch.search(SchemaTextTest.SCHEMA, "order", 10))).containsExactly("sales.order_line");
    }

    @Test
    void findsRelationsThroughTheirColumnsAndSaysWhichMatched() {
        List<SchemaSearch.Hit> hits = SchemaSearch.search(SchemaTextTest.SCHEMA, "tier", 10);

        assertThat(hits).singleElement().satisfies(hit -> assertThat(hit.columns()).containsExactly("tier"));
    }

    @Test
    void findsThroughCommentsCaseInsensitively() {
        assertThat(names(SchemaSearch.search(SchemaTextTest.SCHEMA, "FULL NAME", 10))).containsExactly("public.customer");
    }

    @Test
    void ranksAnExactRelationNameAboveAColumnMatch() {
        assertThat(names(SchemaSearch.search(SchemaTextTest.SCHEMA, "customer", 10))).containsExactly("public.customer", "sales.order_line");
    }

    @Test
    void acceptsWildcards() {
        assertThat(names(SchemaSearch.search(SchemaTextTest.SCHEMA, "%_no", 10))).containsExactly("sales.order_line");
        assertThat(names(SchemaSearch.search(SchemaTextTest.SCHEMA, "cust*", 10))).containsExactly("public.customer", "sales.order_line");
    }

    @Test
    void honoursTheLimit() {
        assertThat(SchemaSearch.search(SchemaTextTest.SCHEMA, "", 1)).hasSize(1);
    }

    @Test
    void aWildcardMatchesAcrossTheLinesOfAComment() {
        assertThat(names(SchemaSearch.search(SchemaTextTest.SCHEMA, "*buy*things", 10))).containsExactly("public.customer");
    }

    /** A pattern a backtracking regex takes for ever on: {@code .*e} twelve times, then a letter the comment lacks. */
    @Test
    @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a regex ignores interrupts: fail, do not hang
    void aPatternBuiltToBacktrackAgainstALongCommentIsAnsweredAtOnce() {
        String comment = "The customers of the store: every person or business that has ever placed an order, where they live. ".repeat(20);
        Relation relation = new Relation(QualifiedName.of("public", "customer"), RelationKind.TABLE, List.of(Column.of("id", "integer")),
                List.of(), List.of(), List.of(), Optional.of(comment), Optional.empty());
        SchemaSnapshot schema = SchemaSnapshot.of(DatabaseName.of("shop"), List.of(relation), List.of(), Instant.EPOCH);

        assertThat(SchemaSearch.search(schema, "*e".repeat(12) + "*q", 10)).isEmpty();
    }

}
