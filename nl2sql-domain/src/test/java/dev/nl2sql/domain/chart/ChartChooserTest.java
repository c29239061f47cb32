package dev.nl2sql.domain.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import dev.nl2sql.domain.sensitive.SensitiveData;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartChooserTest {

    @Test
    void aDateColumnAndANumberMakeALine() {
        List<List<Object>> rows = new ArrayList<>();
        for (int month = 1; month <= 12; month++) {
            rows.add(List.of("2024-%02d-01".formatted(month), 100L + month));
        }
        Chart chart = ChartChooser.choose(result(List.of(col("month", "date"), col("orders", "int8")), rows));

        assertThat(chart.kind()).isEqualTo(ChartKind.LINE);
        assertThat(chart.explanation()).isEqualTo("line: one date column and one numeric column, 12 rows");
        assertThat(chart.labels()).containsExactly(0);
        assertThat(chart.values()).containsExactly(1);
    }

    @Test
    void risingWholeNumbersMakeALine() {
        Chart chart = ChartChooser.choose(result(List.of(col("year", "numeric"), col("revenue", "numeric")),
                List.of(row(bd("2022"), bd("10.5")), row(bd("2023"), bd("12.0")), row(bd("2024"), bd("9.25")))));

        assertThat(chart.kind()).isEqualTo(ChartKind.LINE);
        assertThat(chart.explanation()).isEqualTo("line: an ordered whole-number column (year) and one numeric column, 3 rows");
    }

    @Test
    void aFewCategoriesWithACountMakeAPie() {
        Chart chart = ChartChooser.choose(statusCounts());

        assertThat(chart.kind()).isEqualTo(ChartKind.PIE);
        assertThat(chart.explanation()).isEqualTo("pie: 3 categories and one measure that adds up (orders)");
    }

    @Test
    void anAverageIsABarEvenForFewCategories() {
        Chart chart = ChartChooser.choose(result(List.of(col("employment_type", "text"), col("average_salary", "numeric")),
                List.of(row("full_time", bd("5100.00")), row("part_time", bd("2800.50")))));

        assertThat(chart.kind()).isEqualTo(ChartKind.BAR);
        assertThat(chart.explanation()).isEqualTo("bar: one label column and one numeric column, 2 rows");
    }

    @Test
    void negativeValuesAreNoSlices() {
        Chart chart = ChartChooser.choose(result(List.of(col("region", "text"), col("balance", "numeric")),
                List.of(row("north", bd("10")), row("south", bd("-4")))));

        assertThat(chart.kind()).isEqualTo(ChartKind.BAR);
    }

    @Test
    void manyCategoriesMakeABarLabelledByEveryTextColumn() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rows.add(row("First" + i, "Last" + i, bd(Integer.toString(100 - i))));
        }
        QueryResult result = result(List.of(col("first_name", "text"), col("last_name", "varchar"), col("spent", "numeric")), rows);
        Chart chart = ChartChooser.choose(result);

        assertThat(chart.kind()).isEqualTo(ChartKind.BAR);
        assertThat(chart.labels()).containsExactly(0, 1);
        assertThat(chart.label(result, 0)).isEqualTo("First0 Last0");
        assertThat(chart.explanation()).isEqualTo("bar: two label columns and one numeric column, 8 rows");
    }

    @Test
    void tooManyCategoriesAreNoChart() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i <= ChartChooser.MAX_BARS; i++) {
            rows.add(row("c" + i, (long) i));
        }
        Chart chart = ChartChooser.choose(result(List.of(col("city", "text"), col("patients", "int8")), rows));

        assertThat(chart.kind()).isEqualTo(ChartKind.NONE);
        assertThat(chart.explanation()).isEqualTo("none: 51 categories are too many to draw; narrow the question");
    }

    @Test
    void twoUnorderedNumbersMakeAScatter() {
        Chart chart = ChartChooser.choose(result(List.of(col("price", "numeric"), col("stock_quantity", "int4")),
                List.of(row(bd("9.99"), 3), row(bd("5.00"), 40), row(bd("120.00"), 1), row(bd("42.50"), 7))));

        assertThat(chart.kind()).isEqualTo(ChartKind.SCATTER);
        assertThat(chart.explanation()).isEqualTo("scatter: two numeric columns, 4 rows");
    }

    @Test
    void identifiersAreLabelsNotQuantities() {
        Chart chart = ChartChooser.choose(result(List.of(col("post_id", "int4"), col("likes", "int8")),
                List.of(row(17, 40L), row(3, 38L), row(99, 12L), row(5, 11L), row(8, 9L), row(1, 8L), row(2, 7L))));

        assertThat(chart.kind()).isEqualTo(ChartKind.BAR);
        assertThat(chart.labels()).containsExactly(0);
    }

    @Test
    void aMaskedNumericColumnIsNotMeasured() {
        Object masked = SensitiveData.MASK;
        Chart chart = ChartChooser.choose(result(List.of(col("last_name", "text"), col("salary", "numeric")),
                List.of(row("Ames", masked), row("Berg", masked))));

        assertThat(chart.kind()).isEqualTo(ChartKind.NONE);
        assertThat(chart.explanation()).isEqualTo("none: no numeric column to draw");
    }

    @Test
    void aSingleValueIsNoChart() {
        Chart chart = ChartChooser.choose(result(List.of(col("count", "int8")), List.of(row(42L))));

        assertThat(chart.explanation()).isEqualTo("none: one row reads best as it is");
    }

    @Test
    void noRowsIsNoChart() {
        assertThat(ChartChooser.choose(result(List.of(col("n", "int8")), List.of())).explanation()).isEqualTo("none: no rows");
    }

    @Test
    void anAskedKindIsDrawnWhenTheColumnsAllowIt() {
        Chart chart = ChartChooser.chart(statusCounts(), new ChartRequest.Kind(ChartKind.BAR));

        assertThat(chart.kind()).isEqualTo(ChartKind.BAR);
        assertThat(chart.explanation()).isEqualTo("bar, as asked: one label column and one numeric column, 3 rows");
    }

    @Test
    void anAskedKindTheColumnsCannotShowIsNoneSayingWhatItNeeds() {
        Chart chart = ChartChooser.chart(statusCounts(), new ChartRequest.Kind(ChartKind.SCATTER));

        assertThat(chart.kind()).isEqualTo(ChartKind.NONE);
        assertThat(chart.explanation()).isEqualTo("none: a scatter needs two numeric columns");
    }

    @Test
    void requestsAreReadByName() {
        assertThat(ChartRequest.named("auto")).contains(ChartRequest.AUTO);
        assertThat(ChartRequest.named("Pie")).contains(new ChartRequest.Kind(ChartKind.PIE));
        assertThat(ChartRequest.named("none").orElseThrow().isNone()).isTrue();
        assertThat(ChartRequest.named("donut")).isEmpty();
    }

    static QueryResult statusCounts() {
        return result(List.of(col("status", "order_status"), col("orders", "int8")),
                List.of(row("delivered", 120L), row("shipped", 60L), row("cancelled", 20L)));
    }

    static QueryResult result(List<ResultColumn> columns, List<List<Object>> rows) {
        return new QueryResult(columns, rows, false, Duration.ofMillis(3));
    }

    static ResultColumn col(String name, String type) {
        return new ResultColumn(name, type);
    }

    static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }

    static BigDecimal bd(String value) {
        return new BigDecimal(value);
    }
}
