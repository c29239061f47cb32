package dev.nl2sql.mcp;

import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import java.util.LinkedHashMap;
import java.util.Map;

/** Rows as every tool that returns them shows them: compact {@code columns} plus {@code rows} arrays, and the counts. */
final class ResultContent {

    /** The output schema's properties for rows, shared by run_sql, ask and run_template; a row is an array in column order. */
    static final Map<String, Object> PROPERTIES = Map.of(
            "columns", Schemas.ARRAY,
            "types", Schemas.ARRAY,
            "rows", Schemas.ARRAY,
            "row_count", Schemas.INTEGER,
            "truncated", Schemas.BOOLEAN,
            "elapsed_ms", Schemas.INTEGER);

    private ResultContent() {}

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
