package dev.nl2sql.domain.chart;

import static dev.nl2sql.domain.chart.ChartChooserTest.bd;
import static dev.nl2sql.domain.chart.ChartChooserTest.col;
import static dev.nl2sql.domain.chart.ChartChooserTest.result;
import static dev.nl2sql.domain.chart.ChartChooserTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.result.QueryResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VegaLiteTest {

    @Test
    void aPieIsAnArcWithTheMeasureAsThetaAndTheCategoryAsColour() {
        QueryResult result = ChartChooserTest.statusCounts();
        Map<String, Object> spec = VegaLite.spec(ChartChooser.choose(result), result).orElseThrow();

        assertThat(spec).containsEntry("$schema", VegaLite.SCHEMA).containsEntry("mark", "arc")
                .containsEntry("description", "pie: 3 categories and one measure that adds up (orders)");
        assertThat(spec.get("encoding")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("theta", Map.of("field", "orders", "type", "quantitative"));
        assertThat(spec.get("data")).isEqualTo(Map.of("values", List.of(
                Map.of("status", "delivered", "orders", 120L), Map.of("status", "shipped", "orders", 60L),
                Map.of("status", "cancelled", "orders", 20L))));
    }

    @Test
    void onlyTheDrawnColumnsAreInTheData() {
        QueryResult result = result(List.of(col("name", "text"), col("email", "text"), col("id", "int4"), col("spent", "numeric")),
                List.of(row("Ann", "ann@example.com", 1, bd("10")), row("Bo", "bo@example.com", 2, bd("20"))));
        Chart bar = ChartChooser.as(result, ChartKind.BAR);

        assertThat(VegaLite.spec(bar, result).orElseThrow().toString()).contains("Ann ann@example.com 1");
        Chart byName = new Chart(ChartKind.BAR, List.of(0), List.of(3), "bar");
        assertThat(VegaLite.spec(byName, result).orElseThrow().toString()).doesNotContain("example.com");
    }

    @Test
    void severalMeasuresAreFoldedIntoOneColouredSeriesEach() {
        QueryResult result = result(List.of(col("reason", "text"), col("reports", "int8"), col("reporters", "int8")),
                List.of(row("spam", 9L, 4L), row("abuse", 3L, 3L)));
        Map<String, Object> spec = VegaLite.spec(ChartChooser.choose(result), result).orElseThrow();

        assertThat(spec.get("transform")).isEqualTo(List.of(Map.of("fold", List.of("reports", "reporters"), "as", List.of("measure", "value"))));
        assertThat(spec.get("encoding").toString()).contains("color={field=measure");
    }

    @Test
    void measuresNamedLikeTheLabelOrEachOtherKeepAFieldEach() {
        // Found by ChartLeakFuzzTest: two measures named alike were one field in the data, so one was never drawn
        QueryResult result = result(List.of(col("total", "text"), col("total", "int8"), col("total", "int8")),
                List.of(row("spam", 9L, 4L), row("abuse", 3L, 3L)));
        Map<String, Object> spec = VegaLite.spec(ChartChooser.as(result, ChartKind.BAR), result).orElseThrow();

        assertThat(spec.get("transform")).isEqualTo(List.of(Map.of("fold", List.of("total (2)", "total (3)"), "as", List.of("measure", "value"))));
        assertThat(spec.get("data")).isEqualTo(Map.of("values", List.of(Map.of("total", "spam", "total (2)", 9L, "total (3)", 4L),
                Map.of("total", "abuse", "total (2)", 3L, "total (3)", 3L))));
    }

    @Test
    void noChartHasNoSpecification() {
        QueryResult result = result(List.of(col("n", "int8")), List.of(row(1L)));

        assertThat(VegaLite.spec(ChartChooser.choose(result), result)).isEmpty();
    }
}
