package dev.nl2sql.domain.chart;

import static dev.nl2sql.domain.chart.ChartChooserTest.bd;
import static dev.nl2sql.domain.chart.ChartChooserTest.col;
import static dev.nl2sql.domain.chart.ChartChooserTest.result;
import static dev.nl2sql.domain.chart.ChartChooserTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.result.QueryResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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

    // A viewer folds each data row into one row per measure: a copy of the row with the fold's two fields set, written
    // over any field of that name. These tests fold the spec's data as Vega-Lite does and read each encoding's field
    // from the folded rows, so a derived field that clashes with a column shows up as a wrong value, not a wrong string.

    @Test
    void aLabelColumnNamedValueStaysTheLabelWhenMeasuresAreFolded() {
        QueryResult result = result(List.of(col("value", "text"), col("reports", "int8"), col("reporters", "int8")),
                List.of(row("spam", 9L, 4L), row("abuse", 3L, 3L)));

        assertFoldedAsDrawn(VegaLite.spec(new Chart(ChartKind.BAR, List.of(0), List.of(1, 2), "bar"), result).orElseThrow(),
                List.of(List.of("spam", "reports", 9L), List.of("spam", "reporters", 4L), List.of("abuse", "reports", 3L),
                        List.of("abuse", "reporters", 3L)));
    }

    @Test
    void aLabelColumnNamedMeasureStaysTheLabelWhenMeasuresAreFolded() {
        QueryResult result = result(List.of(col("measure", "text"), col("reports", "int8"), col("reporters", "int8")),
                List.of(row("spam", 9L, 4L), row("abuse", 3L, 3L)));

        assertFoldedAsDrawn(VegaLite.spec(new Chart(ChartKind.BAR, List.of(0), List.of(1, 2), "bar"), result).orElseThrow(),
                List.of(List.of("spam", "reports", 9L), List.of("spam", "reporters", 4L), List.of("abuse", "reports", 3L),
                        List.of("abuse", "reporters", 3L)));
    }

    @Test
    void columnsNamedMeasureValueAndTheirNumberedNamesKeepTheirOwnData() {
        // the first free names are past every column's, even one named like the numbered fallback
        QueryResult result = result(List.of(col("measure", "text"), col("value", "int8"), col("value (2)", "int8"), col("measure (2)", "int8")),
                List.of(row("spam", 9L, 4L, 1L), row("abuse", 3L, 2L, 7L)));

        for (ChartKind kind : List.of(ChartKind.BAR, ChartKind.LINE)) {
            Map<String, Object> spec = VegaLite.spec(new Chart(kind, List.of(0), List.of(1, 2, 3), kind.label()), result).orElseThrow();

            assertFoldedAsDrawn(spec, List.of(List.of("spam", "value", 9L), List.of("spam", "value (2)", 4L), List.of("spam", "measure (2)", 1L),
                    List.of("abuse", "value", 3L), List.of("abuse", "value (2)", 2L), List.of("abuse", "measure (2)", 7L)));
            assertThat(spec.get("transform")).isEqualTo(List.of(Map.of("fold", List.of("value", "value (2)", "measure (2)"),
                    "as", List.of("measure (3)", "value (3)"))));
        }
    }

    /**
     * Folds {@code spec}'s data as a Vega-Lite viewer does and checks that each folded row, read through the spec's
     * encodings, is {@code expected}'s [label, measure name, measure value], and that the data still holds each column's
     * own values, unfolded.
     */
    @SuppressWarnings("unchecked")
    private static void assertFoldedAsDrawn(Map<String, Object> spec, List<List<Object>> expected) {
        List<Map<String, Object>> data = (List<Map<String, Object>>) ((Map<String, Object>) spec.get("data")).get("values");
        Map<String, Object> fold = ((List<Map<String, Object>>) spec.get("transform")).getFirst();
        List<String> measures = (List<String>) fold.get("fold");
        List<String> as = (List<String>) fold.get("as");
        Map<String, Map<String, Object>> encoding = (Map<String, Map<String, Object>>) spec.get("encoding");

        List<List<Object>> drawn = new ArrayList<>();
        for (Map<String, Object> datum : data) {
            for (String measure : measures) {
                Map<String, Object> folded = new LinkedHashMap<>(datum);
                folded.put(as.get(0), measure);
                folded.put(as.get(1), datum.get(measure));
                drawn.add(Arrays.asList(folded.get(encoding.get("x").get("field")), folded.get(encoding.get("color").get("field")),
                        folded.get(encoding.get("y").get("field"))));
            }
        }
        assertThat(drawn).isEqualTo(expected);
        if (encoding.containsKey("xOffset")) {
            assertThat(encoding.get("xOffset").get("field")).isEqualTo(encoding.get("color").get("field"));
        }
        assertThat(data).allSatisfy(datum -> assertThat(datum).doesNotContainKeys(as.toArray(String[]::new)));
    }

    @Test
    void fieldReferencesEscapeWhatVegaLiteReadsAsAPathAndTheDataKeepsTheColumnNames() {
        // what real Vega draws of these is checked in app-bootstrap's VegaPlotTest
        QueryResult result = result(List.of(col("name[0]", "text"), col("price.usd", "numeric"), col("it's", "int8")),
                List.of(row("north", bd("1.5"), 2L)));
        Map<String, Object> spec = VegaLite.spec(new Chart(ChartKind.BAR, List.of(0), List.of(1, 2), "bar"), result).orElseThrow();

        assertThat(spec.get("data")).isEqualTo(Map.of("values", List.of(Map.of("name[0]", "north", "price.usd", bd("1.5"), "it's", 2L))));
        assertThat(spec.get("transform")).isEqualTo(List.of(Map.of("fold", List.of("price\\.usd", "it\\'s"), "as", List.of("measure", "value"))));
        assertThat(spec.get("encoding")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("y", Map.of("field", "value", "type", "quantitative"));
        assertThat(((Map<?, ?>) spec.get("encoding")).get("x")).isEqualTo(mapOf("field", "name\\[0\\]", "type", "nominal", "title", "name[0]", "sort", null));
    }

    @Test
    void aLabelWithABackslashIsDrawnFromACopyWithoutOne() {
        QueryResult result = result(List.of(col("a\\b", "text"), col("n", "int8")), List.of(row("x", 1L)));
        Map<String, Object> spec = VegaLite.spec(new Chart(ChartKind.PIE, List.of(0), List.of(1), "pie"), result).orElseThrow();

        assertThat(spec.get("transform")).isEqualTo(List.of(Map.of("calculate", "datum[\"a\\\\b\"]", "as", "a\u2216b")));
        assertThat(((Map<?, ?>) spec.get("encoding")).get("color")).isEqualTo(mapOf("field", "a\u2216b", "type", "nominal", "title", "a\\b", "sort", null));
        assertThat(VegaLite.reference("a\\b")).isEqualTo("a\\\\b");
    }

    private static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void noChartHasNoSpecification() {
        QueryResult result = result(List.of(col("n", "int8")), List.of(row(1L)));

        assertThat(VegaLite.spec(ChartChooser.choose(result), result)).isEmpty();
    }
}
