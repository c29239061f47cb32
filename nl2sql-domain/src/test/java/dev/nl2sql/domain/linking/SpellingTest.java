package dev.nl2sql.domain.linking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpellingTest {

    @Test
    void countsASwapOfNeighboursAsOneEdit() {
        assertThat(Spelling.distance("cusotmers", "customers", 2)).isEqualTo(1);
    }

    @Test
    void stopsCountingPastTheLimit() {
        assertThat(Spelling.distance("orders", "invoices", 1)).isEqualTo(2);
    }

    @Test
    void findsTheOneCandidateWithinTolerance() {
        assertThat(Spelling.closest("custmers", List.of("customers", "categories", "orders"))).contains("customers");
    }

    @Test
    void givesNothingWhenTwoCandidatesAreEquallyClose() {
        assertThat(Spelling.closest("cart", List.of("card", "care"))).isEmpty();
        assertThat(Spelling.closest("pricer", List.of("prices", "priced"))).isEmpty();
    }

    @Test
    void toleratesNothingInShortWords() {
        assertThat(Spelling.closest("cat", List.of("car"))).isEmpty();
    }

    @Test
    void correctsAWordToTheOneNameAllItsNearestCandidatesShare() {
        assertThat(Spelling.correction("employes", List.of("employee", "employees", "orders"), false)).contains("employee");
    }

    @Test
    void correctsAnEnglishWordOnlyWhenItIsLongAndOneEditAway() {
        assertThat(Spelling.correction("revenue", List.of("venue"), true)).isEmpty();
        assertThat(Spelling.correction("invoise", List.of("invoice"), true)).contains("invoice");
        assertThat(Spelling.correction("carts", List.of("cards"), true)).isEmpty();
    }
}
