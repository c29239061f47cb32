package dev.nl2sql.mcp;

import dev.nl2sql.domain.audit.HistoryQuery;
import dev.nl2sql.usecase.QueryHistory;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.util.List;

/** {@code nl2sql://history}: the most recent calls from the audit log, one line each. */
final class HistoryResource {

    static final String URI = "nl2sql://history";
    static final int RECENT = 50;

    private HistoryResource() {}

    static SyncResourceSpecification specification(QueryHistory history) {
        return new SyncResourceSpecification(
                Resource.builder(URI, "history").title("Recent calls").mimeType("text/plain")
                        .description("The " + RECENT + " most recent calls from the audit log, newest first: time, database, status, "
                                + "question and SQL. The query_history tool filters and pages.").build(),
                (exchange, request) -> ReadResourceResult.builder(List.of(TextResourceContents.builder(request.uri(),
                        QueryHistoryTool.text(history.page(HistoryQuery.latest(RECENT)))).mimeType("text/plain").build())).build());
    }
}
