package dev.nl2sql.domain.chart;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.result.QueryResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A chart of a result: its kind, which columns it draws, and why it was chosen.
 *
 * <p>For a line or a scatter, {@code labels} is the one x column; for a bar or a pie, the columns whose values,
 * joined, name each bar or slice. {@code values} are the measured columns (a pie has one). A chart holds column
 * positions, not data: it is drawn from the result it was chosen for, which is already masked.
 *
 * @param explanation why this kind, as a person would say it: "line: one date column and one numeric column, 12 rows"
 */
public record Chart(ChartKind kind, List<Integer> labels, List<Integer> values, String explanation) {

    public Chart {
        requireNonNull(kind, "kind");
        labels = List.copyOf(labels);
        values = List.copyOf(values);
        requireNonNull(explanation, "explanation");
        if (kind != ChartKind.NONE && (labels.isEmpty() || values.isEmpty())) {
            throw new IllegalArgumentException("a " + kind.label() + " chart needs a label column and a value column");
        }
    }

    /** {@return no chart, because of {@code reason}} */
    public static Chart none(String reason) {
        return new Chart(ChartKind.NONE, List.of(), List.of(), "none: " + reason);
    }

    /** {@return whether there is something to draw} */
    public boolean isDrawn() {
        return kind != ChartKind.NONE;
    }

    /** {@return the name of the label axis: the label column's name, or the label columns' names joined by a space} */
    public String labelName(QueryResult result) {
        return labels.stream().map(i -> result.columns().get(i).name()).collect(Collectors.joining(" "));
    }

    /**
     * {@return the names of the measured columns, in order, each its own: a name the label or an earlier measure has is
     * numbered ("total (2)")} A series, a legend entry and a specification's field are each known by their name, so two
     * columns named alike would be drawn as one, or not at all.
     */
    public List<String> valueNames(QueryResult result) {
        Set<String> taken = new HashSet<>(Set.of(labelName(result)));
        List<String> names = new ArrayList<>();
        for (int column : values) {
            names.add(unused(result.columns().get(column).name(), taken));
        }
        return List.copyOf(names);
    }

    /** {@return {@code name}, or the first of "name (2)", "name (3)", ... not in {@code taken}; added to it} */
    static String unused(String name, Set<String> taken) {
        String unused = name;
        for (int n = 2; !taken.add(unused); n++) {
            unused = name + " (" + n + ")";
        }
        return unused;
    }

    /** {@return the label of row {@code row}: its label columns' values joined by a space, "(null)" for SQL NULL} */
    public String label(QueryResult result, int row) {
        return labels.stream().map(i -> String.valueOf(text(result.rows().get(row).get(i)))).collect(Collectors.joining(" "));
    }

    /** {@return the number in column {@code column} of row {@code row}, empty for SQL NULL} */
    public static Optional<Double> number(QueryResult result, int row, int column) {
        return result.rows().get(row).get(column) instanceof Number n ? Optional.of(n.doubleValue()) : Optional.empty();
    }

    private static Object text(Object cell) {
        if (cell == null) {
            return "(null)";
        }
        return cell instanceof BigDecimal decimal ? decimal.toPlainString() : cell;
    }
}
