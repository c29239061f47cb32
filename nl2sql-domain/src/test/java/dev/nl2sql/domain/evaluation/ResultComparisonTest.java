package dev.nl2sql.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultComparisonTest {

    private static QueryResult result(List<String> columns, Object[]... rows) {
        return new QueryResult(columns.stream().map(c -> new ResultColumn(c, "text")).toList(),
                Arrays.stream(rows).map(Arrays::asList).toList(), false, Duration.ZERO);
    }

    @Test
    void acceptsTheSameRowsInAnotherOrderWhenTheGoldIsUnordered() {
        assertThat(ResultComparison.difference("SELECT name FROM t", result(List.of("name"), new Object[] {"a"}, new Object[] {"b"}),
                result(List.of("name"), new Object[] {"b"}, new Object[] {"a"}))).isEmpty();
    }

    @Test
    void refusesAnotherOrderWhenTheGoldIsOrdered() {
        assertThat(ResultComparison.difference("SELECT name, price FROM t ORDER BY price DESC",
                result(List.of("name", "price"), new Object[] {"a", 2L}, new Object[] {"b", 1L}),
                result(List.of("name", "price"), new Object[] {"b", 1L}, new Object[] {"a", 2L}))).isPresent();
    }

    @Test
    void letsRowsTiedOnTheSortKeyComeInAnyOrder() {
        assertThat(ResultComparison.difference("SELECT name, price FROM t ORDER BY price DESC",
                result(List.of("name", "price"), new Object[] {"a", 2L}, new Object[] {"b", 2L}, new Object[] {"c", 1L}),
                result(List.of("name", "price"), new Object[] {"b", 2L}, new Object[] {"a", 2L}, new Object[] {"c", 1L}))).isEmpty();
    }

    @Test
    void matchesColumnsInAnyOrder() {
        assertThat(ResultComparison.difference("SELECT name, price FROM t", result(List.of("name", "price"), new Object[] {"a", 2L}),
                result(List.of("price", "name"), new Object[] {2L, "a"}))).isEmpty();
    }

    @Test
    void countsAnExtraColumnAsADifference() {
        assertThat(ResultComparison.difference("SELECT name FROM t", result(List.of("name"), new Object[] {"a"}),
                result(List.of("name", "city"), new Object[] {"a", "x"}))).hasValueSatisfying(why -> assertThat(why).contains("2 columns"));
    }

    @Test
    void comparesNumbersAtTwoDecimals() {
        assertThat(ResultComparison.difference("SELECT avg(x) FROM t", result(List.of("avg"), new Object[] {new BigDecimal("12.3456")}),
                result(List.of("round"), new Object[] {12.35}))).isEmpty();
    }

    @Test
    void tellsNullFromTheTextNull() {
        assertThat(ResultComparison.difference("SELECT x FROM t", result(List.of("x"), new Object[] {null}),
                result(List.of("x"), new Object[] {"null"}))).isPresent();
    }
}
