package dev.nl2sql.postgres;

import java.util.Locale;
import java.util.Set;

/**
 * Whether a statement is a plain query by the keyword it starts with, read past white space, comments and opening
 * parentheses. pgjdbc's own reading is too loose for this: it calls {@code COPY (SELECT ...)}, {@code PREPARE ... AS
 * SELECT} and {@code DECLARE ... CURSOR WITH HOLD FOR SELECT} queries too, and those outlive a statement that runs
 * without a transaction to roll back.
 */
final class PlainQuery {

    private static final Set<String> KEYWORDS = Set.of("select", "with");

    private PlainQuery() {}

    /** {@return whether {@code sql} starts with {@code SELECT} or {@code WITH}} */
    static boolean startsAs(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (sql.startsWith("/*", i)) {
                i = commentEnd(sql, i);
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        boolean wordEnds = i == n || !(Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$');
        return wordEnds && KEYWORDS.contains(sql.substring(start, i).toLowerCase(Locale.ROOT));
    }

    /** {@return the index just past the block comment opening at {@code open}; comments nest, as in PostgreSQL} */
    private static int commentEnd(String sql, int open) {
        int depth = 0;
        int i = open;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return sql.length(); // unterminated: nothing follows, so no keyword either
    }
}
