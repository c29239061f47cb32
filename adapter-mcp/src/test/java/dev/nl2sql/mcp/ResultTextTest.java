package dev.nl2sql.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTextTest {

    private static QueryResult result(List<String> columns, boolean truncated, List<Object>... rows) {
        return new QueryResult(columns.stream().map(name -> new ResultColumn(name, "text")).toList(), List.of(rows), truncated,
                Duration.ofMillis(7));
    }

    @Test
    void rowsAreTabSeparatedLinesUnderTheHeaderWithTheCountsLast() {
        assertThat(ResultText.tsv(result(List.of("id", "name"), false, List.of(1L, "Rock"), List.of(2L, "Jazz"))))
                .isEqualTo("id\tname\n1\tRock\n2\tJazz\n(2 rows, 7 ms)");
    }

    @Test
    void backslashesTabsAndLineBreaksInAValueAreEscapedSoEveryRowStaysOneLine() {
        assertThat(ResultText.tsv(result(List.of("a\tb"), false, List.of("C:\\dir\tx\ny\r\n"))))
                .isEqualTo("a\\tb\nC:\\\\dir\\tx\\ny\\r\\n\n(1 row, 7 ms)");
    }

    @Test
    void nullsListsAndATruncatedResultSayWhatTheyAre() {
        assertThat(ResultText.tsv(result(List.of("a", "b"), true, Arrays.asList(null, List.of(1L, 2L)))))
                .isEqualTo("a\tb\nNULL\t[1, 2]\n(1 row, truncated: more rows exist; add a WHERE, an aggregate or a smaller LIMIT, 7 ms)");
    }
}
