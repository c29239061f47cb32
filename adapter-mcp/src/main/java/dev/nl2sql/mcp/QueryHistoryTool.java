package dev.nl2sql.mcp;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.audit.HistoryPage;
import dev.nl2sql.domain.audit.HistoryQuery;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.usecase.QueryHistory;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code query_history}: what was asked and run before, newest first, from the audit log. */
final class QueryHistoryTool implements McpTool {

    static final String NAME = "query_history";

    private static final Map<String, Object> INPUT = Schemas.object(Map.of(
            "database", Schemas.DATABASE,
            "status", Schemas.enumeration("How the call ended.", "ok", "rejected", "failed"),
            "since", Schemas.string("ISO-8601 instant."),
            "until", Schemas.string("ISO-8601 instant, exclusive."),
            "text", Schemas.string("In the question or SQL."),
            "limit", Schemas.range(1, HistoryQuery.MAX_LIMIT),
            "cursor", Schemas.string("next_cursor of the previous page.")));

    private static final Map<String, Object> OUTPUT = Schemas.output(Map.of("entries", Schemas.ARRAY, "next_cursor", Schemas.STRING));

    private final QueryHistory history;

    QueryHistoryTool(QueryHistory history) {
        this.history = history;
    }

    @Override
    public SyncToolSpecification specification() {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(NAME, INPUT)
                        .title("Query history")
                        .description("Earlier calls from the audit log, newest first: reuse a query that worked, or see why one "
                                + "was refused.")
                        .outputSchema(OUTPUT)
                        .annotations(ToolResults.READ_ONLY)
                        .build())
                .callHandler(ToolResults.guarded(NAME, (exchange, arguments) -> {
                    try {
                        HistoryQuery query = new HistoryQuery(arguments.string("database"), arguments.string("status"),
                                arguments.string("since").map(Instant::parse), arguments.string("until").map(Instant::parse),
                                arguments.string("text"), Math.clamp(arguments.integer("limit", HistoryQuery.DEFAULT_LIMIT), 1, HistoryQuery.MAX_LIMIT),
                                arguments.string("cursor"));
                        return render(history.page(query));
                    } catch (DateTimeParseException e) {
                        return ToolResults.failure(new dev.nl2sql.domain.error.Failure.RequestInvalid(
                                "since and until must be ISO-8601 instants such as 2026-11-25T10:00:00Z"));
                    }
                }))
                .build();
    }

    private static CallToolResult render(HistoryPage page) {
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("entries", page.entries().stream().map(QueryHistoryTool::entry).toList());
        page.next().ifPresent(next -> structured.put("next_cursor", next));
        return ToolResults.success(structured, text(page));
    }

    /** {@return one line per entry, for models that read text} */
    static String text(HistoryPage page) {
        if (page.entries().isEmpty()) {
            return "no matching calls in the audit log";
        }
        return page.entries().stream().map(e -> e.timestamp() + "\t" + e.database() + "\t" + e.status()
                + e.errorCode().map(c -> " " + c.code()).orElse("") + "\t" + e.question().map(q -> q + "\t").orElse("")
                + e.finalSql().or(e::generatedSql).orElse("")).collect(Collectors.joining("\n"))
                + page.next().map(n -> "\nnext_cursor: " + n).orElse("");
    }

    private static Map<String, Object> entry(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("timestamp", e.timestamp().toString());
        m.put("surface", e.surface());
        e.client().ifPresent(v -> m.put("client", v));
        m.put("database", e.database());
        m.put("status", e.status());
        e.errorCode().map(ErrorCode::code).ifPresent(v -> m.put("error_code", v));
        e.reason().ifPresent(v -> m.put("reason", v));
        e.question().ifPresent(v -> m.put("question", v));
        e.generatedSql().ifPresent(v -> m.put("generated_sql", v));
        e.finalSql().ifPresent(v -> m.put("final_sql", v));
        m.put("rows", e.rowCount());
        m.put("truncated", e.truncated());
        m.put("elapsed_ms", e.generate().plus(e.validate()).plus(e.execute()).toMillis());
        Optional.of(e.promptTokens() + e.completionTokens()).filter(t -> t > 0).ifPresent(t -> m.put("tokens", t));
        return m;
    }
}
