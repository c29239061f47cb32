package dev.nl2sql.domain.linking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordsTest {

    @Test
    void splitsSnakeCaseAndCamelCaseNames() {
        assertThat(Words.ofName("hireDate")).containsExactly("hire", "date");
        assertThat(Words.ofName("invoice_line_id")).containsExactly("invoice", "line", "id");
    }

    @Test
    void stemsPluralsAndVerbEndings() {
        assertThat(Words.stem("categories")).isEqualTo("category");
        assertThat(Words.stem("Customers")).isEqualTo("customer");
        assertThat(Words.stem("addresses")).isEqualTo("address");
        assertThat(Words.stem("shipped")).isEqualTo(Words.stem("shipping")).isEqualTo("ship");
        assertThat(Words.stem("status")).isEqualTo("status");
    }

    @Test
    void keepsHyphenatedCodesAsOneWord() {
        assertThat(Words.ofText("in warehouse WH-BER?")).containsExactly("in", "warehouse", "wh-ber");
    }
}
