package dev.nl2sql.mcp;

import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.Answer;
import dev.nl2sql.domain.generation.Generation;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.ResponseMode;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.usecase.DrawChart;
import dev.nl2sql.usecase.ExploreSchema;
import dev.nl2sql.usecase.Conversations;
import dev.nl2sql.usecase.GenerateSql;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code ask}: a question in, the SQL that answers it and its rows out. */
final class AskTool implements McpTool {

    static final String NAME = "ask";

    private static final Map<String, Object> INPUT = Schemas.object(Map.of(
            "database", Schemas.DATABASE,
            "question", Questions.QUESTION,
            "conversation_id", Questions.CONVERSATION_ID,
            "mode", Schemas.enumeration("sql: nothing runs; result: rows only; default both.", "sql", "result", "both"),
            "max_rows", Schemas.MAX_ROWS,
            ChartContent.ARGUMENT, ChartContent.SCHEMA), "question");
    private static final Map<String, Object> OUTPUT = Schemas.output(Schemas.merge(Map.of(
            "database", Schemas.STRING, "question", Schemas.STRING, "mode", Schemas.STRING, "conversation_id", Schemas.STRING),
            Questions.GENERATED, ResultContent.PROPERTIES));

    private final ExploreSchema explore;
    private final Questions questions;
    private final DrawChart charts;

    AskTool(ExploreSchema explore, GenerateSql generateSql, Conversations conversations, DrawChart charts) {
        this.explore = explore;
        this.questions = new Questions(generateSql, conversations);
        this.charts = charts;
    }

    @Override
    public SyncToolSpecification specification() {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(NAME, INPUT)
                        .title("Ask a question")
                        .description("Answer a question with data: the SQL and its rows, " + Questions.WRITER
                                + " For your own SQL, use run_sql.")
                        .outputSchema(OUTPUT)
                        .annotations(ToolResults.READ_ONLY)
                        .build())
                .callHandler(ToolResults.guarded(NAME, this::ask))
                .build();
    }

    private CallToolResult ask(McpSyncServerExchange exchange, Arguments arguments) {
        ResponseMode mode = ResponseMode.valueOf(arguments.string("mode").orElse("both").toUpperCase(Locale.ROOT));
        Limits limits = Limits.AS_CONFIGURED.withMaxRows(Math.clamp(arguments.integer("max_rows", RunSqlTool.MAX_ROWS), 1, RunSqlTool.MAX_ROWS));
        Result<QueryRequest.Question> question = Questions.question(arguments.database(explore.databases()), arguments, mode, limits);
        if (question instanceof Result.Err<QueryRequest.Question> err) {
            return ToolResults.failure(err.failure());
        }
        QueryRequest.Question asked = question.orElseThrow();
        Result<Conversations.Asked> conversed = questions.answer(exchange, arguments, asked, new Progress(exchange, arguments));
        if (conversed instanceof Result.Err<Conversations.Asked> err) {
            return ToolResults.failure(err.failure());
        }
        Answer answer = conversed.orElseThrow().answer();
        if (answer.generation() instanceof Generation.Refused refused) {
            return ToolResults.failure(refused.failure());
        }
        Generation.Generated generated = (Generation.Generated) answer.generation();
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("database", asked.database().value());
        structured.put("question", asked.text());
        structured.put("mode", mode.name().toLowerCase(Locale.ROOT));
        structured.put("conversation_id", conversed.orElseThrow().conversation().value());
        Questions.put(structured, generated.query());
        if (mode == ResponseMode.RESULT) {
            structured.keySet().removeAll(Questions.GENERATED.keySet());
            structured.put("generator", generated.query().generator());
            structured.put("attempts", generated.query().attempts());
        }
        Questions.putDegraded(structured, answer);
        StringBuilder text = new StringBuilder(Questions.degradedLine(answer));
        Optional<QueryResult> rows = Optional.empty();
        if (mode != ResponseMode.RESULT) {
            text.append(Questions.text(generated.query()));
        }
        if (answer.rows().isPresent()) {
            switch (answer.rows().get()) {
                case QueryOutcome.Failed failed -> {
                    return ToolResults.failure(failed.failure());
                }
                case QueryOutcome.Succeeded ok -> {
                    ResultContent.put(structured, ok.result());
                    rows = Optional.of(ok.result());
                    text.append(text.isEmpty() ? "" : "\n\n").append(ResultText.tsv(ok.result()));
                }
            }
        }
        return ChartContent.success(structured, text.toString(), rows, ChartContent.request(arguments), charts);
    }
}
