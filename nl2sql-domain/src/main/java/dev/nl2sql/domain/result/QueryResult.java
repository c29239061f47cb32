package dev.nl2sql.domain.result;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows a statement returned, within its limits.
 *
 * <p>Values are JSON-friendly Java values: {@code null} for SQL NULL (the one place a null is meaningful, so cells
 * are held in unmodifiable lists that permit it), {@code String}, {@code Long}, {@code Double}, {@code BigDecimal},
 * {@code Boolean}, {@code List} for arrays, and {@code String} in ISO-8601 for dates and times.
 *
 * @param truncated whether more rows or bytes existed than the limits let through
 */
public record QueryResult(List<ResultColumn> columns, List<List<Object>> rows, boolean truncated, Duration elapsed) {

    public QueryResult {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("every row must have " + columns.size() + " cells, one had " + row.size());
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
        requireNonNull(elapsed, "elapsed");
    }

    /** {@return how many rows the result holds} */
    public int rowCount() {
        return rows.size();
    }
}
