package dev.nl2sql.domain.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

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
}
