package dev.nl2sql.bootstrap;

import dev.nl2sql.bootstrap.audit.AuditTrail;
import dev.nl2sql.bootstrap.config.ConfigLoader;
import dev.nl2sql.bootstrap.metrics.MetricsAuditLog;
import dev.nl2sql.bootstrap.metrics.Observability;
import dev.nl2sql.bootstrap.config.DatabaseConfig;
import dev.nl2sql.bootstrap.config.Nl2SqlConfig;
import dev.nl2sql.bootstrap.config.Secret;
import dev.nl2sql.bootstrap.config.ServerConfig;
import dev.nl2sql.cli.Launcher;
import dev.nl2sql.mcp.ServerSettings;
import dev.nl2sql.postgres.CostGate;
import dev.nl2sql.postgres.DatabaseBreakers;
import dev.nl2sql.postgres.DatabaseConnections;
import dev.nl2sql.postgres.DatabasePools;
import dev.nl2sql.postgres.DatabaseSettings;
import dev.nl2sql.postgres.PostgresAuditLog;
import dev.nl2sql.postgres.PostgresColumnValues;
import dev.nl2sql.postgres.PostgresDatabaseProbe;
import dev.nl2sql.postgres.PostgresQueryExecutor;
import dev.nl2sql.postgres.PostgresSchemaSource;
import dev.nl2sql.postgres.SchemaFilter;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.linking.SchemaLinker;
import dev.nl2sql.domain.offline.OfflineGenerator;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.openai.OpenAiLanguageModel;
import dev.nl2sql.openai.OpenAiSettings;
import dev.nl2sql.port.AuditLog;
import dev.nl2sql.port.LanguageModel;
import dev.nl2sql.domain.validation.SqlValidator;
import dev.nl2sql.port.SchemaCatalog;
import dev.nl2sql.usecase.CachedSchemaCatalog;
import dev.nl2sql.usecase.DatabasePolicy;
import dev.nl2sql.usecase.Diagnose;
import dev.nl2sql.usecase.ExploreSchema;
import dev.nl2sql.usecase.GenerateSql;
import dev.nl2sql.usecase.Prompts;
import dev.nl2sql.usecase.QueryHistory;
import dev.nl2sql.usecase.QuestionContext;
import dev.nl2sql.usecase.RunSql;
import dev.nl2sql.usecase.RunTemplate;
import dev.nl2sql.usecase.UseCases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.Optional;

/** Wires nl2sql from its configuration: adapters built, handed their settings, plugged into the use cases. */
public final class Application implements Launcher {

    private static final int LLM_RETRIES = 2;
    private static final Duration LLM_BREAKER_OPEN_FOR = Duration.ofSeconds(30);

    private final ConfigLoader loader;

    public Application(ConfigLoader loader) {
        this.loader = loader;
    }

    @Override
    public Optional<Samples> samples() {
        return Optional.of(new BundledSamples(this, BundledSamples.cacheDirectory(System.getenv(), Path.of(System.getProperty("user.home")))));
    }

    @Override
    public Launch launch(Optional<Path> configFile) {
        return switch (loader.load(configFile)) {
            case ConfigLoader.Outcome.Invalid invalid ->
                    new Launch.Misconfigured(invalid.problems().stream().map(Object::toString).toList());
            case ConfigLoader.Outcome.Loaded loaded -> ready(loaded.config());
        };
    }

    private static Launch ready(Nl2SqlConfig config) {
        DatabasePools pools = new DatabasePools(config.databases().stream().map(Application::settings).toList());
        DatabaseConnections connections = new DatabaseConnections(pools, new DatabaseBreakers());
        PostgresDatabaseProbe probe = new PostgresDatabaseProbe(connections);
        ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
        SchemaCatalog catalog = new CachedSchemaCatalog(new PostgresSchemaSource(connections), CachedSchemaCatalog.DEFAULT_TTL,
                background, Clock.systemUTC(), (before, after) -> {});
        Map<DatabaseName, DatabasePolicy> policies = config.databases().stream().collect(Collectors.toMap(DatabaseConfig::name,
                d -> new DatabasePolicy(new Limits(d.maxRows(), d.maxBytes(), d.statementTimeout()), Set.of())));
        PostgresQueryExecutor executor = new PostgresQueryExecutor(connections);
        Observability observability = new Observability(connections, config.databases().stream().map(DatabaseConfig::name).toList());
        List<AuditLog> keepers = config.audit().postgres().map(pg -> List.<AuditLog>of(new PostgresAuditLog(PostgresAuditLog.Settings.of(
                pg.host(), pg.port(), pg.database(), pg.user(), pg.password().map(Secret::value), pg.table(),
                config.audit().path().resolve("postgres-spill.tsv"))))).orElse(List.of());
        AuditTrail audit = AuditTrail.of(config.audit(), Clock.systemUTC(), keepers, List.of(new MetricsAuditLog(observability.registry())));
        RunSql runSql = new RunSql(catalog, SqlValidator.cached(4_096), executor, policies, audit.log(), Clock.systemUTC());
        RunTemplate templates = new RunTemplate(config.templates(), runSql, executor, audit.log(), Clock.systemUTC());
        Optional<OpenAiLanguageModel> model = config.llm().baseUrl().map(url -> new OpenAiLanguageModel(new OpenAiSettings(url,
                config.llm().model(), config.llm().apiKey().map(Secret::value), config.llm().connectTimeout(), config.llm().readTimeout(),
                LLM_RETRIES, LLM_BREAKER_OPEN_FOR)));
        QuestionContext questions = new QuestionContext(new PostgresColumnValues(connections), new SchemaLinker(), new OfflineGenerator());
        GenerateSql generateSql = new GenerateSql(catalog, runSql, templates, executor, model.map(LanguageModel.class::cast), questions,
                questions, Prompts.load(Prompts.CURRENT_VERSION), GenerateSql.Settings.DEFAULT, audit.log(), Clock.systemUTC());
        UseCases useCases = new UseCases(new Diagnose(probe), new ExploreSchema(probe, catalog), runSql, templates, generateSql,
                new QueryHistory(audit.history()));
        ServerConfig server = config.server();
        ServerSettings settings = new ServerSettings(version(), server.bind(), server.port(),
                server.authTokens().stream().map(Secret::value).toList(), ServerSettings.DEFAULT_MAX_REQUEST_SIZE);
        return new Launch.Ready(config.source(), useCases, new McpServers(useCases, settings, observability.operations()),
                new Listener(server.transport() == ServerConfig.Transport.HTTP, server.bind(), server.port()), () -> {
            background.shutdownNow();
            model.ifPresent(OpenAiLanguageModel::close);
            pools.close();
            audit.close();
        });
    }

    static String version() {
        String version = Application.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    static DatabaseSettings settings(DatabaseConfig database) {
        return new DatabaseSettings(database.identity(), database.password().map(Secret::value), database.poolSize(),
                database.connectTimeout(), database.statementTimeout(), database.readOnlyRole(),
                DatabaseSettings.DEFAULT_BREAKER_OPEN_FOR, new SchemaFilter(database.includeSchemas(), database.excludeSchemas()),
                database.maxCost().map(CostGate::atMost).orElse(CostGate.disabled()));
    }
}
