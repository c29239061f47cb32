package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.conversation.ConversationContext;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.Answer;
import dev.nl2sql.domain.generation.ChatMessage;
import dev.nl2sql.domain.generation.ChatReply;
import dev.nl2sql.domain.generation.ChatRequest;
import dev.nl2sql.domain.generation.Generation;
import dev.nl2sql.domain.generation.SqlReply;
import dev.nl2sql.domain.query.GeneratedQuery;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.ResponseMode;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.template.TemplateMatcher;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.port.AuditLog;
import dev.nl2sql.port.LanguageModel;
import dev.nl2sql.port.Tracing;
import dev.nl2sql.port.QueryExecutor;
import dev.nl2sql.port.SchemaCatalog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a question into SQL, and runs it when asked: the relevant slice of the cached schema goes into a prompt, the
 * model's SQL goes through the validator, and a rejection or a database error (unknown column, type mismatch...) goes
 * back to the model with the reason, a bounded number of times. With no model, or when the model is down, the
 * offline paths answer: a matching query template, then the offline generator; or nl2sql says it cannot.
 */
public final class GenerateSql {

    /**
     * How hard to try.
     *
     * @param maxCorrections how many times a rejected or failing SQL goes back to the model (0 = first answer only)
     */
    public record Settings(int maxCorrections, int maxTokens, double temperature) {
        public static final Settings DEFAULT = new Settings(2, 1_000, 0.0);

        public Settings {
            if (maxCorrections < 0 || maxTokens < 1) {
                throw new IllegalArgumentException("maxCorrections must be >= 0 and maxTokens >= 1, were " + maxCorrections + ", " + maxTokens);
            }
        }
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

    // SQLSTATE classes a model can fix: 42 (unknown name, type mismatch, grouping error), 22 (bad literal), 21 (cardinality).
    private static final Set<String> CORRECTABLE_CLASSES = Set.of("42", "22", "21");

    private final SchemaCatalog catalog;
    private final RunSql runSql;
    private final RunTemplate templates;
    private final QueryExecutor executor;
    private final Optional<LanguageModel> configuredModel;
    private final SchemaContext schemaContext;
    private final OfflineAnswers offline;
    private final Prompts prompts;
    private final Settings settings;
    private final AuditLog audit;
    private final Clock clock;
    private final Tracing tracing;

    public GenerateSql(SchemaCatalog catalog, RunSql runSql, RunTemplate templates, QueryExecutor executor,
            Optional<LanguageModel> configuredModel, SchemaContext schemaContext, OfflineAnswers offline, Prompts prompts,
            Settings settings) {
        this(catalog, runSql, templates, executor, configuredModel, schemaContext, offline, prompts, settings, AuditLog.NONE, Clock.systemUTC());
    }

    public GenerateSql(SchemaCatalog catalog, RunSql runSql, RunTemplate templates, QueryExecutor executor,
            Optional<LanguageModel> configuredModel, SchemaContext schemaContext, OfflineAnswers offline, Prompts prompts,
            Settings settings, AuditLog audit, Clock clock) {
        this(catalog, runSql, templates, executor, configuredModel, schemaContext, offline, prompts, settings, audit, clock, Tracing.NONE);
    }

    /** @param tracing follows each question's stages */
    public GenerateSql(SchemaCatalog catalog, RunSql runSql, RunTemplate templates, QueryExecutor executor,
            Optional<LanguageModel> configuredModel, SchemaContext schemaContext, OfflineAnswers offline, Prompts prompts,
            Settings settings, AuditLog audit, Clock clock, Tracing tracing) {
        this.tracing = requireNonNull(tracing, "tracing");
        this.audit = requireNonNull(audit, "audit");
        this.clock = requireNonNull(clock, "clock");
        this.catalog = requireNonNull(catalog, "catalog");
        this.runSql = requireNonNull(runSql, "runSql");
        this.templates = requireNonNull(templates, "templates");
        this.executor = requireNonNull(executor, "executor");
        this.configuredModel = requireNonNull(configuredModel, "configuredModel");
        this.schemaContext = requireNonNull(schemaContext, "schemaContext");
        this.offline = requireNonNull(offline, "offline");
        this.prompts = requireNonNull(prompts, "prompts");
        this.settings = requireNonNull(settings, "settings");
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
        CallRecord record = new CallRecord(clock, caller, question.database(), tracing).question(question.text());
        return CallRecord.recorded("question", audit, record, () -> answerRecorded(Route.USUAL, question, clientModel, earlier, record),
                GenerateSql::describe);
    }

