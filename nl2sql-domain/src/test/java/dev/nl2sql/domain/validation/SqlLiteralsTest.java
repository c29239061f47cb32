package dev.nl2sql.domain.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlLiteralsTest {

    @Test
    void replacesStringsAndNumbersButKeepsNamesAndCasts() {
        assertThat(SqlLiterals.redact("SELECT \"it's\", name FROM t WHERE email = 'a@b.c' AND n > 42.5 AND d = $x$secret$x$::text"))
                .isEqualTo("SELECT \"it's\", name FROM t WHERE email = ? AND n > ? AND d = ?::text");
    }

    @Test
    void replacesEscapeStringsWhole() {
        assertThat(SqlLiterals.redact("SELECT E'O\\'Brien' AS x")).isEqualTo("SELECT ? AS x");
    }

    @Test
    void keepsNothingOfTextItCannotRead() {
        assertThat(SqlLiterals.redact("SELECT 'unterminated")).isEqualTo(SqlLiterals.UNREADABLE);
    }

    @Test
    void withholdsFromAnErrorWhatOnlyALiteralWroteAndKeepsTheStatementsNames() {
        assertThat(SqlLiterals.withheld("column \"balanse\" does not exist near \"Ann Lee\" or 'x9', at 42",
                "SELECT balanse FROM t WHERE name = 'Ann Lee' AND balanse > 42"))
                .isEqualTo("column \"balanse\" does not exist near \"…\" or '…', at …");
    }
}
