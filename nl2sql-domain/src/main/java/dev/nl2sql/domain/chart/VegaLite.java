package dev.nl2sql.domain.chart;

import dev.nl2sql.domain.result.QueryResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A chart as a Vega-Lite (v5) specification, the portable form any Vega-Lite viewer draws: JSON-friendly maps and
 * lists with the drawn columns' values inline. Only the columns the chart draws are in it, taken from the result as
 * it was returned, already masked.
 */
public final class VegaLite {

    public static final String SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

    /**
     * The fields a fold adds when a chart draws several measures: the measure's name and its value. They are the only
     * fields the specification makes up; a result's column may carry either name, so each is numbered past every
     * column's name ("value (2)"): a viewer writes the folded fields over a column of the same name and would draw it.
     */
    static final String MEASURE = "measure";
    static final String VALUE = "value";

    private VegaLite() {}

    /** {@return the specification of {@code chart} over {@code result}, empty when it is no chart} */
    public static Optional<Map<String, Object>> spec(Chart chart, QueryResult result) {
        if (!chart.isDrawn()) {
            return Optional.empty();
        }
        String label = chart.labelName(result);
        List<String> measures = chart.valueNames(result);
        List<Map<String, Object>> values = new ArrayList<>();
        for (int row = 0; row < result.rowCount(); row++) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put(label, chart.labels().size() == 1 ? result.rows().get(row).get(chart.labels().getFirst()) : chart.label(result, row));
            for (int i = 0; i < measures.size(); i++) {
                value.put(measures.get(i), result.rows().get(row).get(chart.values().get(i)));
            }
            values.add(value);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("$schema", SCHEMA);
        spec.put("description", chart.explanation());
        spec.put("data", Map.of("values", values));
        boolean folded = measures.size() > 1;
        Set<String> taken = new HashSet<>(measures);
        taken.add(label);
        result.columns().forEach(column -> taken.add(column.name()));
        String measure = free(MEASURE, taken);
        String value = free(VALUE, taken);
        if (folded) {
            spec.put("transform", List.of(Map.of("fold", measures, "as", List.of(measure, value))));
        }
        Map<String, Object> y = field(folded ? value : measures.getFirst(), "quantitative");
        Map<String, Object> encoding = new LinkedHashMap<>();
        switch (chart.kind()) {
            case BAR -> {
                spec.put("mark", "bar");
                Map<String, Object> x = field(label, "nominal");
                x.put("sort", null); // the result's own order, e.g. ORDER BY revenue DESC
                encoding.put("x", x);
                encoding.put("y", y);
                if (folded) {
                    encoding.put("xOffset", field(measure, "nominal"));
                }
            }
            case LINE -> {
                spec.put("mark", Map.of("type", "line", "point", true));
                boolean time = ChartChooser.isTime(result.columns().get(chart.labels().getFirst()));
                encoding.put("x", field(label, time ? "temporal" : "ordinal"));
                encoding.put("y", y);
            }
            case PIE -> {
                spec.put("mark", "arc");
                encoding.put("theta", y);
                Map<String, Object> color = field(label, "nominal");
                color.put("sort", null);
                encoding.put("color", color);
            }
            case SCATTER -> {
                spec.put("mark", "point");
                encoding.put("x", field(label, "quantitative"));
                encoding.put("y", y);
            }
            case NONE -> throw new IllegalStateException("no chart has no specification");
        }
        if (folded) {
            encoding.put("color", field(measure, "nominal"));
        }
        spec.put("encoding", encoding);
        return Optional.of(spec);
    }

    /** {@return {@code name}, or the first of "name (2)", "name (3)", ... not in {@code taken}; added to it} */
    private static String free(String name, Set<String> taken) {
        String free = name;
        for (int n = 2; !taken.add(free); n++) {
            free = name + " (" + n + ")";
        }
        return free;
    }

    private static Map<String, Object> field(String name, String type) {
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("field", name);
        field.put("type", type);
        return field;
    }
}
