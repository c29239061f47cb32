package dev.nl2sql.domain.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementKeywordTest {

    @Test
    void theFirstKeywordIsReadPastSpaceCommentsAndParentheses() {
        assertThat(StatementKeyword.of("SELECT 1")).contains("select");
        assertThat(StatementKeyword.of("  with g AS (SELECT 1) SELECT * FROM g")).contains("with");
        assertThat(StatementKeyword.of("/* a /* nested */ comment */ ((SELECT 1) UNION (SELECT 2))")).contains("select");
        assertThat(StatementKeyword.of("-- a comment\nVALUES (1)")).contains("values");
        assertThat(StatementKeyword.of("COPY (SELECT 1) TO STDOUT")).contains("copy");
        assertThat(StatementKeyword.of("SELECT_1")).contains("select_1");
    }

    @Test
    void textThatStartsWithNoKeywordOrCannotBeReadHasNone() {
        assertThat(StatementKeyword.of("")).isEmpty();
        assertThat(StatementKeyword.of("'SELECT' 1")).isEmpty();
        assertThat(StatementKeyword.of("\"select\" FROM t")).isEmpty();
        assertThat(StatementKeyword.of("/* SELECT 1")).as("an unterminated comment").isEmpty();
    }
}
