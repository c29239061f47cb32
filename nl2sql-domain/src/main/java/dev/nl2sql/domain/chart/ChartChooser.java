package dev.nl2sql.domain.chart;

import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Picks a chart for a result from its column types, its values and its row count, and says why.
 *
 * <ul>
 *   <li>line: a date or timestamp column and numeric columns, or an ordered whole-number column (a year, a month) and
 *       numeric columns;</li>
 *   <li>pie: a few categories ({@value #MAX_SLICES} at most) and one measure whose values add up to a whole (a count or
 *       a sum, not an average, a rate or a price), none negative;</li>
 *   <li>bar: label columns and numeric columns, {@value #MAX_BARS} rows at most;</li>
 *   <li>scatter: two numeric columns and no labels, {@value #MIN_SCATTER_POINTS} rows or more;</li>
 *   <li>none otherwise: no rows, one row, nothing numeric, too many categories.</li>
 * </ul>
 *
 * <p>A column is numeric when its type is and every value is a number: a masked column's values are text, so it is
 * never measured. Columns named {@code id} or {@code ..._id} are labels: identifiers are not quantities.
 */
public final class ChartChooser {

    static final int MAX_SLICES = 6;
    static final int MAX_BARS = 50;
    static final int MIN_SCATTER_POINTS = 3;

    private static final Map<String, Set<String>> WORDS = load();
    private static final List<String> COUNTS = List.of("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");

    private enum Role { TIME, NUMBER, LABEL }

    private ChartChooser() {}

    /** {@return the chart {@code request} asks for: chosen from the result, one kind if the result allows it, or none} */
    public static Chart chart(QueryResult result, ChartRequest request) {
        return switch (request) {
            case ChartRequest.Auto auto -> choose(result);
            case ChartRequest.Kind(ChartKind kind) -> as(result, kind);
        };
    }

    /** {@return the chart that shows {@code result} best, or none with the reason} */
    public static Chart choose(QueryResult result) {
        Columns columns = Columns.of(result);
        int rows = result.rowCount();
        if (rows == 0) {
            return Chart.none("no rows");
        }
        if (columns.numbers.isEmpty()) {
            return Chart.none("no numeric column to draw");
        }
        if (rows == 1) {
            return Chart.none("one row reads best as it is");
        }
        if (!columns.times.isEmpty()) {
            int x = columns.times.getFirst();
            return new Chart(ChartKind.LINE, List.of(x), columns.numbers,
                    "line: one " + timeWord(result.columns().get(x)) + " column and " + count(columns.numbers.size()) + " numeric "
                            + plural("column", columns.numbers.size()) + ", " + rows + " rows");
        }
        if (!columns.labels.isEmpty()) {
            if (rows > MAX_BARS) {
                return Chart.none(rows + " categories are too many to draw; narrow the question");
            }
            int measure = columns.numbers.getFirst();
            if (columns.numbers.size() == 1 && rows <= MAX_SLICES && addsUp(result, measure)) {
                return new Chart(ChartKind.PIE, columns.labels, List.of(measure),
                        "pie: " + rows + " categories and one measure that adds up (" + result.columns().get(measure).name() + ")");
            }
            return new Chart(ChartKind.BAR, columns.labels, columns.numbers, "bar: " + count(columns.labels.size()) + " label "
                    + plural("column", columns.labels.size()) + " and " + count(columns.numbers.size()) + " numeric "
                    + plural("column", columns.numbers.size()) + ", " + rows + " rows");
        }
        if (columns.numbers.size() < 2) {
            return Chart.none("one numeric column and nothing to label it with");
        }
        int x = columns.numbers.getFirst();
        List<Integer> measured = columns.numbers.subList(1, columns.numbers.size());
        if (isOrdered(result, x)) {
            return new Chart(ChartKind.LINE, List.of(x), measured, "line: an ordered whole-number column (" + result.columns().get(x).name()
                    + ") and " + count(measured.size()) + " numeric " + plural("column", measured.size()) + ", " + rows + " rows");
        }
        if (rows < MIN_SCATTER_POINTS) {
            return Chart.none("two numeric columns but only " + rows + " rows");
        }
        return new Chart(ChartKind.SCATTER, List.of(x), List.of(measured.getFirst()), "scatter: two numeric columns, " + rows + " rows");
    }

    /** {@return {@code result} drawn as {@code kind} when its columns allow it, else none saying what that kind needs} */
    public static Chart as(QueryResult result, ChartKind kind) {
        Columns columns = Columns.of(result);
        String asked = kind.label() + ", as asked: ";
        if (kind == ChartKind.NONE) {
            return Chart.none("no chart was asked for");
        }
        if (result.rowCount() == 0) {
            return Chart.none("no rows");
        }
        if (kind == ChartKind.SCATTER) {
            if (columns.numbers.size() < 2) {
                return Chart.none("a scatter needs two numeric columns");
            }
            return new Chart(kind, List.of(columns.numbers.get(0)), List.of(columns.numbers.get(1)), asked + "two numeric columns, "
                    + result.rowCount() + " rows");
        }
        List<Integer> labels = new ArrayList<>(kind == ChartKind.LINE && !columns.times.isEmpty() ? List.of(columns.times.getFirst())
                : !columns.labels.isEmpty() ? columns.labels : columns.times);
        List<Integer> numbers = new ArrayList<>(columns.numbers);
        if (labels.isEmpty() && numbers.size() > 1) {
            labels.add(numbers.removeFirst());
        }
        if (labels.isEmpty() || numbers.isEmpty()) {
            return Chart.none("a " + kind.label() + " chart needs a numeric column and a column to label it with");
        }
        if (kind == ChartKind.LINE) {
            labels = labels.subList(0, 1);
        }
        if (kind == ChartKind.PIE) {
            int measure = numbers.getFirst();
            if (IntStream.range(0, result.rowCount()).anyMatch(row -> Chart.number(result, row, measure).orElse(0.0) < 0)) {
                return Chart.none("a pie cannot show negative values");
            }
            numbers = List.of(measure);
        }
        return new Chart(kind, labels, numbers, asked + count(labels.size()) + " label " + plural("column", labels.size()) + " and "
                + count(numbers.size()) + " numeric " + plural("column", numbers.size()) + ", " + result.rowCount() + " rows");
    }

    /** The result's column positions by the part they can play in a chart. */
    private record Columns(List<Integer> times, List<Integer> numbers, List<Integer> labels) {

        static Columns of(QueryResult result) {
            Map<Role, List<Integer>> byRole = IntStream.range(0, result.columns().size()).boxed()
                    .collect(Collectors.groupingBy(i -> role(result, i)));
            return new Columns(byRole.getOrDefault(Role.TIME, List.of()), byRole.getOrDefault(Role.NUMBER, List.of()),
                    byRole.getOrDefault(Role.LABEL, List.of()));
        }
    }

    private static Role role(QueryResult result, int column) {
        ResultColumn described = result.columns().get(column);
        String type = described.type().toLowerCase(Locale.ROOT).strip();
        String name = described.name().toLowerCase(Locale.ROOT);
        List<Object> cells = result.rows().stream().map(row -> row.get(column)).toList();
        if (WORDS.get("number").contains(type) && !(name.equals("id") || name.endsWith("_id"))
                && cells.stream().allMatch(cell -> cell == null || cell instanceof Number)) {
            return Role.NUMBER;
        }
        if (isTime(described) && cells.stream().allMatch(cell -> cell == null || cell instanceof String)) {
            return Role.TIME;
        }
        return Role.LABEL;
    }

    /** A count or a sum adds up; an average, a rate or a price does not, and neither does anything negative. */
    private static boolean addsUp(QueryResult result, int column) {
        boolean partWord = Arrays.stream(result.columns().get(column).name().toLowerCase(Locale.ROOT).split("[_\\s]+"))
                .anyMatch(WORDS.get("not-a-part")::contains);
        return !partWord && IntStream.range(0, result.rowCount()).allMatch(row -> Chart.number(result, row, column).orElse(0.0) >= 0);
    }

    /** Whole numbers, rising row after row: a year, a month number, a rank. */
    private static boolean isOrdered(QueryResult result, int column) {
        BigDecimal previous = null;
        for (List<Object> row : result.rows()) {
            if (!(row.get(column) instanceof Number n)) {
                return false;
            }
            BigDecimal value = new BigDecimal(n.toString());
            if (value.stripTrailingZeros().scale() > 0 || (previous != null && value.compareTo(previous) <= 0)) {
                return false;
            }
            previous = value;
        }
        return true;
    }

    /** {@return whether {@code column}'s type is a date or a timestamp} */
    public static boolean isTime(ResultColumn column) {
        return WORDS.get("time").contains(column.type().toLowerCase(Locale.ROOT).strip());
    }

    private static String timeWord(ResultColumn column) {
        return column.type().equalsIgnoreCase("date") ? "date" : "timestamp";
    }

    private static String count(int n) {
        return n < COUNTS.size() ? COUNTS.get(n) : Integer.toString(n);
    }

    private static String plural(String word, int n) {
        return n == 1 ? word : word + "s";
    }

    private static Map<String, Set<String>> load() {
        try (InputStream in = ChartChooser.class.getResourceAsStream("chart-words.tsv")) {
            Map<String, Set<String>> words = new HashMap<>();
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t"))
                    .forEach(parts -> words.computeIfAbsent(parts[1].strip(), k -> new HashSet<>()).add(parts[0].strip()));
            return words.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
        } catch (IOException e) {
            throw new UncheckedIOException("chart-words.tsv is part of nl2sql-domain", e);
        }
    }
}
