package dev.nl2sql.mcp.tool;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.Answer;
import dev.nl2sql.domain.query.GeneratedQuery;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.ResponseMode;
import dev.nl2sql.mcp.sampling.SamplingLanguageModel;
import dev.nl2sql.port.LanguageModel;
import dev.nl2sql.usecase.GenerateSql;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import java.util.Map;
import java.util.Optional;

/**
 * What generate_sql and ask share: turning a call into a question, choosing the model (nl2sql's own when one is
 * configured, else the client's through sampling, else none and the offline paths answer), and showing how the SQL
 * was written.
 */
final class Questions {

    static final Map<String, Object> QUESTION = Schemas.string(
            "The question in plain language, e.g. 'how many orders were shipped to Germany last month?'.");

    /** The output schema's properties that describe the generated SQL. */
    static final Map<String, Object> GENERATED = Map.of(
            "sql", Schemas.string("The SQL, validated as read-only against the live schema."),
            "explanation", Schemas.string("What the SQL returns, in one sentence (may be empty)."),
            "confidence", Map.of("type", "number", "minimum", 0, "maximum", 1, "description", "The writer's confidence, 0 to 1."),
            "tables", Schemas.array(Map.of("type", "string"), "The tables the SQL reads."),
            "attempts", Map.of("type", "integer", "description", "Tries it took; more than 1 means the validator or the database sent it back."),
            "generator", Schemas.string("Who wrote it: the configured model, sampling:MODEL (the client's model), offline or template:NAME."));

    private final GenerateSql generateSql;

    Questions(GenerateSql generateSql) {
        this.generateSql = generateSql;
    }

    /** {@return the question the call asks, or why it is not one} */
    static Result<QueryRequest.Question> question(Result<DatabaseName> database, Arguments arguments, ResponseMode mode, Limits limits) {
        if (database instanceof Result.Err<DatabaseName> err) {
            return Result.err(err.failure());
        }
        Optional<String> text = arguments.string("question");
        if (text.isEmpty()) {
            return Result.err(new Failure.RequestInvalid("'question' must not be empty"));
        }
        return Result.ok(new QueryRequest.Question(database.orElseThrow(), text.get().strip(), mode, limits));
    }

    /** {@return the answer, from the configured model, the client's model or offline}, with progress before and after */
    Answer answer(McpSyncServerExchange exchange, QueryRequest.Question question, Progress progress) {
        Optional<LanguageModel> clientModel = generateSql.hasConfiguredModel()
                ? Optional.empty()
                : SamplingLanguageModel.of(exchange, progress::step);
        progress.step("writing SQL");
        Answer answer = generateSql.answer(question, clientModel, ToolResults.caller(exchange));
        progress.step("done");
        return answer;
    }

    /** Puts how {@code query} was written into {@code structured}. */
    static void put(Map<String, Object> structured, GeneratedQuery query) {
        structured.put("sql", query.sql());
        structured.put("explanation", query.explanation());
        structured.put("confidence", query.confidence());
        structured.put("tables", query.tables());
        structured.put("attempts", query.attempts());
        structured.put("generator", query.generator());
    }

    /** {@return the SQL as text, with a comment line saying what it is and who wrote it} */
    static String text(GeneratedQuery query) {
        String about = (query.explanation().isBlank() ? "" : query.explanation().strip() + " ")
                + "(" + query.generator() + ", " + query.attempts() + (query.attempts() == 1 ? " attempt" : " attempts")
                + ", confidence " + Math.round(query.confidence() * 100) / 100.0 + ")";
        return "-- " + about.replace("\n", " ") + "\n" + query.sql();
    }
}
