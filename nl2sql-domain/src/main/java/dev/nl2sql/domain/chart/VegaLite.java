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
        List<Map<String, Object>> transforms = new ArrayList<>();
        String labelField = drawable(label, taken, transforms);
        String measure = Chart.unused(MEASURE, taken);
        String value = Chart.unused(VALUE, taken);
        if (folded) {
            // the fold's fields are references (escaped); its "as" names are the keys it writes (plain)
            transforms.add(Map.of("fold", measures.stream().map(VegaLite::reference).toList(), "as", List.of(measure, value)));
        }
        Map<String, Object> y = folded ? field(value, value, "quantitative") : field(drawable(measures.getFirst(), taken, transforms), measures.getFirst(), "quantitative");
        if (!transforms.isEmpty()) {
            spec.put("transform", List.copyOf(transforms));
        }
        Map<String, Object> encoding = new LinkedHashMap<>();
        switch (chart.kind()) {
            case BAR -> {
                spec.put("mark", "bar");
                Map<String, Object> x = field(labelField, label, "nominal");
                x.put("sort", null); // the result's own order, e.g. ORDER BY revenue DESC
                encoding.put("x", x);
                encoding.put("y", y);
                if (folded) {
                    encoding.put("xOffset", field(measure, measure, "nominal"));
                }
            }
            case LINE -> {
                spec.put("mark", Map.of("type", "line", "point", true));
                boolean time = ChartChooser.isTime(result.columns().get(chart.labels().getFirst()));
                encoding.put("x", field(labelField, label, time ? "temporal" : "ordinal"));
                encoding.put("y", y);
            }
            case PIE -> {
                spec.put("mark", "arc");
                encoding.put("theta", y);
                Map<String, Object> color = field(labelField, label, "nominal");
                color.put("sort", null);
                encoding.put("color", color);
            }
            case SCATTER -> {
                spec.put("mark", "point");
                encoding.put("x", field(labelField, label, "quantitative"));
                encoding.put("y", y);
            }
            case NONE -> throw new IllegalStateException("no chart has no specification");
        }
        if (folded) {
            encoding.put("color", field(measure, measure, "nominal"));
        }
        spec.put("encoding", encoding);
        return Optional.of(spec);
    }

    /**
     * {@return a reference to the data's field {@code name}} Vega-Lite reads "." and "[ ]" in a reference as access into
     * a nested object, "\" as an escape and a quote at the start as the start of a quoted name, so a column named
     * "price.usd" would draw nothing and "name[0]" the first character of "name". Each of these is escaped with a
     * backslash, as its field documentation says (the quotes as Vega-Lite escapes them itself). The data's keys stay
     * the column names.
     */
    static String reference(String name) {
        StringBuilder escaped = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.' || c == '[' || c == ']' || c == '\\' || c == '\'' || c == '"') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /**
     * {@return the field an encoding can draw {@code name} from: {@code name} itself, or, when it holds a backslash, a
     * copy under a free name without one, made by a calculate transform added to {@code transforms}} Vega-Lite 5 drops
     * one level of a backslash's escape on the way to Vega's marks and scales but not in its own filters, so no
     * escape draws such a field (vega-lite issue 7066); a fold's field list is passed through as written and needs no
     * copy.
     */
    private static String drawable(String name, Set<String> taken, List<Map<String, Object>> transforms) {
        if (name.indexOf('\\') < 0) {
            return name;
        }
        String copy = Chart.unused(name.replace('\\', '\u2216'), taken); // "∖", set minus, reads as the backslash it stands for
        transforms.add(Map.of("calculate", "datum[" + quoted(name) + "]", "as", copy));
        return copy;
    }

    /** {@return {@code text} as a string literal of Vega's expression language, which reads JavaScript's} */
    private static String quoted(String text) {
        StringBuilder literal = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"', '\\' -> literal.append('\\').append(c);
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                default -> literal.append(c < 0x20 || c == '\u2028' || c == '\u2029' ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return literal.append('"').toString();
    }

    /** {@return an encoding of {@code field}, titled {@code title} when the reference would not read as it} */
    private static Map<String, Object> field(String field, String title, String type) {
        Map<String, Object> encoding = new LinkedHashMap<>();
        encoding.put("field", reference(field));
        encoding.put("type", type);
        if (!reference(field).equals(title)) {
            encoding.put("title", title); // Vega-Lite would title the axis or legend with the escaped reference
        }
        return encoding;
    }
}
