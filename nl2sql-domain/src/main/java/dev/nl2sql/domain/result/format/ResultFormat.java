package dev.nl2sql.domain.result.format;

import dev.nl2sql.domain.result.QueryResult;
import java.io.IOException;

/** Writes a query result as text. */
public interface ResultFormat {

    /** Writes {@code result} to {@code out}. */
    void write(QueryResult result, Appendable out) throws IOException;

    /** {@return {@code result} as a string} */
    default String format(QueryResult result) {
        StringBuilder out = new StringBuilder();
        try {
            write(result, out);
        } catch (IOException e) {
            throw new IllegalStateException("a StringBuilder does not throw", e);
        }
        return out.toString();
    }

    /** {@return a cell as text: the way people expect to read it, with arrays in PostgreSQL's braces} */
    static String text(Object cell) {
        if (cell instanceof java.util.List<?> list) {
            StringBuilder out = new StringBuilder("{");
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",").append(list.get(i) == null ? "NULL" : text(list.get(i)));
            }
            return out.append('}').toString();
        }
        if (cell instanceof java.math.BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return String.valueOf(cell);
    }
}
