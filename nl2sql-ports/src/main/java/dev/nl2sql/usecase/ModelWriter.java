package dev.nl2sql.usecase;

import dev.nl2sql.domain.conversation.ConversationContext;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.ChatMessage;
import dev.nl2sql.domain.generation.ChatReply;
import dev.nl2sql.domain.generation.ChatRequest;
import dev.nl2sql.domain.generation.SqlReply;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.port.LanguageModel;
import dev.nl2sql.port.Tracing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SQL written by a language model: the prompt shows the question, the relevant slice of the schema and the earlier
 * turns; each correction goes back into the same chat, so the model sees what it wrote and why it failed. Every call
 * gets what is left of the question's time budget as its timeout. Linking the schema and each model call are
 * {@link Tracing} stages.
 */
final class ModelWriter implements SqlWriter {

    private final LanguageModel model;
    private final Prompts prompts;
    private final GenerateSql.SchemaContext schemaContext;
    private final GenerateSql.Settings settings;
    private final Tracing tracing;

    ModelWriter(LanguageModel model, Prompts prompts, GenerateSql.SchemaContext schemaContext, GenerateSql.Settings settings,
            Tracing tracing) {
        this.model = model;
        this.prompts = prompts;
        this.schemaContext = schemaContext;
        this.settings = settings;
        this.tracing = tracing;
    }

    @Override
    public Drafts start(QueryRequest.Question question, SchemaSnapshot schema, ConversationContext earlier, Deadline deadline) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system(prompts.system()));
        String linked;
        try (Tracing.Stage stage = tracing.start("linking")) {
            linked = schemaContext.render(earlier.linkingText(question.text()), schema);
        }
        messages.add(ChatMessage.user(Prompts.fill(prompts.question(), Map.of("server", "15+",
                "schema", linked, "conversation", earlier.render(), "question", question.text()))));
        return new Chat(messages, deadline);
    }

    /** One question's chat with the model. */
    private final class Chat implements Drafts {

        private final List<ChatMessage> messages;
        private final Deadline deadline;
        private TokenUsage tokens = TokenUsage.NONE;

        Chat(List<ChatMessage> messages, Deadline deadline) {
            this.messages = messages;
            this.deadline = deadline;
        }

        @Override
        public String writer() {
            return model.name();
        }

        @Override
        public TokenUsage tokens() {
            return tokens;
        }

        @Override
        public Draft first() {
            return ask();
        }

        @Override
        public Optional<Draft> after(Failure problem) {
            messages.add(ChatMessage.user(problem instanceof Failure.LlmInvalidReply unreadable
                    ? Prompts.fill(prompts.unreadable(), Map.of("reason", unreadable.reason()))
                    : correction(problem)));
            return Optional.of(ask());
        }

        private Draft ask() {
            if (deadline.hasPassed()) {
                return new Draft.Failed(outOfTime());
            }
            Result<ChatReply> reply;
            try (Tracing.Stage stage = tracing.start("model")) {
                stage.attribute("nl2sql.model", model.name());
                reply = model.chat(new ChatRequest(messages, settings.maxTokens(), settings.temperature(), true, deadline.remaining()));
                if (reply instanceof Result.Err<ChatReply> err) {
                    stage.failed(err.failure().code().code());
                }
            }
            switch (reply) {
                case Result.Err<ChatReply> err -> {
                    // LLM_INVALID_REPLY here is the adapter's: the server answered, with nonsense that asking again would repeat
                    return err.failure() instanceof Failure.LlmUnavailable down
                            ? new Draft.Failed(deadline.hasPassed() ? outOfTime(down) : down)
                            : new Draft.Declined(err.failure());
                }
                case Result.Ok<ChatReply> ok -> {
                    tokens = tokens.plus(ok.value().usage());
                    messages.add(ChatMessage.assistant(ok.value().content()));
                    return switch (SqlReply.read(ok.value().content())) {
                        case SqlReply.CannotAnswer cannot -> new Draft.Declined(new Failure.Unanswerable(cannot.reason()));
                        case SqlReply.Unreadable unreadable -> new Draft.Unreadable(new Failure.LlmInvalidReply(unreadable.problem()));
                        case SqlReply.Sql sql -> new Draft.Sql(sql.sql(), sql.explanation(), sql.confidence(), model.name());
                    };
                }
            }
        }

        private Failure.LlmUnavailable outOfTime() {
            return new Failure.LlmUnavailable(model.name() + " gave no usable SQL within the question's time budget of "
                    + seconds(deadline) + " (llm.question_timeout)");
        }

        private Failure.LlmUnavailable outOfTime(Failure.LlmUnavailable down) {
            return new Failure.LlmUnavailable(down.reason() + "; the question's time budget of " + seconds(deadline)
                    + " is spent (llm.question_timeout)");
        }
    }

    private String correction(Failure failure) {
        String suggestions = failure.suggestions().isEmpty() ? "" : "Closest names: " + String.join(", ", failure.suggestions()) + "\n";
        return Prompts.fill(prompts.correction(), Map.of("reason", failure.code() + ": " + failure.message(), "suggestions", suggestions));
    }

    private static String seconds(Deadline deadline) {
        long millis = deadline.budget().toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }
}
