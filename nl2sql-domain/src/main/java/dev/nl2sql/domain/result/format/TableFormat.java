package dev.nl2sql.domain.result.format;

import dev.nl2sql.domain.result.QueryResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An aligned text table for a terminal: columns as wide as their widest cell up to a cap, long text cut with an
 * ellipsis, the whole table fitted into the terminal width by narrowing text columns. Values that mean nothing cut
 * (numbers, timestamps, dates, UUIDs) and a lone column (an EXPLAIN plan's lines) are never cut: the table grows
 * wider than the terminal rather than show half a timestamp. numbers right-aligned, NULL shown as {@code NULL} (dim on a
 * colour terminal) so it never looks like an empty string, and a footer with the row count and whether the result was
 * truncated.
 *
 * @param width the terminal's width in characters
 * @param colour whether to use ANSI colour (only on a terminal)
 */
public record TableFormat(int width, boolean colour) implements ResultFormat {

    private static final int MAX_CELL = 40;
    private static final int MIN_CELL = 4;
    private static final String NULL = "NULL";
    /** PostgreSQL types whose values are read whole or not at all. */
    private static final java.util.Set<String> WHOLE = java.util.Set.of("int2", "int4", "int8", "oid", "float4", "float8", "numeric", "bool",
            "date", "time", "timetz", "timestamp", "timestamptz", "interval", "uuid", "inet", "cidr", "macaddr");
    private static final String DIM = "\u001b[2m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    public TableFormat {
        if (width < 20) {
            throw new IllegalArgumentException("width must be at least 20, was " + width);
        }
    }

    @Override
    public void write(QueryResult result, Appendable out) throws IOException {
        int columns = result.columns().size();
        if (columns == 0) {
            out.append("(no columns)\n");
            return;
        }
        List<String[]> cells = new ArrayList<>();
        List<boolean[]> nulls = new ArrayList<>();
        boolean[] numeric = new boolean[columns];
        java.util.Arrays.fill(numeric, true);
        for (List<Object> row : result.rows()) {
            String[] line = new String[columns];
            boolean[] isNull = new boolean[columns];
            for (int i = 0; i < columns; i++) {
                Object cell = row.get(i);
                isNull[i] = cell == null;
                line[i] = cell == null ? NULL : oneLine(ResultFormat.text(cell));
                if (cell != null && !(cell instanceof Number)) {
                    numeric[i] = false;
                }
            }
            cells.add(line);
            nulls.add(isNull);
        }
        int[] widths = widths(result, cells);
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < columns; i++) {
            String name = cut(result.columns().get(i).name(), widths[i]);
            header.append(i == 0 ? "" : " | ").append(colour ? BOLD + pad(name, widths[i], false) + RESET : pad(name, widths[i], false));
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        out.append(stripTrailing(header)).append('\n').append(rule).append('\n');
        for (int r = 0; r < cells.size(); r++) {
            String[] line = cells.get(r);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = pad(cut(line[i], widths[i]), widths[i], numeric[i]);
                text.append(i == 0 ? "" : " | ").append(colour && nulls.get(r)[i] ? DIM + cell + RESET : cell);
            }
            out.append(stripTrailing(text)).append('\n');
        }
        int rows = result.rowCount();
        out.append('(').append(Integer.toString(rows)).append(rows == 1 ? " row" : " rows");
        if (result.truncated()) {
            out.append(", truncated: more rows exist than the limit let through");
        }
        out.append(")\n");
    }

    private int[] widths(QueryResult result, List<String[]> cells) {
        int columns = result.columns().size();
        int[] widths = new int[columns];
        boolean[] whole = new boolean[columns];
        for (int i = 0; i < columns; i++) {
            whole[i] = columns == 1 || WHOLE.contains(result.columns().get(i).type());
            int cap = whole[i] ? Integer.MAX_VALUE : MAX_CELL;
            widths[i] = Math.min(cap, Math.max(MIN_CELL, result.columns().get(i).name().length()));
            for (String[] line : cells) {
                widths[i] = Math.min(cap, Math.max(widths[i], line[i].length()));
            }
        }
        // Shrink the widest text columns until the table fits the terminal, but never below a readable minimum.
        int separators = 3 * (columns - 1);
        while (sum(widths) + separators > width) {
            int widest = -1;
            for (int i = 0; i < columns; i++) {
                if (!whole[i] && (widest < 0 || widths[i] > widths[widest])) {
                    widest = i;
                }
            }
            if (widest < 0 || widths[widest] <= MIN_CELL) {
                break;
            }
            widths[widest]--;
        }
        return widths;
    }

    private static int sum(int[] values) {
        int total = 0;
        for (int value : values) {
            total += value;
        }
        return total;
    }

    private static String oneLine(String text) {
        return text.replace("\r\n", "\u21b5").replace('\n', '\u21b5').replace('\r', '\u21b5').replace('\t', ' ');
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "\u2026";
    }

    private static String pad(String text, int width, boolean right) {
        String padding = " ".repeat(Math.max(0, width - text.length()));
        return right ? padding + text : text + padding;
    }

    private static String stripTrailing(StringBuilder text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        return text.substring(0, end);
    }
}
