package dev.nl2sql.library;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.chart.Chart;
import dev.nl2sql.domain.chart.ChartImage;
import dev.nl2sql.domain.chart.ChartRequest;
import dev.nl2sql.domain.chart.ImageFormat;
import dev.nl2sql.domain.audit.HistoryPage;
import dev.nl2sql.domain.audit.HistoryQuery;
import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.Answer;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.ResponseMode;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.template.QueryTemplate;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.library.config.ConfigLoader;
import dev.nl2sql.library.config.Nl2SqlConfig;
import dev.nl2sql.library.config.TemplateResources;
import dev.nl2sql.port.AuditLog;
import dev.nl2sql.port.Tracing;
import dev.nl2sql.port.LanguageModel;
import dev.nl2sql.usecase.UseCases;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * nl2sql inside a JVM application: ask PostgreSQL databases questions in plain language and run SQL safely, with the
 * same validator, read-only executor, limits and audit trail as the CLI and the MCP server.
 *
 * <pre>{@code
 * try (Nl2Sql nl2sql = Nl2Sql.builder().dataSource("shop", dataSource).languageModel(model).build()) {
 *     Answer answer = nl2sql.ask("shop", "How many customers are there?");
 * }
 * }</pre>
 *
 * <p>Thread-safe: one instance serves any number of threads. Failures are values (an {@link Answer}'s or a
 * {@link QueryOutcome}'s failure carries a stable error code), never exceptions, except for a configuration that
 * cannot work ({@link InvalidConfigurationException} from {@link Builder#build()}). {@link #close()} closes the pools
 * and clients nl2sql opened, never a data source the application handed over.
 */
public final class Nl2Sql implements AutoCloseable {

    private final Wiring wiring;
    private final UseCases useCases;

    private Nl2Sql(Wiring wiring) {
        this.wiring = wiring;
        this.useCases = wiring.useCases();
    }

    /** {@return a builder: say where the databases are (a file, a configuration, data sources), then {@code build()}} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the answer to {@code question} on {@code database}: the SQL that answers it, and its rows} */
    public Answer ask(String database, String question) {
        return answer(database, question, ResponseMode.BOTH);
    }

    /** {@return SQL that answers {@code question} on {@code database}, validated but not run} */
    public Answer generateSql(String database, String question) {
        return answer(database, question, ResponseMode.SQL);
    }

    private Answer answer(String database, String question, ResponseMode mode) {
        return useCases.generateSql().answer(new QueryRequest.Question(DatabaseName.of(database), question, mode, Limits.DEFAULT),
                Optional.empty(), Caller.LIBRARY);
    }

    /** {@return the rows of {@code sql}, validated and run read-only within the database's limits, or why not} */
    public QueryOutcome run(String database, String sql) {
        return run(database, sql, Limits.DEFAULT);
    }

    /** {@return the rows of {@code sql} within {@code limits} (never above the database's own)} */
    public QueryOutcome run(String database, String sql, Limits limits) {
        return useCases.runSql().run(new QueryRequest.Sql(DatabaseName.of(database), sql, limits), Caller.LIBRARY);
    }

    /**
     * {@return the chart {@code request} asks for over {@code result} (e.g. {@link ChartRequest#AUTO}): its kind, the
     * columns it draws and why; {@link dev.nl2sql.domain.chart.ChartKind#NONE} with the reason when it cannot be drawn}
     * Pass the result as nl2sql returned it: it is already masked, so the chart shows nothing the table does not.
     */
    public Chart chart(QueryResult result, ChartRequest request) {
        return useCases.drawChart().choose(result, request);
    }

    /** {@return {@code chart} as a Vega-Lite (v5) specification with the drawn values inline, empty for no chart} */
    public Optional<Map<String, Object>> chartSpec(Chart chart, QueryResult result) {
        return useCases.drawChart().spec(chart, result);
    }

    /** {@return {@code chart} drawn as a PNG or an SVG image, or why there is none (no chart; no fonts on this machine)} */
    public ChartImage render(Chart chart, QueryResult result, ImageFormat format) {
        return useCases.drawChart().image(chart, result, format);
    }

    /** {@return what the validator says of {@code sql} on {@code database}, without running it} */
    public Result<Verdict> validate(String database, String sql) {
        return useCases.runSql().validate(DatabaseName.of(database), sql, Limits.DEFAULT);
    }

    /** {@return the schema nl2sql sees in {@code database}, from its cache} */
    public Result<SchemaSnapshot> schema(String database) {
        return useCases.exploreSchema().schema(DatabaseName.of(database));
    }

    /** {@return the databases, sorted by name} */
    public List<DatabaseIdentity> databases() {
        return useCases.exploreSchema().databases();
    }

    /** {@return past calls, newest first, from the audit files (empty when nl2sql writes none)} */
    public HistoryPage history(HistoryQuery query) {
        return useCases.queryHistory().page(query);
    }

    /** {@return every use case, for what this class does not cover: templates, schema search, diagnosis} */
    public UseCases useCases() {
        return useCases;
    }

    @Override
    public void close() {
        wiring.close();
    }

    /** Collects where the databases are and the extensions; {@link #build()} checks it all and starts nothing lazy. */
    public static final class Builder {

        private Optional<Path> configFile = Optional.empty();
        private Optional<Nl2SqlConfig> config = Optional.empty();
        private Map<String, String> environment = System.getenv();
        private final Map<DatabaseName, DataSource> dataSources = new LinkedHashMap<>();
        private Limits dataSourceLimits = Limits.DEFAULT;
        private Optional<LanguageModel> model = Optional.empty();
        private final List<AuditLog> auditSinks = new ArrayList<>();
        private Tracing tracing = Tracing.NONE;
        private final Set<String> extraFunctions = new HashSet<>();
        private final Map<String, List<String>> synonyms = new LinkedHashMap<>();
        private final List<String> templateResources = new ArrayList<>();
        private ClassLoader resources = Nl2Sql.class.getClassLoader();

        private Builder() {}

        /**
         * Reads the databases, limits, model, templates and audit settings from a YAML file, with {@code NL2SQL_*}
         * environment overrides, exactly as the CLI and the server do (docs/configuration.md).
         */
        public Builder configFile(Path file) {
            this.configFile = Optional.of(requireNonNull(file, "file"));
            return this;
        }

        /** Uses a configuration built in code (e.g. {@link Nl2SqlConfig#of}) instead of a file. */
        public Builder config(Nl2SqlConfig config) {
            this.config = Optional.of(requireNonNull(config, "config"));
            return this;
        }

        /** The environment the configuration file's overrides and secrets come from; {@link System#getenv()} by default. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /**
         * Adds a database reached through the application's own pool. nl2sql borrows connections, runs every statement
         * in its own READ ONLY transaction with a server-side timeout, gives them back unchanged, and never closes the
         * data source.
         */
        public Builder dataSource(String name, DataSource dataSource) {
            DatabaseName database = DatabaseName.of(name);
            if (dataSources.putIfAbsent(database, requireNonNull(dataSource, "dataSource")) != null) {
                throw new IllegalArgumentException("data source " + name + " is added twice");
            }
            return this;
        }

        /** The ceiling for the databases added with {@link #dataSource}: rows, bytes, statement timeout. */
        public Builder dataSourceLimits(Limits limits) {
            this.dataSourceLimits = requireNonNull(limits, "limits");
            return this;
        }

        /** The model that writes SQL, instead of the configured OpenAI-compatible API (or none: templates and offline). */
        public Builder languageModel(LanguageModel model) {
            this.model = Optional.of(requireNonNull(model, "model"));
            return this;
        }

        /** Also records every call in {@code sink} (a table, a message bus, metrics); it is closed with nl2sql if closeable. */
        public Builder auditLog(AuditLog sink) {
            auditSinks.add(requireNonNull(sink, "sink"));
            return this;
        }

        /** Follows every call's stages with {@code tracing}, e.g. as OpenTelemetry spans; none by default. */
        public Builder tracing(Tracing tracing) {
            this.tracing = requireNonNull(tracing, "tracing");
            return this;
        }

        /** Allows functions beyond the built-in read-only list, e.g. the application's own pure SQL functions. */
        public Builder allowFunctions(String... names) {
            extraFunctions.addAll(List.of(names));
            return this;
        }

        /** Teaches schema linking the application's words: {@code "client" -> ["customer"]}. */
        public Builder synonyms(Map<String, List<String>> words) {
            words.forEach((word, targets) -> synonyms.merge(word, List.copyOf(targets),
                    (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
            return this;
        }

        /** Adds the query templates of a YAML resource on the classpath (same format as template files). */
        public Builder templatesFromClasspath(String resource) {
            templateResources.add(requireNonNull(resource, "resource"));
            return this;
        }

        /** The class loader classpath templates come from; nl2sql's own by default. */
        public Builder classLoader(ClassLoader loader) {
            this.resources = requireNonNull(loader, "loader");
            return this;
        }

        /**
         * {@return nl2sql, ready} Nothing connects yet: pools open on first use, so a database that is down does not
         * stop the others.
         *
         * @throws InvalidConfigurationException listing every problem with the configuration, the templates or the
         *     data sources
         */
        public Nl2Sql build() {
            return new Nl2Sql(wire());
        }

        /** {@return the wiring {@link #build()} wraps, for assemblies that add servers and metrics to it} */
        public Wiring wire() {
            if (configFile.isPresent() && config.isPresent()) {
                throw new IllegalStateException("configFile and config are alternatives: pass one");
            }
            Nl2SqlConfig resolved = config.orElseGet(this::loadFile);
            boolean auditFiles = configFile.isPresent() || config.isPresent();
            if (!auditFiles && dataSources.isEmpty()) {
                throw new InvalidConfigurationException(List.of("no database: pass a config file, a config, or a data source"));
            }
            Set<DatabaseName> names = new HashSet<>(dataSources.keySet());
            resolved.databases().forEach(d -> names.add(d.name()));
            TemplateResources templates = new TemplateResources(names);
            List<QueryTemplate> extraTemplates = new ArrayList<>();
            for (String resource : templateResources) {
                try (InputStream in = resources.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new InvalidConfigurationException(List.of("classpath:" + resource + ": not found"));
                    }
                    extraTemplates.addAll(templates.read("classpath:" + resource, in));
                } catch (java.io.IOException e) {
                    throw new InvalidConfigurationException(List.of("classpath:" + resource + ": " + e.getMessage()));
                }
            }
            if (!templates.problems().isEmpty()) {
                throw new InvalidConfigurationException(templates.problems());
            }
            return Wiring.of(new Wiring.Parts(resolved, dataSources, dataSourceLimits, model, auditFiles, auditSinks, extraFunctions,
                    synonyms, extraTemplates, tracing));
        }

        private Nl2SqlConfig loadFile() {
            if (configFile.isEmpty()) { // data sources only; this configuration's audit directory is never written
                return Nl2SqlConfig.of(List.of(), Path.of("nl2sql-audit"));
            }
            Path home = Path.of(System.getProperty("user.home"));
            return switch (new ConfigLoader(environment, Path.of("").toAbsolutePath(), home).load(configFile)) {
                case ConfigLoader.Outcome.Loaded loaded -> loaded.config();
                case ConfigLoader.Outcome.Invalid invalid ->
                        throw new InvalidConfigurationException(invalid.problems().stream().map(Object::toString).toList());
            };
        }
    }
}
