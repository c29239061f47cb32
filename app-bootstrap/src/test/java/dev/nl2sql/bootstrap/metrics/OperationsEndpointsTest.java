package dev.nl2sql.bootstrap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.validation.SqlValidator;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.ServerSettings;
import dev.nl2sql.mcp.http.HttpServer;
import dev.nl2sql.postgres.CostGate;
import dev.nl2sql.postgres.DatabaseBreakers;
import dev.nl2sql.postgres.DatabaseConnections;
import dev.nl2sql.postgres.DatabasePools;
import dev.nl2sql.postgres.DatabaseSettings;
import dev.nl2sql.postgres.PostgresDatabaseProbe;
import dev.nl2sql.postgres.PostgresQueryExecutor;
import dev.nl2sql.postgres.PostgresSchemaSource;
import dev.nl2sql.postgres.SchemaFilter;
import dev.nl2sql.usecase.CachedSchemaCatalog;
import dev.nl2sql.usecase.Diagnose;
import dev.nl2sql.usecase.ExploreSchema;
import dev.nl2sql.usecase.GenerateSql;
import dev.nl2sql.usecase.Prompts;
import dev.nl2sql.usecase.QuestionContext;
import dev.nl2sql.usecase.RunSql;
import dev.nl2sql.usecase.RunTemplate;
import dev.nl2sql.usecase.UseCases;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.nl2sql.port.SensitivePolicies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /metrics}, {@code /healthz} and {@code /readyz} on the real HTTP server, fed by real calls. */
class OperationsEndpointsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final DatabaseName SHOP = DatabaseName.of("shop");
    private static final DatabaseName GONE = DatabaseName.of("gone");

    private final HttpClient http = HttpClient.newHttpClient();
    private DatabasePools pools;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        pools.close();
    }

    private DatabaseSettings settings(DatabaseName name, String database) {
        return new DatabaseSettings(new DatabaseIdentity(name, db.server().host(), db.server().port(), database, db.server().user()),
                Optional.ofNullable(db.server().password()), 2, Duration.ofSeconds(1), Duration.ofSeconds(5), Optional.empty(),
                Duration.ofMinutes(1), new SchemaFilter(List.of(), List.of()), CostGate.disabled());
    }

    /** Wires RunSql with the metrics log, starts the HTTP server; {@return RunSql} */
    private RunSql start(List<DatabaseSettings> databases) throws Exception {
        pools = new DatabasePools(databases);
        DatabaseConnections connections = new DatabaseConnections(pools, new DatabaseBreakers());
        Observability observability = new Observability(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), connections, databases.stream().map(d -> d.identity().name()).toList());
        MetricsAuditLog metrics = new MetricsAuditLog(observability.registry());
        var catalog = new CachedSchemaCatalog(new PostgresSchemaSource(connections), CachedSchemaCatalog.DEFAULT_TTL,
                Executors.newVirtualThreadPerTaskExecutor(), Clock.systemUTC(), (before, after) -> {});
        PostgresQueryExecutor executor = new PostgresQueryExecutor(connections);
        RunSql runSql = new RunSql(catalog, SqlValidator.cached(64), executor, Map.of(), SensitivePolicies.NONE, metrics, Clock.systemUTC());
        RunTemplate templates = new RunTemplate(List.of(), runSql, executor);
        PostgresDatabaseProbe probe = new PostgresDatabaseProbe(connections);
        QuestionContext questions = new QuestionContext(new dev.nl2sql.postgres.PostgresColumnValues(connections), new dev.nl2sql.domain.linking.SchemaLinker(),
                new dev.nl2sql.domain.offline.OfflineGenerator());
        GenerateSql generateSql = new GenerateSql(catalog, runSql, templates, executor, Optional.empty(), questions, questions,
                Prompts.load(Prompts.CURRENT_VERSION), GenerateSql.Settings.DEFAULT);
        UseCases useCases = new UseCases(new Diagnose(probe), new ExploreSchema(probe, catalog), runSql, templates, generateSql);
        server = HttpServer.start(new McpServerFactory(useCases, ServerSettings.loopback("test", 0)), observability.operations());
        return runSql;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void run(RunSql runSql, DatabaseName database, String sql) {
        runSql.run(new QueryRequest.Sql(database, sql, Limits.AS_CONFIGURED), Caller.CLI);
    }

    @Test
    void metricsCountCallsByDatabaseAndOutcome() throws Exception {
        RunSql runSql = start(List.of(settings(SHOP, db.name())));
        assertThat(get("/metrics").body()).doesNotContain("nl2sql_calls_total{");

        run(runSql, SHOP, "SELECT 1 AS one");
        run(runSql, SHOP, "SELECT 2 AS two");
        run(runSql, SHOP, "DROP TABLE anything");

        HttpResponse<String> scrape = get("/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("nl2sql_calls_total{database=\"shop\",status=\"ok\",surface=\"cli\"} 2.0")
                .contains("nl2sql_calls_total{database=\"shop\",status=\"rejected\",surface=\"cli\"} 1.0")
                .contains("nl2sql_rejections_total{code=\"SQL_REJECTED\",database=\"shop\",surface=\"cli\"} 1.0")
                .contains("nl2sql_call_duration_seconds_count{database=\"shop\",status=\"ok\",surface=\"cli\"} 2")
                .contains("nl2sql_rows_returned_rows_sum{database=\"shop\",surface=\"cli\"} 2.0")
                .contains("nl2sql_breaker_state{database=\"shop\"} 0.0")
                .contains("nl2sql_pool_connections{database=\"shop\",state=\"max\"} 2.0");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void readinessFailsWhenADatabaseBreakerOpens() throws Exception {
        RunSql runSql = start(List.of(settings(SHOP, db.name()), settings(GONE, db.name() + "_dropped")));

        for (int i = 0; i < 5; i++) {
            run(runSql, GONE, "SELECT 1");
        }

        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"not ready\",\"databases\":{\"gone\":\"breaker open\",\"shop\":\"ready\"}}");
        assertThat(get("/metrics").body()).contains("nl2sql_breaker_state{database=\"gone\"} 1.0",
                "nl2sql_errors_total{code=\"DB_UNAVAILABLE\",database=\"gone\",surface=\"cli\"} 5.0");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }
}
