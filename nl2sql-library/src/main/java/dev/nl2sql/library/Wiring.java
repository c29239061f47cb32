package dev.nl2sql.library;

import dev.nl2sql.charts.JFreeChartRenderer;
import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.linking.SchemaLinker;
import dev.nl2sql.domain.linking.Synonyms;
import dev.nl2sql.domain.offline.OfflineGenerator;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.domain.template.QueryTemplate;
import dev.nl2sql.domain.validation.SqlValidator;
import dev.nl2sql.library.audit.AuditTrail;
import dev.nl2sql.library.audit.RedactingAuditLog;
import dev.nl2sql.library.config.ConversationsConfig;
import dev.nl2sql.library.config.DatabaseConfig;
import dev.nl2sql.library.config.Nl2SqlConfig;
import dev.nl2sql.library.config.PostgresTableConfig;
import dev.nl2sql.library.config.Secret;
import dev.nl2sql.port.AuditHistory;
import dev.nl2sql.port.AuditLog;
import dev.nl2sql.port.LanguageModel;
import dev.nl2sql.port.Tracing;
import dev.nl2sql.port.DatabaseProbe;
import dev.nl2sql.port.QueryExecutor;
import dev.nl2sql.port.ViewLineage;
import dev.nl2sql.postgres.CostGate;
import dev.nl2sql.postgres.DatabaseSettings;
import dev.nl2sql.postgres.PostgresAdapter;
import dev.nl2sql.postgres.SchemaFilter;
import dev.nl2sql.usecase.CachedSchemaCatalog;
import dev.nl2sql.usecase.Conversations;
import dev.nl2sql.usecase.DatabasePolicy;
import dev.nl2sql.usecase.Diagnose;
import dev.nl2sql.usecase.DrawChart;
import dev.nl2sql.usecase.ExploreSchema;
import dev.nl2sql.usecase.GenerateSql;
import dev.nl2sql.usecase.PlanRedactingExecutor;
import dev.nl2sql.usecase.Prompts;
import dev.nl2sql.usecase.QueryHistory;
import dev.nl2sql.usecase.QuestionContext;
import dev.nl2sql.usecase.RunSql;
import dev.nl2sql.usecase.RunTemplate;
import dev.nl2sql.usecase.SensitiveSchemaCatalog;
import dev.nl2sql.usecase.UseCases;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nl2sql wired from a configuration and the embedding application's parts: the use cases, and what a runnable
 * assembly adds servers and metrics to. {@link Nl2Sql} is the small API over it; app-bootstrap uses it directly.
 * Closing it closes what nl2sql opened (its pools, its model client, its audit files), never the host's data sources.
 */
