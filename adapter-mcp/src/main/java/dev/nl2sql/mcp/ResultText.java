package dev.nl2sql.mcp;

import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import java.util.List;

/** Renders rows as compact tab-separated text: a header line, one line per row, and a footer with the counts. */
final class ResultText {

    private ResultText() {}

    static String tsv(QueryResult result) {
        StringBuilder text = new StringBuilder();
        appendRow(text, result.columns().stream().map(ResultColumn::name).toList());
        for (List<Object> row : result.rows()) {
            appendRow(text, row);
        }
        text.append('(').append(result.rowCount()).append(result.rowCount() == 1 ? " row" : " rows");
        if (result.truncated()) {
            text.append(", truncated: more rows exist; add a WHERE, an aggregate or a smaller LIMIT");
        }
        return text.append(", ").append(result.elapsed().toMillis()).append(" ms)").toString();
    }

    private static void appendRow(StringBuilder text, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                text.append('\t');
            }
            appendCell(text, cells.get(i));
        }
        text.append('\n');
    }

    /** Appends {@code value} with backslash, tab, newline and carriage return escaped, in one pass over its text. */
    private static void appendCell(StringBuilder text, Object value) {
        if (value == null) {
            text.append("NULL");
            return;
        }
        String cell = value instanceof List<?> list ? list.toString() : value.toString();
        int from = 0;
        for (int i = 0; i < cell.length(); i++) {
            String escaped = switch (cell.charAt(i)) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escaped != null) {
                text.append(cell, from, i).append(escaped);
                from = i + 1;
            }
        }
        text.append(cell, from, cell.length());
    }
}
