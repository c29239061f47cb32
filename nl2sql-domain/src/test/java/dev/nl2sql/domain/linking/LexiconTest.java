package dev.nl2sql.domain.linking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LexiconTest {

    private final Lexicon english = Lexicon.english();

    @Test
    void knowsEnglishWordsAndNotTypos() {
        assertThat(english.knows("physicians")).isTrue();
        assertThat(english.knows("custmers")).isFalse();
    }

    @Test
    void findsSynonymsWithinTheCommonestSenses() {
        assertThat(english.synonyms("physician", "doctor")).isTrue();
        assertThat(english.synonyms("client", "customer")).isTrue();
        assertThat(english.synonyms("bill", "beak")).isFalse();
    }

    @Test
    void knowsWhatANounIsAKindOf() {
        assertThat(english.isKindOf("medication", "drug")).isTrue();
    }

    @Test
    void givesIrregularBaseForms() {
        assertThat(english.irregularBase("children")).contains("child");
    }
}
