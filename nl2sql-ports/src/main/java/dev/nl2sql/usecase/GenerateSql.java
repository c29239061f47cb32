package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.conversation.ConversationContext;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.Answer;
import dev.nl2sql.domain.generation.Degraded;
import dev.nl2sql.domain.generation.Generation;
import dev.nl2sql.domain.linking.Lexicon;
import dev.nl2sql.domain.query.GeneratedQuery;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.port.AuditLog;
import dev.nl2sql.port.Cancellation;
import dev.nl2sql.port.LanguageModel;
import dev.nl2sql.port.QueryExecutor;
import dev.nl2sql.port.SchemaCatalog;
import dev.nl2sql.port.Tracing;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a question into SQL, and runs it when asked. A {@link SqlWriter} drafts the SQL: the configured model, else
 * the MCP client's model (sampling), else the offline paths (a matching query template, then the offline generator);
 * {@link CorrectionLoop} checks each draft and sends a fixable problem back to the writer. When the model fails, the
 * question is refused, or the offline paths answer and the answer is marked {@code degraded}
 * ({@link Settings#fallback()}). The whole question, every model call, retry and correction included, has one time
 * budget.
 */
public final class GenerateSql {

    /**
     * How hard to try.
     *
     * @param maxCorrections how many times a rejected or failing SQL goes back to the model (0 = first answer only)
     * @param questionTimeout the time budget of one question, shared by every model call, retry and correction round
     * @param fallback what answers when the model fails
     */
    public record Settings(int maxCorrections, int maxTokens, double temperature, Duration questionTimeout, Fallback fallback) {

        /** The time budget of a question unless configured: well under the 60 s after which common MCP clients give up. */
        public static final Duration DEFAULT_QUESTION_TIMEOUT = Duration.ofSeconds(45);

        public static final Settings DEFAULT = new Settings(2, 1_000, 0.0, DEFAULT_QUESTION_TIMEOUT, Fallback.OFFLINE);

        public Settings {
            if (maxCorrections < 0 || maxTokens < 1) {
                throw new IllegalArgumentException("maxCorrections must be >= 0 and maxTokens >= 1, were " + maxCorrections + ", " + maxTokens);
            }
            requireNonNull(questionTimeout, "questionTimeout");
            if (questionTimeout.isNegative() || questionTimeout.isZero()) {
                throw new IllegalArgumentException("questionTimeout must be positive, was " + questionTimeout);
            }
            requireNonNull(fallback, "fallback");
        }

        /** {@return these settings with another time budget per question} */
        public Settings withQuestionTimeout(Duration questionTimeout) {
            return new Settings(maxCorrections, maxTokens, temperature, questionTimeout, fallback);
        }

        /** {@return these settings with another answer to a failed model} */
        public Settings withFallback(Fallback fallback) {
            return new Settings(maxCorrections, maxTokens, temperature, questionTimeout, fallback);
        }
    }

    /** What answers when the model (nl2sql's own, or the client's through sampling) fails. */
    public enum Fallback {
        /** The offline paths, and the answer says it is {@code degraded}: which model failed, and why. */
        OFFLINE,
        /** Nobody: the question is refused with the model's failure. */
        REFUSE
    }

    /** The schema text a prompt shows for a question: the linked slice, or the whole schema when it is small. */
    @FunctionalInterface
    public interface SchemaContext {
        String render(String question, SchemaSnapshot schema);
    }

    /** An answer found without a language model, from the question and the schema alone. */
    @FunctionalInterface
    public interface OfflineAnswers {
        Result<GeneratedQuery> answer(String question, SchemaSnapshot schema);

        /** {@return {@code previousSql} edited as the follow-up question asks, or why that cannot be done} */
        default Result<GeneratedQuery> refine(String followUp, String previousSql, SchemaSnapshot schema) {
            return Result.err(new Failure.Unanswerable("follow-up questions need a language model here"));
        }
    }

    /** Which generator answers: the usual order, or one alone (how {@code nl2sql eval} scores each). */
    public enum Route {
        /** The configured or the client's model; without one, or when it is down, a query template, then the offline generator. */
        USUAL,
        /** The configured model only. */
        MODEL,
        /** Query templates only. */
        TEMPLATES,
        /** The offline generator only. */
        OFFLINE
    }

    private final SchemaCatalog catalog;
    private final RunSql runSql;
    private final CorrectionLoop loop;
    private final Optional<LanguageModel> configuredModel;
    private final Function<LanguageModel, SqlWriter> modelWriter;
    private final Map<OfflineWriter.Sources, SqlWriter> offlineWriters = new EnumMap<>(OfflineWriter.Sources.class);
    private final Settings settings;
    private final Auditing auditing;

    /** @param tracing follows each question's stages */
    public GenerateSql(SchemaCatalog catalog, RunSql runSql, RunTemplate templates, QueryExecutor executor,
            Optional<LanguageModel> configuredModel, SchemaContext schemaContext, OfflineAnswers offline, Prompts prompts,
            Settings settings, AuditLog audit, Clock clock, Tracing tracing) {
        requireNonNull(templates, "templates");
        requireNonNull(schemaContext, "schemaContext");
        requireNonNull(offline, "offline");
        requireNonNull(prompts, "prompts");
        requireNonNull(tracing, "tracing");
        this.catalog = requireNonNull(catalog, "catalog");
        this.runSql = requireNonNull(runSql, "runSql");
        this.settings = requireNonNull(settings, "settings");
        this.loop = new CorrectionLoop(runSql, templates, requireNonNull(executor, "executor"), settings.maxCorrections());
        this.configuredModel = requireNonNull(configuredModel, "configuredModel");
        this.modelWriter = model -> new ModelWriter(model, prompts, schemaContext, settings, tracing);
        for (OfflineWriter.Sources sources : OfflineWriter.Sources.values()) {
            offlineWriters.put(sources, new OfflineWriter(offline, templates, sources, tracing));
        }
        this.auditing = new Auditing(audit, clock, tracing);
    }

    /**
     * Starts loading, on a virtual thread, what the first question reads: the offline generator's English (100,000
     * words, about 0.1 s of CPU). A server calls it once its client is past start-up, where it would otherwise compete
     * for the CPU with the client's first requests; the shell while it waits for the first line. Without it the first
     * question loads it.
     */
    public void prepare() {
        Thread.ofVirtual().name("nl2sql-prepare").start(Lexicon::english);
    }

    /** {@return whether a language model is configured (an MCP client's own model may still be passed per call)} */
    public boolean hasConfiguredModel() {
        return configuredModel.isPresent();
    }

    /**
     * {@return the answer to {@code question}} {@code clientModel} is the caller's own model (MCP sampling), used
     * when no model is configured.
     */
    public Answer answer(QueryRequest.Question question, Optional<LanguageModel> clientModel) {
        return answer(question, clientModel, Caller.LIBRARY);
    }

    /** {@return the answer to {@code question}}; the call is recorded in the audit log exactly once, however it ends */
    public Answer answer(QueryRequest.Question question, Optional<LanguageModel> clientModel, Caller caller) {
        return answer(question, clientModel, caller, ConversationContext.NONE);
    }

    /**
     * {@return the answer to {@code question}, read as a follow-up of the turns in {@code earlier}} The model sees the
     * earlier turns within their token budget; without a model, the offline generator tries to edit the previous SQL.
     */
    public Answer answer(QueryRequest.Question question, Optional<LanguageModel> clientModel, Caller caller,
            ConversationContext earlier) {
        requireNonNull(earlier, "earlier");
        return audited(question, caller, record -> answer(Route.USUAL, question, clientModel, earlier, record));
    }

    /** {@return the answer to {@code question} from the generator {@code route} names; recorded like every answer} */
    public Answer answer(QueryRequest.Question question, Route route, Caller caller) {
        return audited(question, caller, record -> answer(route, question, Optional.empty(), ConversationContext.NONE, record));
    }

    private Answer audited(QueryRequest.Question question, Caller caller, Function<CallRecord, Answer> answering) {
        return auditing.around("question", auditing.start(caller, question.database()).question(question.text()), answering, GenerateSql::describe,
                Answer::withheld);
    }

    private static void describe(CallRecord record, Answer answer) {
        switch (answer.generation()) {
            case Generation.Generated generated -> record.attempts(generated.query().attempts(), generated.query().generator(),
                    generated.query().tokens()).finalSql(generated.query().sql());
            case Generation.Refused refused -> record.attempts(refused.attempts(), refused.generator(), refused.tokens())
                    .failed(refused.failure());
        }
        answer.rows().ifPresent(record::outcome);
        answer.degraded().ifPresent(degraded -> record.degraded(degraded.describe()));
    }

    private Answer answer(Route route, QueryRequest.Question question, Optional<LanguageModel> clientModel,
            ConversationContext earlier, CallRecord record) {
        Deadline deadline = Deadline.in(settings.questionTimeout());
        Limits limits = runSql.limits(question.database(), question.limits());
        SchemaSnapshot schema;
        switch (catalog.snapshot(question.database())) {
            case Result.Err<SchemaSnapshot> err -> {
                return new Answer(new Generation.Refused(err.failure(), 0, TokenUsage.NONE, "none"), Optional.empty());
            }
            case Result.Ok<SchemaSnapshot> ok -> schema = ok.value();
        }
        Asked asked = new Asked(question, schema, earlier, limits, deadline, record);
        return switch (route) {
            case USUAL -> configuredModel.or(() -> clientModel)
                    .map(model -> withFallback(write(modelWriter.apply(model), asked), asked))
                    .orElseGet(() -> write(offlineWriters.get(OfflineWriter.Sources.ALL), asked));
            case MODEL -> configuredModel.map(model -> write(modelWriter.apply(model), asked))
                    .orElseGet(() -> new Answer(new Generation.Refused(new Failure.LlmUnavailable("no language model is configured"), 0,
                            TokenUsage.NONE, "none"), Optional.empty()));
            case TEMPLATES -> write(offlineWriters.get(OfflineWriter.Sources.TEMPLATES), asked);
            case OFFLINE -> write(offlineWriters.get(OfflineWriter.Sources.GENERATOR), asked);
        };
    }

    /** One question, ready for a writer. */
    private record Asked(QueryRequest.Question question, SchemaSnapshot schema, ConversationContext earlier, Limits limits,
            Deadline deadline, CallRecord record) {}

    private Answer write(SqlWriter writer, Asked asked) {
        return loop.answer(writer.start(asked.question(), asked.schema(), asked.earlier(), asked.deadline()), asked.question(),
                asked.limits(), asked.record());
    }

    /** {@return the model's answer; when the model failed, a refusal or the offline paths' answer marked as degraded} */
    private Answer withFallback(Answer fromModel, Asked asked) {
        if (!(fromModel.generation() instanceof Generation.Refused refused && refused.failure() instanceof Failure.LlmUnavailable down)
                || Cancellation.currentIsCancelled()) {
            return fromModel;
        }
        if (settings.fallback() == Fallback.REFUSE) {
            return new Answer(new Generation.Refused(new Failure.LlmUnavailable(down.reason()
                    + "; not answered without the model (llm.fallback: refuse)"), refused.attempts(), refused.tokens(),
                    refused.generator()), Optional.empty());
        }
        Answer offline = write(offlineWriters.get(OfflineWriter.Sources.ALL), asked);
        return switch (offline.generation()) {
            case Generation.Refused notEither -> new Answer(new Generation.Refused(new Failure.LlmUnavailable(down.reason()
                    + "; the offline generator could not answer either: " + notEither.failure().message()), notEither.attempts(),
                    notEither.tokens(), notEither.generator()), Optional.empty());
            case Generation.Generated generated -> offline.degradedBy(new Degraded(refused.generator(), down, generated.query().generator()));
        };
    }
}
