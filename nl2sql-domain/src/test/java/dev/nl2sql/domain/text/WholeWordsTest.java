package dev.nl2sql.domain.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WholeWordsTest {

    @Test
    void aWordInsideALongerNameIsNotThere() {
        assertThat(WholeWords.contains("select paid, id_card from t", "id")).isFalse();
    }

    @Test
    void aWordBetweenPunctuationOrAtTheEndsIsThere() {
        assertThat(WholeWords.contains("id=(id)", "id")).isTrue();
        assertThat(WholeWords.contains("select x.id", "id")).isTrue();
        assertThat(WholeWords.contains("id", "id")).isTrue();
    }

    @Test
    void aLaterPlaceCountsWhenTheFirstRunsIntoANameAndDollarsAreNameCharacters() {
        assertThat(WholeWords.contains("paid $id id", "id")).isTrue();
        assertThat(WholeWords.contains("paid $id", "id")).isFalse();
    }
}
