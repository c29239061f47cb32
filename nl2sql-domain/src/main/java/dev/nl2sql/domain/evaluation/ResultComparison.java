package dev.nl2sql.domain.evaluation;

import dev.nl2sql.domain.result.QueryResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Whether a generated query returned what the gold query returned: the same multiset of rows, in the same order when
 * the gold has ORDER BY (rows that tie on the gold's sort keys may come in any order), with columns matched in any
 * order but none extra or missing. Numbers (and text that is a number) compare at two decimals, so {@code avg(x)} and
 * {@code round(avg(x), 2)} agree; everything else compares by its text.
 */
public final class ResultComparison {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

    private ResultComparison() {}

    /** {@return empty when {@code generated} answers as {@code gold} does, else how it differs} */
    public static Optional<String> difference(String goldSql, QueryResult gold, QueryResult generated) {
        int width = gold.columns().size();
        if (generated.columns().size() != width) {
            return Optional.of(generated.columns().size() + " columns where the gold has " + width);
        }
        if (generated.rowCount() != gold.rowCount()) {
            return Optional.of(generated.rowCount() + " rows where the gold has " + gold.rowCount());
        }
        List<List<String>> goldRows = normal(gold.rows());
        List<List<String>> generatedRows = normal(generated.rows());
        Optional<List<Integer>> keys = sortKeys(goldSql, gold);
        boolean anyColumnOrder = false;
        for (int[] order : columnOrders(goldRows, generatedRows, width)) {
            anyColumnOrder = true;
            List<List<String>> lined = generatedRows.stream().map(row -> reorder(row, order)).toList();
            if (!sorted(lined).equals(sorted(goldRows))) {
                continue;
            }
            if (keys.isEmpty() ? !ordered(goldSql) || lined.equals(goldRows) : project(lined, keys.get()).equals(project(goldRows, keys.get()))) {
                return Optional.empty();
            }
        }
        return Optional.of(anyColumnOrder ? "the same columns, but other rows or another order" : "other values in the columns");
    }

    /** {@code cell} as compared: numbers at two decimals, booleans as t/f, everything else as its text. */
    static String normal(Object cell) {
        if (cell == null) {
            return "null";
        }
        if (cell instanceof Boolean b) {
            return b ? "s:t" : "s:f";
        }
        String text = cell instanceof Double d ? Double.toString(d) : cell.toString();
        if ((cell instanceof Number || cell instanceof String) && NUMBER.matcher(text).matches()) {
            return "n:" + new BigDecimal(text).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        }
        return "s:" + text;
    }

    private static List<List<String>> normal(List<List<Object>> rows) {
        List<List<String>> normal = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            List<String> cells = new ArrayList<>(row.size());
            row.forEach(cell -> cells.add(normal(cell)));
            normal.add(cells);
        }
        return normal;
    }

    private static List<String> reorder(List<String> row, int[] order) {
        List<String> lined = new ArrayList<>(order.length);
        for (int j : order) {
            lined.add(row.get(j));
        }
        return lined;
    }

    private static List<List<String>> sorted(List<List<String>> rows) {
        List<List<String>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(row -> String.join("\u0000", row)));
        return copy;
    }

    private static List<List<String>> project(List<List<String>> rows, List<Integer> keys) {
        return rows.stream().map(row -> keys.stream().map(row::get).toList()).toList();
    }

    /** Every way to line the generated columns up with the gold's so that each holds the same multiset of values. */
    private static List<int[]> columnOrders(List<List<String>> gold, List<List<String>> generated, int width) {
        List<List<String>> goldColumns = new ArrayList<>();
        List<List<String>> generatedColumns = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            goldColumns.add(sortedColumn(gold, c));
            generatedColumns.add(sortedColumn(generated, c));
        }
        List<int[]> orders = new ArrayList<>();
        extend(new int[width], 0, new boolean[width], goldColumns, generatedColumns, orders);
        return orders;
    }

    private static void extend(int[] order, int at, boolean[] used, List<List<String>> gold, List<List<String>> generated,
            List<int[]> orders) {
        if (at == order.length) {
            orders.add(order.clone());
            return;
        }
        for (int j = 0; j < order.length && orders.size() < 64; j++) {
            if (!used[j] && generated.get(j).equals(gold.get(at))) {
                used[j] = true;
                order[at] = j;
                extend(order, at + 1, used, gold, generated, orders);
                used[j] = false;
            }
        }
    }

    private static List<String> sortedColumn(List<List<String>> rows, int column) {
        List<String> values = new ArrayList<>(rows.size());
        rows.forEach(row -> values.add(row.get(column)));
        values.sort(Comparator.naturalOrder());
        return values;
    }

    private static boolean ordered(String goldSql) {
        return goldSql.toLowerCase(Locale.ROOT).matches("(?s).*\\border\\s+by\\b.*");
    }

    /**
     * The result columns the gold's ORDER BY sorts on, when each of its keys is one (by position, alias, name or the
     * same expression); empty when the gold is unordered or sorts on something it does not show (then order is strict).
     */
    static Optional<List<Integer>> sortKeys(String goldSql, QueryResult gold) {
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parse(goldSql);
        } catch (JSQLParserException e) {
            return Optional.empty();
        }
        if (!(statement instanceof PlainSelect select) || select.getOrderByElements() == null) {
            return Optional.empty();
        }
        List<SelectItem<?>> items = select.getSelectItems();
        List<Integer> keys = new ArrayList<>();
        for (OrderByElement element : select.getOrderByElements()) {
            Optional<Integer> key = position(element.getExpression(), items, gold);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            keys.add(key.get());
        }
        return Optional.of(keys);
    }

    private static Optional<Integer> position(Expression expression, List<SelectItem<?>> items, QueryResult gold) {
        if (expression instanceof LongValue n && n.getValue() >= 1 && n.getValue() <= gold.columns().size()) {
            return Optional.of((int) n.getValue() - 1);
        }
        String text = expression.toString().toLowerCase(Locale.ROOT);
        for (int i = 0; i < items.size() && items.size() == gold.columns().size(); i++) {
            SelectItem<?> item = items.get(i);
            Alias alias = item.getAlias();
            boolean sameAlias = alias != null && expression instanceof Column c && c.getTable() == null
                    && alias.getName().equalsIgnoreCase(c.getColumnName());
            if (sameAlias || item.getExpression().toString().toLowerCase(Locale.ROOT).equals(text)) {
                return Optional.of(i);
            }
        }
        if (expression instanceof Column c) {
            List<Integer> named = new ArrayList<>();
            for (int i = 0; i < gold.columns().size(); i++) {
                if (gold.columns().get(i).name().equalsIgnoreCase(c.getColumnName())) {
                    named.add(i);
                }
            }
            if (named.size() == 1) {
                return Optional.of(named.getFirst());
            }
        }
        return Optional.empty();
    }
}
