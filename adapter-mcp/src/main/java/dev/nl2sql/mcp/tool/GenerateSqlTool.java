package dev.nl2sql.mcp.tool;

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
public final class GenerateSqlTool implements McpTool {

    static final String NAME = "generate_sql";

    private static final Map<String, Object> INPUT = Schemas.object(Map.of(
            "database", Schemas.DATABASE,
            "question", Questions.QUESTION,
            "conversation_id", Questions.CONVERSATION_ID), "question");
    private static final Map<String, Object> OUTPUT = Schemas.output(Schemas.object(Schemas.merge(Map.of(
            "database", Schemas.string("The database the SQL is for."),
            "question", Schemas.string("The question, as asked."),
            "conversation_id", Questions.CONVERSATION_ID_OUT), Questions.GENERATED),
            "database", "question", "conversation_id", "sql", "explanation", "confidence", "tables", "attempts", "generator"));

    private final ExploreSchema explore;
    private final Questions questions;

    public GenerateSqlTool(ExploreSchema explore, GenerateSql generateSql, Conversations conversations) {
        this.explore = explore;
        this.questions = new Questions(generateSql, conversations);
    }

    @Override
    public SyncToolSpecification specification() {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(NAME, INPUT)
                        .title("Write SQL for a question")
                        .description("Turn a question in plain language into one read-only PostgreSQL query over the live schema, "
                                + "without running it. nl2sql writes the SQL with its own configured model or, when none is "
                                + "configured, with your model through MCP sampling (your client may ask its user to approve); "
                                + "with neither it uses a matching query template or its offline generator. The SQL is validated "
                                + "and checked against the database (and corrected when it fails) before it is returned. "
                                + "A question the schema cannot answer returns QUESTION_UNANSWERABLE with the reason. "
                                + "Pass the returned conversation_id with a follow-up question to refine the previous one. "
                                + "Use ask to get the rows too; use run_sql for SQL you wrote yourself.")
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
                yield ToolResults.success(structured, Questions.text(generated.query()));
            }
        };
    }
}
