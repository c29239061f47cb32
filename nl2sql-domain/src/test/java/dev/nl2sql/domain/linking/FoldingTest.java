package dev.nl2sql.domain.linking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FoldingTest {

    @Test
    void removesAccentsAndCase() {
        assertThat(Folding.fold("São Paulo")).isEqualTo(Folding.fold("sao paulo")).isEqualTo("sao paulo");
    }

    @Test
    void spellsOutLettersWithoutADecomposition() {
        assertThat(Folding.fold("Straße Øresund Łódź")).isEqualTo("strasse oresund lodz");
    }

    @Test
    void collapsesWhiteSpace() {
        assertThat(Folding.fold("  New \t York ")).isEqualTo("new york");
    }
}
