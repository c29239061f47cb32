package dev.nl2sql.usecase.testing;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseHealth;
import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.template.QueryTemplate;
import dev.nl2sql.domain.validation.SqlValidator;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.port.AuditHistory;
import dev.nl2sql.port.AuditLog;
import dev.nl2sql.port.AuditStorage;
import dev.nl2sql.port.DatabaseProbe;
import dev.nl2sql.port.LanguageModel;
import dev.nl2sql.port.QueryExecutor;
import dev.nl2sql.port.SchemaCatalog;
import dev.nl2sql.port.SensitivePolicies;
import dev.nl2sql.port.Tracing;
import dev.nl2sql.port.ViewLineage;
import dev.nl2sql.usecase.Conversations;
import dev.nl2sql.usecase.DatabasePolicy;
import dev.nl2sql.usecase.Diagnose;
import dev.nl2sql.usecase.DrawChart;
import dev.nl2sql.usecase.ExploreSchema;
import dev.nl2sql.usecase.GenerateSql;
import dev.nl2sql.usecase.Prompts;
import dev.nl2sql.usecase.QueryHistory;
import dev.nl2sql.usecase.RunSql;
import dev.nl2sql.usecase.RunTemplate;
import dev.nl2sql.usecase.UseCases;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The use cases wired the way the composition root ({@code dev.nl2sql.library.Wiring}) wires them, over ports a test
 * chooses: the one place tests build use cases, so that a constructor change touches the root and this class only.
 * Every part has a default that stays out of the way (no databases, nothing runs, no audit, no model, no templates,
 * the system clock); a test states only what it changes, with a {@code withX} copy:
 *
 * <pre>{@code
 * RunSql runSql = TestUseCases.over(catalog, executor).withAudit(entries::add).build().runSql();
 * }</pre>
 *
 * Shared with other modules' tests as nl2sql-ports' {@code test-jar}.
 */
public final class TestUseCases {

    /** Knows no database; probing one is a mistake in the test. */
    private static final DatabaseProbe NO_DATABASES = new DatabaseProbe() {
        @Override
        public List<DatabaseIdentity> databases() {
            return List.of();
        }

        @Override
        public DatabaseHealth probe(DatabaseIdentity database) {
            throw new AssertionError("no database should be probed in this test");
        }
    };

    /** Every database is unavailable, as if its server were down. */
    private static final SchemaCatalog NO_CATALOG = new SchemaCatalog() {
        @Override
        public Result<SchemaSnapshot> snapshot(DatabaseName database) {
            return Result.err(new Failure.DatabaseUnavailable(database, "no catalog in this test", false));
        }

        @Override
        public Result<SchemaSnapshot> refresh(DatabaseName database) {
            return snapshot(database);
        }


        @Override

        public Optional<SchemaSnapshot> cached(DatabaseName database) {

            return Optional.empty();

        }
    };

    /** Running anything is a mistake in the test. */
    private static final QueryExecutor NOTHING_RUNS = new QueryExecutor() {
        @Override
        public QueryOutcome execute(DatabaseName database, Verdict.Accepted statement, List<Object> parameters, Limits limits) {
            throw new AssertionError("nothing should run in this test");
        }

        @Override
        public Result<Double> estimateCost(DatabaseName database, Verdict.Accepted statement, Limits limits) {
            throw new AssertionError("nothing should run in this test");
        }
    };

    private DatabaseProbe probe = NO_DATABASES;
    private SchemaCatalog catalog = NO_CATALOG;
    private QueryExecutor executor = NOTHING_RUNS;
    private Map<DatabaseName, DatabasePolicy> policies = Map.of();
    private SensitivePolicies sensitive = SensitivePolicies.NONE;
    private ViewLineage lineage = ViewLineage.NONE;
    private AuditLog audit = AuditLog.NONE;
    private Clock clock = Clock.systemUTC();
    private List<QueryTemplate> templates = List.of();
    private Optional<LanguageModel> model = Optional.empty();
    private GenerateSql.SchemaContext schemaContext = (question, schema) -> "";
    private GenerateSql.OfflineAnswers offline = (question, schema) -> Result.err(new Failure.Unanswerable("no offline answers in this test"));
    private GenerateSql.Settings generation = GenerateSql.Settings.DEFAULT;
    private Conversations.Settings conversations = Conversations.Settings.DEFAULT;
    private AuditHistory history = AuditHistory.NONE;
    private AuditStorage auditStorage = AuditStorage.NONE;

    private TestUseCases() {}

    /** {@return use cases with every part at its default: no databases, nothing runs} */
    public static TestUseCases defaults() {
        return new TestUseCases();
    }

    /**
     * {@return a catalog that knows {@code schemas}, each under its database, and no other database} Reading again
     * gives the same snapshot.
     */
    public static SchemaCatalog catalogOf(SchemaSnapshot... schemas) {
        Map<DatabaseName, SchemaSnapshot> known = Arrays.stream(schemas)
                .collect(Collectors.toUnmodifiableMap(SchemaSnapshot::database, schema -> schema));
        return new SchemaCatalog() {
            @Override
            public Result<SchemaSnapshot> snapshot(DatabaseName database) {
                SchemaSnapshot schema = known.get(database);
                return schema != null ? Result.ok(schema) : Result.err(new Failure.UnknownDatabase(database.value(),
                        known.keySet().stream().sorted(Comparator.comparing(DatabaseName::value)).toList()));
            }

            @Override
            public Result<SchemaSnapshot> refresh(DatabaseName database) {
                return snapshot(database);
            }

            @Override
            public Optional<SchemaSnapshot> cached(DatabaseName database) {
                return Optional.ofNullable(known.get(database));
            }
        };
    }

