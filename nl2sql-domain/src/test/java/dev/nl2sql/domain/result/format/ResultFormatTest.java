package dev.nl2sql.domain.result.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultFormatTest {

    private static final QueryResult RESULT = new QueryResult(
            List.of(new ResultColumn("name", "text"), new ResultColumn("price", "numeric"), new ResultColumn("tags", "_text")),
            List.of(Arrays.asList("Widget, large", new BigDecimal("12.50"), List.of("a", "b")),
                    Arrays.asList("Say \"hi\"\nthere", null, List.of()),
                    Arrays.asList("", new BigDecimal("3"), null)),
            true, Duration.ofMillis(4));

    @Test
    void tableAlignsColumnsShowsNullAndSaysItIsTruncated() {
        assertThat(new TableFormat(80, false).format(RESULT)).isEqualTo("""
                name           | price | tags
                ---------------+-------+------
                Widget, large  | 12.50 | {a,b}
                Say "hi"↵there |  NULL | {}
                               |     3 | NULL
                (3 rows, truncated: more rows exist than the limit let through)
                """);
    }

    @Test
    void tableCutsLongCellsToFitTheTerminal() {
        QueryResult wide = new QueryResult(List.of(new ResultColumn("a", "text"), new ResultColumn("b", "text")),
                List.of(List.of("x".repeat(100), "y".repeat(100))), false, Duration.ZERO);

        String table = new TableFormat(30, false).format(wide);

        assertThat(table.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(30));
        assertThat(table).contains("x…").endsWith("(1 row)\n");
    }

    @Test
    void tableNeverCutsTimestampsOrNumbersToFit() {
        QueryResult events = new QueryResult(List.of(new ResultColumn("at", "timestamptz"), new ResultColumn("amount", "numeric"),
                new ResultColumn("note", "text")), List.of(List.of("2026-12-06T10:15:30.123456Z", new BigDecimal("1234567.891"), "z".repeat(60))),
                false, Duration.ZERO);

        String table = new TableFormat(40, false).format(events);

        assertThat(table).contains("2026-12-06T10:15:30.123456Z", "1234567.891", "z…");
    }

    @Test
    void tableShowsALoneColumnWholeAsAPlanNeedsIt() {
        String line = "Seq Scan on track  (cost=0.00..79.03 rows=3503 width=4) (actual time=0.010..0.421 rows=3503 loops=1)";
        QueryResult plan = new QueryResult(List.of(new ResultColumn("QUERY PLAN", "text")), List.of(List.of(line)), false, Duration.ZERO);

        assertThat(new TableFormat(80, false).format(plan)).contains(line);
    }

    @Test
    void tableDimsNullOnlyWithColour() {
        assertThat(new TableFormat(80, true).format(RESULT)).contains("\u001b[2m NULL\u001b[0m").contains("\u001b[1mname");
    }

    @Test
    void csvFollowsRfc4180AndKeepsNullApartFromEmpty() {
        assertThat(new CsvFormat().format(RESULT)).isEqualTo(
                "name,price,tags\r\n"
                        + "\"Widget, large\",12.50,\"{a,b}\"\r\n"
                        + "\"Say \"\"hi\"\"\nthere\",,{}\r\n"
                        + "\"\",3,\r\n");
    }
}
