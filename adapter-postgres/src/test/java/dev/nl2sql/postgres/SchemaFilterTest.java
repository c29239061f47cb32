package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchemaFilterTest {

    @Test
    void turnsGlobsIntoLikePatternsEscapingLikesOwnWildcards() {
        SchemaFilter filter = SchemaFilter.including("sales_*", "s?les", "100%").excluding("a\\b");

        assertThat(filter.includeLikePatterns()).containsExactly("sales\\_%", "s_les", "100\\%");
        assertThat(filter.excludeLikePatterns()).containsExactly("a\\\\b");
    }

    @Test
    void rejectsBlankPatterns() {
        assertThatThrownBy(() -> SchemaFilter.including(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }
}