    /** {@return use cases reading schemas from {@code catalog} and running statements on {@code executor}} */
    public static TestUseCases over(SchemaCatalog catalog, QueryExecutor executor) {
        return defaults().withCatalog(catalog).withExecutor(executor);
    }

    /**
     * {@return conversations in this process over a generator wired elsewhere, kept with {@code settings}' limits} For
     * app-bootstrap's {@code TestWiring}: the library's configuration sets only the time to live of conversations.
     */
    public static Conversations conversations(GenerateSql generateSql, Conversations.Settings settings, Clock clock) {
        return new Conversations(generateSql, settings, clock);
    }

    /** {@return these use cases, wired: each call builds a new graph} */
    public UseCases build() {
        RunSql runSql = new RunSql(catalog, new SqlValidator(), executor, policies, sensitive, audit, clock, Tracing.NONE);
        RunTemplate runTemplate = new RunTemplate(templates, runSql, executor, audit, clock, Tracing.NONE);
        GenerateSql generateSql = new GenerateSql(catalog, runSql, runTemplate, executor, model, schemaContext, offline,
                Prompts.load(Prompts.CURRENT_VERSION), generation, audit, clock, Tracing.NONE);
        return new UseCases(new Diagnose(probe, lineage, sensitive, auditStorage), new ExploreSchema(probe, catalog), runSql, runTemplate, generateSql,
                new QueryHistory(history), DrawChart.WITHOUT_IMAGES, conversations(generateSql, conversations, clock));
    }

    /** {@return a copy whose databases are those of {@code probe}, for {@code doctor} and the list of databases} */
    public TestUseCases withProbe(DatabaseProbe probe) {
        return with(copy -> copy.probe = requireNonNull(probe, "probe"));
    }

    /** {@return a copy reading schemas from {@code catalog}} */
    public TestUseCases withCatalog(SchemaCatalog catalog) {
        return with(copy -> copy.catalog = requireNonNull(catalog, "catalog"));
    }

    /** {@return a copy running statements on {@code executor}} */
    public TestUseCases withExecutor(QueryExecutor executor) {
        return with(copy -> copy.executor = requireNonNull(executor, "executor"));
    }

    /** {@return a copy with each database's limits and extra functions from {@code policies}; others get the defaults} */
    public TestUseCases withPolicies(Map<DatabaseName, DatabasePolicy> policies) {
        return with(copy -> copy.policies = Map.copyOf(policies));
    }

    /** {@return a copy hiding and masking what {@code sensitive} says, in the validator and for {@code doctor}} */
    public TestUseCases withSensitive(SensitivePolicies sensitive) {
        return with(copy -> copy.sensitive = requireNonNull(sensitive, "sensitive"));
    }

    /** {@return a copy reading where view columns come from in {@code lineage}, for {@code doctor}} */
    public TestUseCases withLineage(ViewLineage lineage) {
        return with(copy -> copy.lineage = requireNonNull(lineage, "lineage"));
    }

    /** {@return a copy recording every call in {@code audit}} */
    public TestUseCases withAudit(AuditLog audit) {
        return with(copy -> copy.audit = requireNonNull(audit, "audit"));
    }

    /** {@return a copy telling the time of audit entries and conversations from {@code clock}} */
    public TestUseCases withClock(Clock clock) {
        return with(copy -> copy.clock = requireNonNull(clock, "clock"));
    }

    /** {@return a copy whose query templates are {@code templates}} */
    public TestUseCases withTemplates(List<QueryTemplate> templates) {
        return with(copy -> copy.templates = List.copyOf(templates));
    }

    /** {@return a copy asking {@code model} for SQL, as a configured model} */
    public TestUseCases withModel(LanguageModel model) {
        return with(copy -> copy.model = Optional.of(model));
    }

    /** {@return a copy whose prompts show the schema as {@code schemaContext} renders it} */
    public TestUseCases withSchemaContext(GenerateSql.SchemaContext schemaContext) {
        return with(copy -> copy.schemaContext = requireNonNull(schemaContext, "schemaContext"));
    }

    /** {@return a copy answering without a model as {@code offline} does} */
    public TestUseCases withOffline(GenerateSql.OfflineAnswers offline) {
        return with(copy -> copy.offline = requireNonNull(offline, "offline"));
    }

    /** {@return a copy generating SQL with {@code generation}'s corrections, time budget and fallback} */
    public TestUseCases withGeneration(GenerateSql.Settings generation) {
        return with(copy -> copy.generation = requireNonNull(generation, "generation"));
    }

    /** {@return a copy keeping conversations in this process with {@code conversations}' limits} */
    public TestUseCases withConversations(Conversations.Settings conversations) {
        return with(copy -> copy.conversations = requireNonNull(conversations, "conversations"));
    }

    /** {@return a copy reading the audit log back from {@code history}} */
    public TestUseCases withHistory(AuditHistory history) {
        return with(copy -> copy.history = requireNonNull(history, "history"));
    }

    public TestUseCases withAuditStorage(AuditStorage storage) {
        return with(copy -> copy.auditStorage = requireNonNull(storage, "storage"));
    }

    private TestUseCases with(Consumer<TestUseCases> change) {
        TestUseCases copy = new TestUseCases();
        copy.probe = probe;
        copy.catalog = catalog;
        copy.executor = executor;
        copy.policies = policies;
        copy.sensitive = sensitive;
        copy.lineage = lineage;
        copy.audit = audit;
        copy.clock = clock;
        copy.templates = templates;
        copy.model = model;
        copy.schemaContext = schemaContext;
        copy.offline = offline;
        copy.generation = generation;
        copy.conversations = conversations;
        copy.history = history;
        copy.auditStorage = auditStorage;
        change.accept(copy);
        return copy;
    }
}