    /** {@return the answer to {@code question} from the generator {@code route} names; recorded like every answer} */
    public Answer answer(QueryRequest.Question question, Route route, Caller caller) {
        CallRecord record = new CallRecord(clock, caller, question.database(), tracing).question(question.text());
        return CallRecord.recorded("question", audit, record, () -> answerRecorded(route, question, Optional.empty(), ConversationContext.NONE, record),
                GenerateSql::describe);
    }

    private Answer answerRecorded(Route route, QueryRequest.Question question, Optional<LanguageModel> clientModel,
            ConversationContext earlier, CallRecord record) {
        DatabaseName database = question.database();
        Limits limits = runSql.limits(database, question.limits());
        SchemaSnapshot schema;
        switch (catalog.snapshot(database)) {
            case Result.Err<SchemaSnapshot> err -> {
                return refused(err.failure(), 0, TokenUsage.NONE, "none");
            }
            case Result.Ok<SchemaSnapshot> ok -> schema = ok.value();
        }
        return switch (route) {
            case USUAL -> usual(question, clientModel, earlier, schema, limits, record);
            case MODEL -> configuredModel.map(model -> withModel(model, question, schema, limits, ConversationContext.NONE, record))
                    .orElseGet(() -> refused(new Failure.LlmUnavailable("no language model is configured"), 0, TokenUsage.NONE, "none"));
            case TEMPLATES -> templates.match(database, question.text()).map(match -> fromTemplate(question, match, limits, record))
                    .orElseGet(() -> refused(new Failure.Unanswerable("no query template matches the question"), 1, TokenUsage.NONE,
                            "templates"));
            case OFFLINE -> offlineGenerated(question, schema, limits, Optional.empty(), record);
        };
    }

    private static void describe(CallRecord record, Answer answer) {
        switch (answer.generation()) {
            case Generation.Generated generated -> record.attempts(generated.query().attempts(), generated.query().generator(),
                    generated.query().tokens()).finalSql(generated.query().sql());
            case Generation.Refused refused -> record.attempts(refused.attempts(), refused.generator(), refused.tokens())
                    .failed(refused.failure());
        }
        answer.rows().ifPresent(record::outcome);
    }

    private Answer usual(QueryRequest.Question question, Optional<LanguageModel> clientModel, ConversationContext earlier,
            SchemaSnapshot schema, Limits limits, CallRecord record) {
        Optional<LanguageModel> model = configuredModel.or(() -> clientModel);
        if (model.isEmpty()) {
            return offline(question, schema, limits, earlier, Optional.empty(), record);
        }
        Answer fromModel = withModel(model.get(), question, schema, limits, earlier, record);
        if (fromModel.generation() instanceof Generation.Refused refused && refused.failure() instanceof Failure.LlmUnavailable down) {
            return offline(question, schema, limits, earlier, Optional.of(down), record);
        }
        return fromModel;
    }

