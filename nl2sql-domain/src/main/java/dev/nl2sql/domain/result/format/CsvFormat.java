package dev.nl2sql.domain.result.format;

import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import java.io.IOException;
import java.util.List;

/**
 * RFC 4180 CSV: a header line, CRLF line ends, fields quoted when they hold a comma, quote, CR or LF, quotes doubled.
 * SQL NULL is an empty unquoted field; an empty string is {@code ""}, so the two stay apart.
 */
public final class CsvFormat implements ResultFormat {

    @Override
    public void write(QueryResult result, Appendable out) throws IOException {
        List<ResultColumn> columns = result.columns();
        for (int i = 0; i < columns.size(); i++) {
            out.append(i == 0 ? "" : ",").append(field(columns.get(i).name()));
        }
        out.append("\r\n");
        for (List<Object> row : result.rows()) {
            for (int i = 0; i < row.size(); i++) {
                Object cell = row.get(i);
                out.append(i == 0 ? "" : ",").append(cell == null ? "" : field(ResultFormat.text(cell)));
            }
            out.append("\r\n");
        }
    }

    private static String field(String value) {
        if (value.isEmpty()) {
            return "\"\"";
        }
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
