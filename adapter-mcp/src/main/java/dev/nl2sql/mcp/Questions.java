package dev.nl2sql.mcp;

import dev.nl2sql.domain.conversation.ConversationId;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.Answer;
import dev.nl2sql.domain.query.GeneratedQuery;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.ResponseMode;
import dev.nl2sql.port.LanguageModel;
import dev.nl2sql.usecase.Conversations;
import dev.nl2sql.usecase.GenerateSql;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What generate_sql and ask share: turning a call into a question, choosing the model (nl2sql's own when one is
 * configured, else the client's through sampling, else none and the offline paths answer), and showing how the SQL
 * was written.
 */
final class Questions {

    static final Map<String, Object> QUESTION = Schemas.string("In plain language.");

    /** Who writes the SQL for ask and generate_sql, said once for both. */
    static final String WRITER = "written by nl2sql's model, else yours (sampling), else a template or the offline generator; "
            + "corrected when refused.";

    /** The output schema's properties that describe the generated SQL. */
    static final Map<String, Object> GENERATED = Map.of(
            "sql", Schemas.STRING,
            "explanation", Schemas.STRING,
            "confidence", Schemas.NUMBER,
            "tables", Schemas.ARRAY,
            "attempts", Schemas.INTEGER,
            "generator", Schemas.STRING,
            "degraded", Map.of("type", "object"));

    static final Map<String, Object> CONVERSATION_ID = Schemas.string("From an earlier answer, to ask a follow-up ('only in 2023').");

    /** How often a question that is still being answered says so; only to clients that asked for progress. */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final GenerateSql generateSql;
    private final Conversations conversations;

    Questions(GenerateSql generateSql, Conversations conversations) {
        this.generateSql = generateSql;
        this.conversations = conversations;
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

    /**
     * {@return the answer, from the configured model, the client's model or offline, in the conversation the call names
     * (a new one when it names none)}, with progress as it starts, every {@link #HEARTBEAT} while it is answered, and
     * around each request to the client's model; none right before the answer, which the answer itself says and which
     * clients drop when both arrive together.
     * Conversations belong to the MCP session.
     */
    Result<Conversations.Asked> answer(McpSyncServerExchange exchange, Arguments arguments, QueryRequest.Question question,
            Progress progress) {
        Optional<String> requested = arguments.string("conversation_id");
        if (requested.isPresent() && !ConversationId.isWellFormed(requested.get())) {
            return Result.err(new Failure.UnknownConversation(requested.get()));
        }
        Optional<LanguageModel> clientModel = generateSql.hasConfiguredModel()
                ? Optional.empty()
                : SamplingLanguageModel.of(exchange, progress::step);
        progress.step("writing SQL");
        return progress.whileWaiting("still writing SQL", HEARTBEAT, () -> conversations.ask(scope(exchange),
                requested.map(ConversationId::new), question, clientModel, ToolResults.caller(exchange)));
    }

    /** {@return the scope of the conversations of {@code exchange}'s session} */
    static String scope(McpSyncServerExchange exchange) {
        return Objects.requireNonNullElse(exchange.sessionId(), "");
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

    /**
     * Puts the {@code degraded} marker of {@code answer} into {@code structured}, when the model failed and the offline
     * paths answered: {@code {model, code, message, answered_by}}.
     */
    static void putDegraded(Map<String, Object> structured, Answer answer) {
        answer.degraded().ifPresent(degraded -> structured.put("degraded", Map.of("model", degraded.model(),
                "code", degraded.failure().code().code(), "message", degraded.failure().message(), "answered_by", degraded.answeredBy())));
    }

    /** {@return the first line of the text of a degraded answer, or nothing} */
    static String degradedLine(Answer answer) {
        return answer.degraded().map(degraded -> "-- degraded: " + degraded.describe().replace("\n", " ") + "\n").orElse("");
    }

    /** {@return the SQL as text, with a comment line saying what it is and who wrote it} */
    static String text(GeneratedQuery query) {
        String about = (query.explanation().isBlank() ? "" : query.explanation().strip() + " ")
                + "(" + query.generator() + ", " + query.attempts() + (query.attempts() == 1 ? " attempt" : " attempts")
                + ", confidence " + Math.round(query.confidence() * 100) / 100.0 + ")";
        return "-- " + about.replace("\n", " ") + "\n" + query.sql();
    }
}
