package dev.nl2sql.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.Parser;

/**
 * Counts statements the way pgjdbc splits them before sending. pgjdbc runs every statement of a multi-statement
 * string, in every query mode and through PreparedStatement too (measured with 42.7.14), so the server never sees
 * the string whole and cannot refuse it: {@code "SELECT 1; COMMIT; DROP TABLE x"} would leave our read-only
 * transaction. Counting with pgjdbc's own lexer gives exactly what it would have sent.
 */
final class StatementCount {

    private StatementCount() {}

    /** {@return how many statements pgjdbc would send for {@code sql}; empty statements do not count} */
    static int of(Connection connection, String sql) throws SQLException {
        boolean standardConformingStrings = connection.unwrap(BaseConnection.class).getStandardConformingStrings();
        return Parser.parseJdbcSql(sql, standardConformingStrings, false, true, false, false).size();
    }
}