public final class Wiring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);

    private final UseCases useCases;
    private final PostgresAdapter postgres;
    private final AuditTrail audit;
    private final List<AutoCloseable> owned;

    private Wiring(UseCases useCases, PostgresAdapter postgres, AuditTrail audit, List<AutoCloseable> owned) {
        this.useCases = useCases;
        this.postgres = postgres;
        this.audit = audit;
        this.owned = List.copyOf(owned);
    }

    /** Everything the builder collected; {@code hosted} are the application's own data sources, by name. */
    record Parts(Nl2SqlConfig config, Map<DatabaseName, DataSource> hosted, Limits hostedLimits, Optional<LanguageModel> model,
            boolean auditFiles, List<AuditLog> auditSinks, Set<String> extraFunctions, Map<String, List<String>> synonyms,
            List<QueryTemplate> extraTemplates, Tracing tracing) {}

    static Wiring of(Parts parts) {
        Nl2SqlConfig config = parts.config();
        List<DatabaseSettings> settings = new ArrayList<>(config.databases().stream().map(Wiring::settings).toList());
        Map<DatabaseName, DatabasePolicy> policies = new LinkedHashMap<>();
        config.databases().forEach(d -> policies.put(d.name(),
                new DatabasePolicy(new Limits(d.maxRows(), d.maxBytes(), d.statementTimeout()), parts.extraFunctions(), d.sensitive())));
        parts.hosted().forEach((name, source) -> {
            settings.add(hostedSettings(name, source, parts.hostedLimits()));
            policies.put(name, new DatabasePolicy(parts.hostedLimits(), parts.extraFunctions(), SensitiveData.NONE));
        });
        List<AutoCloseable> owned = new ArrayList<>();
        PostgresAdapter postgres = PostgresAdapter.open(settings, parts.hosted());
        ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
        owned.add(background::shutdownNow);
        // hidden names leave the schema here, before any reader (validator, schema tools, linking, prompts) sees it; the
        // same catalog derives each database's effective policy (its views followed), which every other part asks for
        ViewLineage lineage = postgres.viewLineage();
        SensitiveSchemaCatalog catalog = new SensitiveSchemaCatalog(new CachedSchemaCatalog(postgres.schemaSource(),
                CachedSchemaCatalog.DEFAULT_TTL, background, Clock.systemUTC(), (before, after) -> {}), policies, lineage);
        DatabaseProbe probe = postgres.probe(catalog);
        QueryExecutor executor = new PlanRedactingExecutor(postgres.queryExecutor(catalog), catalog, catalog);
        AuditTrail audit = audit(parts);
        AuditLog auditLog = RedactingAuditLog.aroundMaskedColumns(audit.log(), catalog);
        RunSql runSql = new RunSql(catalog, SqlValidator.cached(4_096), executor, policies, catalog, auditLog, Clock.systemUTC(), parts.tracing());
        List<QueryTemplate> templates = new ArrayList<>(config.templates());
        templates.addAll(parts.extraTemplates());
        RunTemplate runTemplate = new RunTemplate(templates, runSql, executor, auditLog, Clock.systemUTC(), parts.tracing());
        Optional<LanguageModel> model = parts.model().or(() -> config.llm().baseUrl().map(url -> {
            OpenAiModel.Client client = OpenAiModel.create(url, config.llm());
            owned.add(client);
            return client.model();
        }));
        Synonyms synonyms = Synonyms.DEFAULT.with(config.synonyms()).with(parts.synonyms());
        QuestionContext questions = new QuestionContext(postgres.columnValues(catalog),
                new SchemaLinker(synonyms, SchemaLinker.DEFAULT_TOKEN_BUDGET), new OfflineGenerator(synonyms));
        GenerateSql generateSql = new GenerateSql(catalog, runSql, runTemplate, executor, model, questions, questions,
                Prompts.load(Prompts.CURRENT_VERSION), GenerateSql.Settings.DEFAULT.withQuestionTimeout(config.llm().questionTimeout())
                        .withFallback(config.llm().fallback(model.isPresent())), auditLog, Clock.systemUTC(), parts.tracing());
        UseCases useCases = new UseCases(new Diagnose(probe, lineage, catalog.configured(), audit.storage()), new ExploreSchema(probe, catalog),
                runSql, runTemplate, generateSql, new QueryHistory(history(parts, audit)), new DrawChart(new JFreeChartRenderer()),
                conversations(config.conversations(), generateSql, postgres));
        owned.add(postgres); // its conversation store, then its pools
        owned.add(audit); // last: entries recorded while the rest shut down still reach the files
        return new Wiring(useCases, postgres, audit, owned);
    }

    private static AuditTrail audit(Parts parts) {
        List<AuditLog> sinks = new ArrayList<>(parts.auditSinks());
        if (!parts.auditFiles()) {
            return AuditTrail.withoutFiles(sinks);
        }
        sharedAudit(parts).ifPresent(table -> sinks.add(PostgresAdapter.auditCopy(table, spill(parts))));
        return AuditTrail.of(parts.config().audit(), Clock.systemUTC(), sinks, List.of());
    }

    /** {@return the table {@code audit.postgres} names, written by every instance that shares it} */
    private static Optional<PostgresAdapter.Table> sharedAudit(Parts parts) {
        return parts.config().audit().postgres().filter(pg -> parts.auditFiles()).map(Wiring::table);
    }

    /** {@return where entries for the shared audit table wait while its server is down} */
    private static Path spill(Parts parts) {
        return parts.config().audit().path().resolve("postgres-spill.tsv");
    }

    private static PostgresAdapter.Table table(PostgresTableConfig pg) {
        return new PostgresAdapter.Table(pg.host(), pg.port(), pg.database(), pg.user(), pg.password().map(Secret::value), pg.table());
    }

    /** {@return the history: the shared table when there is one, so that every instance shows the same; else the files} */
    private static AuditHistory history(Parts parts, AuditTrail audit) {
        return sharedAudit(parts).map(table -> PostgresAdapter.auditHistory(table, spill(parts), audit.history())).orElse(audit.history());
    }

    /** {@return the conversations: in this process, or in the shared table {@code conversations.postgres} names} */
    private static Conversations conversations(ConversationsConfig config, GenerateSql generateSql, PostgresAdapter postgres) {
        Conversations.Settings limits = Conversations.Settings.DEFAULT;
        Conversations.Settings settings = new Conversations.Settings(config.ttl(), limits.maxConversations(), limits.maxTurns(),
                limits.maxChars(), limits.promptTokens());
        if (config.postgres().isEmpty()) {
            return new Conversations(generateSql, settings, Clock.systemUTC());
        }
        return new Conversations(generateSql, postgres.conversationStore(table(config.postgres().get()), config.ttl(), limits.maxTurns()),
                limits.promptTokens());
    }

    /** {@return the use cases: what the CLI, the MCP server and {@link Nl2Sql} call into} */
    public UseCases useCases() {
        return useCases;
    }

    /** {@return the PostgreSQL adapter: its pools' usage and breakers' states, for metrics and readiness} */
    public PostgresAdapter postgres() {
        return postgres;
    }

    /** {@return why the audit files cannot be kept as promised now (a full or stalled disk), if they cannot: for readiness} */
    public Optional<String> auditProblem() {
        return audit.problem();
    }

    /** {@return every database, configured or handed over, sorted by name} */
    public List<DatabaseName> databases() {
        return postgres.databases();
    }

    @Override
    public void close() {
        for (AutoCloseable part : owned) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", part, e.toString());
            }
        }
    }

    static DatabaseSettings settings(DatabaseConfig database) {
        return new DatabaseSettings(database.identity(), database.password().map(Secret::value), database.poolSize(),
                database.connectTimeout(), database.statementTimeout(), database.readOnlyRole(),
                DatabaseSettings.DEFAULT_BREAKER_OPEN_FOR, new SchemaFilter(database.includeSchemas(), database.excludeSchemas()),
                database.maxCost().map(CostGate::atMost).orElse(CostGate.disabled()), database.tls(), database.poolWait(), database.maxBytes());
    }

    private static DatabaseSettings hostedSettings(DatabaseName name, DataSource source, Limits limits) {
        return new DatabaseSettings(hostedIdentity(name, source), Optional.empty(), 1, Duration.ofSeconds(5), limits.statementTimeout(),
                Optional.empty(), DatabaseSettings.DEFAULT_BREAKER_OPEN_FOR, SchemaFilter.all(), CostGate.disabled());
    }

    /**
     * Where a host's data source points, read from one of its connections for doctor and list_databases; a database
     * that is down at start still works once it is back, it is only shown without an address.
     */
    private static DatabaseIdentity hostedIdentity(DatabaseName name, DataSource source) {
        try (Connection connection = source.getConnection()) {
            var meta = connection.getMetaData();
            URI uri = URI.create(meta.getURL().substring("jdbc:".length()));
            String database = uri.getPath() == null || uri.getPath().length() < 2 ? name.value() : uri.getPath().substring(1);
            return new DatabaseIdentity(name, uri.getHost() == null ? "localhost" : uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                    database, meta.getUserName());
        } catch (SQLException | RuntimeException e) {
            LOG.debug("data source {} did not tell its address: {}", name, e.toString());
            return new DatabaseIdentity(name, "host-data-source", 5432, name.value(), "unknown");
        }
    }
}
