package dev.nl2sql.mcp;

import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import java.util.List;
import java.util.stream.Collectors;

/** Renders rows as compact tab-separated text: a header line, one line per row, and a footer with the counts. */
final class ResultText {

    private ResultText() {}

    static String tsv(QueryResult result) {
        StringBuilder text = new StringBuilder();
        text.append(result.columns().stream().map(ResultColumn::name).map(ResultText::cell).collect(Collectors.joining("\t"))).append('\n');
        for (List<Object> row : result.rows()) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    text.append('\t');
                }
                text.append(cell(row.get(i)));
            }
            text.append('\n');
        }
        text.append('(').append(result.rowCount()).append(result.rowCount() == 1 ? " row" : " rows");
        if (result.truncated()) {
            text.append(", truncated: more rows exist; add a WHERE, an aggregate or a smaller LIMIT");
        }
        return text.append(", ").append(result.elapsed().toMillis()).append(" ms)").toString();
    }

    private static String cell(Object value) {
        if (value == null) {
            return "NULL";
        }
        String text = value instanceof List<?> list ? list.toString() : value.toString();
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
