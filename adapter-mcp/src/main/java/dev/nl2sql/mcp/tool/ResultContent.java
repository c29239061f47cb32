package dev.nl2sql.mcp.tool;

import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import java.util.LinkedHashMap;
import java.util.Map;

/** Rows as every tool that returns them shows them: compact {@code columns} plus {@code rows} arrays, and the counts. */
final class ResultContent {

    /** The output schema's properties for rows, shared by run_sql, ask and run_template. */
    static final Map<String, Object> PROPERTIES = Map.of(
            "columns", Schemas.array(Map.of("type", "string"), "Column labels, in order."),
            "types", Schemas.array(Map.of("type", "string"), "PostgreSQL type of each column."),
            "rows", Schemas.array(Map.of("type", "array"), "Each row as an array of values in column order; null is SQL NULL."),
            "row_count", Map.of("type", "integer"),
            "truncated", Map.of("type", "boolean", "description", "Whether more rows existed than were returned."),
            "elapsed_ms", Map.of("type", "integer"));

    static final String[] REQUIRED = {"columns", "types", "rows", "row_count", "truncated", "elapsed_ms"};

    private ResultContent() {}

    /** {@return {@code properties} followed by {@link #PROPERTIES}} */
    static Map<String, Object> withRows(Map<String, Object> properties) {
        return Schemas.merge(properties, PROPERTIES);
    }

    /** {@return {@code required} followed by {@link #REQUIRED}} */
    static String[] requiredWithRows(String... required) {
        String[] all = new String[required.length + REQUIRED.length];
        System.arraycopy(required, 0, all, 0, required.length);
        System.arraycopy(REQUIRED, 0, all, required.length, REQUIRED.length);
        return all;
    }

    /** Puts {@code result}'s columns, types, rows and counts into {@code structured}, and returns it. */
    static Map<String, Object> put(Map<String, Object> structured, QueryResult result) {
        structured.put("columns", result.columns().stream().map(ResultColumn::name).toList());
        structured.put("types", result.columns().stream().map(ResultColumn::type).toList());
        structured.put("rows", result.rows());
        structured.put("row_count", result.rowCount());
        structured.put("truncated", result.truncated());
        structured.put("elapsed_ms", result.elapsed().toMillis());
        return structured;
    }
}
