package dev.nl2sql.mcp;

import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.Generation;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.ResponseMode;
import dev.nl2sql.usecase.ExploreSchema;
import dev.nl2sql.usecase.Conversations;
import dev.nl2sql.usecase.GenerateSql;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code generate_sql}: a question in, validated read-only SQL out; nothing runs. */
final class GenerateSqlTool implements McpTool {

    static final String NAME = "generate_sql";

    private static final Map<String, Object> INPUT = Schemas.object(Map.of(
            "database", Schemas.DATABASE,
            "question", Questions.QUESTION,
            "conversation_id", Questions.CONVERSATION_ID), "question");
    private static final Map<String, Object> OUTPUT = Schemas.output(Schemas.merge(Map.of(
            "database", Schemas.STRING, "question", Schemas.STRING, "conversation_id", Schemas.STRING), Questions.GENERATED));

    private final ExploreSchema explore;
    private final Questions questions;

    GenerateSqlTool(ExploreSchema explore, GenerateSql generateSql, Conversations conversations) {
        this.explore = explore;
        this.questions = new Questions(generateSql, conversations);
    }

    @Override
    public SyncToolSpecification specification() {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(NAME, INPUT)
                        .title("Write SQL")
                        .description("Read-only SQL for a question, validated but not run; " + Questions.WRITER
                                + " Use ask for the rows too.")
                        .outputSchema(OUTPUT)
                        .annotations(ToolResults.READ_ONLY)
                        .build())
                .callHandler(ToolResults.guarded(NAME, this::generate))
                .build();
    }

    private CallToolResult generate(McpSyncServerExchange exchange, Arguments arguments) {
        Result<QueryRequest.Question> question = Questions.question(arguments.database(explore.databases()), arguments,
                ResponseMode.SQL, Limits.AS_CONFIGURED);
        if (question instanceof Result.Err<QueryRequest.Question> err) {
            return ToolResults.failure(err.failure());
        }
        QueryRequest.Question asked = question.orElseThrow();
        Result<Conversations.Asked> conversed = questions.answer(exchange, arguments, asked, new Progress(exchange, arguments));
        if (conversed instanceof Result.Err<Conversations.Asked> err) {
            return ToolResults.failure(err.failure());
        }
        Conversations.Asked turn = conversed.orElseThrow();
        return switch (turn.answer().generation()) {
            case Generation.Refused refused -> ToolResults.failure(refused.failure());
            case Generation.Generated generated -> {
                Map<String, Object> structured = new LinkedHashMap<>();
                structured.put("database", asked.database().value());
                structured.put("question", asked.text());
                structured.put("conversation_id", turn.conversation().value());
                Questions.put(structured, generated.query());
                Questions.putDegraded(structured, turn.answer());
                yield ToolResults.success(structured, Questions.degradedLine(turn.answer()) + Questions.text(generated.query()));
            }
        };
    }
}
