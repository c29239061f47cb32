package dev.nl2sql.bootstrap;

import dev.nl2sql.domain.template.QueryTemplate;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.Nl2Sql;
import dev.nl2sql.library.Wiring;
import dev.nl2sql.library.config.DatabaseConfig;
import dev.nl2sql.library.config.LlmConfig;
import dev.nl2sql.library.config.Nl2SqlConfig;
import dev.nl2sql.openai.OpenAiLanguageModel;
import dev.nl2sql.openai.OpenAiSettings;
import dev.nl2sql.openai.testing.ScriptedOpenAiServer;
import dev.nl2sql.port.AuditLog;
import dev.nl2sql.port.LanguageModel;
import dev.nl2sql.usecase.Conversations;
import dev.nl2sql.usecase.GenerateSql;
import dev.nl2sql.usecase.UseCases;
import dev.nl2sql.usecase.testing.TestUseCases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The real object graph for the tests that need more than one adapter: the library's builder and {@link Wiring}, the
 * composition root the application runs on, over test databases, with what such tests set beside a configuration
 * file: a scripted model, query templates, what answers when the model fails, and an extra audit sink.
 */
public final class TestWiring {

    private final List<DatabaseConfig> databases;
    private final List<QueryTemplate> templates = new ArrayList<>();
    private final List<AuditLog> auditSinks = new ArrayList<>();
    private Optional<LanguageModel> model = Optional.empty();
    private Optional<GenerateSql.Fallback> fallback = Optional.empty();

    private TestWiring(List<DatabaseConfig> databases) {
        this.databases = List.copyOf(databases);
    }

    /** {@return the wiring of these databases, nothing else configured yet} */
    public static TestWiring of(DatabaseConfig... databases) {
        return new TestWiring(List.of(databases));
    }

    /** {@return {@code db}'s database configured as {@code name}, everything else at its default} */
    public static DatabaseConfig database(String name, TestDatabase db) {
        DatabaseConfig database = DatabaseConfig.of(name, db.server().host(), db.server().port(), db.name(), db.server().user());
        return db.server().password().isEmpty() ? database : database.withPassword(db.server().password());
    }

    /** {@return a model at the scripted {@code server}, quick to give up: half a second to connect, 0.8 s to read, one retry} */
    public static OpenAiLanguageModel scriptedModel(ScriptedOpenAiServer server) {
        return new OpenAiLanguageModel(OpenAiSettings.of(server.baseUrl("/v1"), "test-model").withApiKey("sk-test")
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(800)).withMaxRetries(1));
    }

    /** {@return this wiring asking {@code model} for SQL} */
    public TestWiring model(LanguageModel model) {
        this.model = Optional.of(model);
        return this;
    }

    /** {@return this wiring with {@code template} among its query templates} */
    public TestWiring template(QueryTemplate template) {
        templates.add(template);
        return this;
    }

    /** {@return this wiring answering with {@code fallback} when the model fails (llm.fallback)} */
    public TestWiring fallback(GenerateSql.Fallback fallback) {
        this.fallback = Optional.of(fallback);
        return this;
    }

    /** {@return this wiring also recording every call in {@code sink}} */
    public TestWiring auditLog(AuditLog sink) {
        auditSinks.add(sink);
        return this;
    }

    /** {@return the wired graph, its audit files in {@code auditDirectory}; the caller closes it} */
    public Wiring wire(Path auditDirectory) {
        Nl2SqlConfig base = Nl2SqlConfig.of(databases, auditDirectory);
        LlmConfig none = LlmConfig.none();
        LlmConfig llm = new LlmConfig(none.baseUrl(), none.model(), none.apiKeyEnv(), none.apiKey(), none.connectTimeout(), none.readTimeout(),
                none.questionTimeout(), fallback);
        Nl2SqlConfig config = new Nl2SqlConfig(base.source(), base.databases(), llm, base.server(), base.audit(), templates, base.synonyms(),
                base.conversations(), base.operations());
        Nl2Sql.Builder builder = Nl2Sql.builder().config(config);
        model.ifPresent(builder::languageModel);
        auditSinks.forEach(builder::auditLog);
        return builder.wire();
    }

    /**
     * {@return conversations over {@code useCases}' generator with limits the configuration leaves at their defaults
     * (turns, characters, the prompt's token budget)}
     */
    public static Conversations conversations(UseCases useCases, Conversations.Settings settings) {
        return TestUseCases.conversations(useCases.generateSql(), settings, Clock.systemUTC());
    }
}