    private Answer withModel(LanguageModel model, QueryRequest.Question question, SchemaSnapshot schema, Limits limits,
            ConversationContext earlier, CallRecord record) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system(prompts.system()));
        String linked;
        try (Tracing.Stage stage = record.stage("linking")) {
            linked = schemaContext.render(earlier.linkingText(question.text()), schema);
        }
        messages.add(ChatMessage.user(Prompts.fill(prompts.question(), Map.of("server", "15+",
                "schema", linked, "conversation", earlier.render(), "question", question.text()))));
        TokenUsage tokens = TokenUsage.NONE;
        Failure last = new Failure.LlmInvalidReply("no reply");
        int attempts = 0;
        while (attempts <= settings.maxCorrections()) {
            attempts++;
            long asking = System.nanoTime();
            Result<ChatReply> reply;
            try (Tracing.Stage stage = record.stage("model")) {
                stage.attribute("nl2sql.model", model.name());
                reply = model.chat(new ChatRequest(messages, settings.maxTokens(), settings.temperature(), true));
                if (reply instanceof Result.Err<ChatReply> err) {
                    stage.failed(err.failure().code().code());
                }
            }
            record.generate(CallRecord.since(asking));
            if (reply instanceof Result.Err<ChatReply> err) {
                return refused(err.failure(), attempts, tokens, model.name());
            }
            ChatReply chat = ((Result.Ok<ChatReply>) reply).value();
            tokens = tokens.plus(chat.usage());
            messages.add(ChatMessage.assistant(chat.content()));
            switch (SqlReply.read(chat.content())) {
                case SqlReply.CannotAnswer cannot -> {
                    return refused(new Failure.Unanswerable(cannot.reason()), attempts, tokens, model.name());
                }
                case SqlReply.Unreadable unreadable -> {
                    last = new Failure.LlmInvalidReply(unreadable.problem());
                    messages.add(ChatMessage.user(Prompts.fill(prompts.unreadable(), Map.of("reason", unreadable.problem()))));
                }
                case SqlReply.Sql sql -> {
                    record.generated(sql.sql(), model.name(), attempts, tokens);
                    Checked checked = check(question, sql.sql(), limits, record);
                    if (checked.problem().isEmpty()) {
                        GeneratedQuery query = new GeneratedQuery(checked.shown(sql.sql()), sql.explanation(), sql.confidence(),
                                checked.statement().tables(), attempts, tokens, model.name());
                        return new Answer(new Generation.Generated(query), checked.rows());
                    }
                    last = checked.problem().get();
                    if (!correctable(last)) {
                        return refused(last, attempts, tokens, model.name());
                    }
                    messages.add(ChatMessage.user(correction(last)));
                }
            }
        }
        return refused(last, attempts, tokens, model.name());
    }

    /** SQL checked for use: validated, then run (or, when only SQL is wanted, planned) so the database can object too. */
    private record Checked(Verdict.Accepted statement, Optional<Failure> problem, Optional<QueryOutcome> rows) {

        /** {@return the SQL to show for {@code written}: as written when the only change is the row cap's LIMIT, which is ours} */
        String shown(String written) {
            return statement.limitApplied() ? RunSql.asWritten(written) : statement.sql();
        }
    }

    private Checked check(QueryRequest.Question question, String sql, Limits limits, CallRecord record) {
        long validating = System.nanoTime();
        Result<Verdict> verdict;
        try (Tracing.Stage stage = record.stage("validation")) {
            verdict = runSql.validate(question.database(), sql, limits);
        }
        record.validate(CallRecord.since(validating));
        if (verdict instanceof Result.Err<Verdict> err) {
            return new Checked(null, Optional.of(err.failure()), Optional.empty());
        }
        switch (((Result.Ok<Verdict>) verdict).value()) {
            case Verdict.Rejected rejected -> {
                return new Checked(null, Optional.of(rejected.toFailure()), Optional.empty());
            }
            case Verdict.Accepted accepted -> {
                long executing = System.nanoTime();
                if (question.mode() == ResponseMode.SQL) {
                    Result<Double> plan;
                    try (Tracing.Stage stage = record.stage("planning")) {
                        plan = executor.estimateCost(question.database(), accepted, limits);
                    }
                    record.execute(CallRecord.since(executing));
                    Optional<Failure> problem = plan instanceof Result.Err<Double> err ? Optional.of(err.failure()) : Optional.empty();
                    return new Checked(accepted, problem, Optional.empty());
                }
                QueryOutcome outcome;
                try (Tracing.Stage stage = record.stage("execution")) {
                    outcome = executor.execute(question.database(), accepted, limits);
                }
                record.execute(CallRecord.since(executing));
                Optional<Failure> problem = outcome instanceof QueryOutcome.Failed failed && correctable(failed.failure())
                        ? Optional.of(failed.failure()) : Optional.empty();
                return new Checked(accepted, problem, Optional.of(outcome));
            }
        }
    }

    private static boolean correctable(Failure failure) {
        return switch (failure) {
            case Failure.SqlRejected r -> true;
            case Failure.SqlInvalid i -> true;
            case Failure.DatabaseError e -> e.sqlState().length() == 5 && CORRECTABLE_CLASSES.contains(e.sqlState().substring(0, 2));
            default -> false;
        };
    }

    private String correction(Failure failure) {
        String suggestions = failure.suggestions().isEmpty() ? "" : "Closest names: " + String.join(", ", failure.suggestions()) + "\n";
        return Prompts.fill(prompts.correction(), Map.of("reason", failure.code() + ": " + failure.message(), "suggestions", suggestions));
    }

    private Answer offline(QueryRequest.Question question, SchemaSnapshot schema, Limits limits, ConversationContext earlier,
            Optional<Failure> modelDown, CallRecord record) {
        Optional<String> previousSql = earlier.lastSql();
        if (previousSql.isPresent()
                && offline.refine(question.text(), previousSql.get(), schema) instanceof Result.Ok<GeneratedQuery> refined) {
            return offlineChecked(question, refined.value(), limits, record);
        }
        Optional<TemplateMatcher.Match> template = templates.match(question.database(), question.text());
        if (template.isPresent()) {
            return fromTemplate(question, template.get(), limits, record);
        }
        return offlineGenerated(question, schema, limits, modelDown, record);
    }

    private Answer offlineGenerated(QueryRequest.Question question, SchemaSnapshot schema, Limits limits, Optional<Failure> modelDown,
            CallRecord record) {
        long generating = System.nanoTime();
        Result<GeneratedQuery> offlineAnswer;
        try (Tracing.Stage stage = record.stage("offline")) {
            offlineAnswer = offline.answer(question.text(), schema);
        }
        record.generate(CallRecord.since(generating));
        return switch (offlineAnswer) {
            case Result.Ok<GeneratedQuery> ok -> offlineChecked(question, ok.value(), limits, record);
            case Result.Err<GeneratedQuery> err -> refused(modelDown
                    .<Failure>map(down -> new Failure.LlmUnavailable(((Failure.LlmUnavailable) down).reason()
                            + "; the offline generator could not answer either: " + err.failure().message()))
                    .orElse(err.failure()), 1, TokenUsage.NONE, "offline");
        };
    }

    private Answer offlineChecked(QueryRequest.Question question, GeneratedQuery written, Limits limits, CallRecord record) {
        record.generated(written.sql(), "offline", 1, TokenUsage.NONE);
        Checked checked = check(question, written.sql(), limits, record);
        if (checked.problem().isPresent()) {
            return refused(checked.problem().get(), 1, TokenUsage.NONE, "offline");
        }
        GeneratedQuery query = new GeneratedQuery(checked.shown(written.sql()), written.explanation(), written.confidence(),
                checked.statement().tables(), 1, TokenUsage.NONE, "offline");
        return new Answer(new Generation.Generated(query), checked.rows());
    }

    private Answer fromTemplate(QueryRequest.Question question, TemplateMatcher.Match match, Limits limits, CallRecord record) {
        String generator = "template:" + match.template().name();
        String explanation = match.template().description()
                + (match.arguments().isEmpty() ? "" : " (" + match.arguments().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("") + ")");
        GeneratedQuery query = new GeneratedQuery(match.template().sql(), explanation, 0.9, List.of(), 1, TokenUsage.NONE, generator);
        record.generated(match.template().sql(), generator, 1, TokenUsage.NONE);
        long executing = System.nanoTime();
        Optional<QueryOutcome> rows = question.mode() == ResponseMode.SQL
                ? Optional.empty()
                : Optional.of(templates.runUnrecorded(match.template().name(), match.arguments(), limits));
        record.execute(CallRecord.since(executing));
        return new Answer(new Generation.Generated(query), rows);
    }

    private static Answer refused(Failure failure, int attempts, TokenUsage tokens, String generator) {
        return new Answer(new Generation.Refused(failure, attempts, tokens, generator), Optional.empty());
    }
}
