package dev.nl2sql.bootstrap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.bootstrap.TestWiring;
import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.Wiring;
import dev.nl2sql.library.config.DatabaseConfig;
import dev.nl2sql.mcp.HttpServer;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.ServerSettings;
import dev.nl2sql.usecase.RunSql;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics}, {@code /healthz} and {@code /readyz} on the real HTTP server, fed by real calls. */
class OperationsEndpointsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final DatabaseName SHOP = DatabaseName.of("shop");
    private static final DatabaseName GONE = DatabaseName.of("gone");

    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path audit;
    private Wiring wiring;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        wiring.close();
    }

    /** {@return {@code database} on the test server as {@code name}: two connections, each given a second to connect} */
    private DatabaseConfig database(DatabaseName name, String database) {
        DatabaseConfig config = DatabaseConfig.of(name.value(), db.server().host(), db.server().port(), database, db.server().user());
        return sized(db.server().password().isEmpty() ? config : config.withPassword(db.server().password()), 2, Duration.ofSeconds(1));
    }

    /** {@return {@code base} with {@code poolSize} connections, each given {@code connectTimeout}, and statements 5 s} */
    private static DatabaseConfig sized(DatabaseConfig base, int poolSize, Duration connectTimeout) {
        return new DatabaseConfig(base.name(), base.host(), base.port(), base.database(), base.user(), base.passwordEnv(), base.password(),
                poolSize, connectTimeout, Duration.ofSeconds(5), base.maxRows(), base.maxBytes(), base.readOnlyRole(), base.includeSchemas(),
                base.excludeSchemas(), base.maxCost(), base.sensitive());
    }

    /** Wires the use cases with the metrics log, as the application does, and starts the HTTP server; {@return RunSql} */
    private RunSql start(List<DatabaseConfig> databases) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        wiring = TestWiring.of(databases.toArray(DatabaseConfig[]::new)).auditLog(new MetricsAuditLog(registry)).wire(audit);
        Observability observability = new Observability(registry, wiring.postgres(), wiring.databases(), wiring::auditProblem);
        server = HttpServer.start(new McpServerFactory(wiring.useCases(), ServerSettings.loopback("test", 0)), observability.operations());
        return wiring.useCases().runSql();
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
        RunSql runSql = start(List.of(database(SHOP, db.name())));
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
        RunSql runSql = start(List.of(database(SHOP, db.name()), database(GONE, db.name() + "_dropped")));

        for (int i = 0; i < 5; i++) {
            run(runSql, GONE, "SELECT 1");
        }

        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"not ready\",\"audit\":\"ready\",\"databases\":{\"gone\":\"breaker open\",\"shop\":\"ready\"}}");
        assertThat(get("/metrics").body()).contains("nl2sql_breaker_state{database=\"gone\"} 1.0",
                "nl2sql_errors_total{code=\"DB_UNAVAILABLE\",database=\"gone\",surface=\"cli\"} 5.0");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    /** Today's audit file is a link to {@code /dev/full}, where every write fails: answers are withheld, so no calls should come. */
    @Test
    void readinessFailsWhileTheAuditLogCannotRecordCallsAndComesBackWithTheDisk() throws Exception {
        RunSql runSql = start(List.of(database(SHOP, db.name())));
        Path today = audit.resolve("audit-" + LocalDate.now(ZoneOffset.UTC) + ".jsonl");
        Files.createSymbolicLink(today, Path.of("/dev/full"));

        run(runSql, SHOP, "SELECT 1");

        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"not ready\",\"audit\":\"writing failed: No space left on device; 1 entry waits for "
                + "the disk\",\"databases\":{\"shop\":\"ready\"}}");
        assertThat(get("/metrics").body()).contains("nl2sql_audit_unavailable 1.0");

        Files.delete(today); // the log's writer tries again every second
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (get("/readyz").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(get("/readyz").body()).isEqualTo("{\"status\":\"ready\",\"audit\":\"ready\",\"databases\":{\"shop\":\"ready\"}}");
        assertThat(get("/metrics").body()).contains("nl2sql_audit_unavailable 0.0");
        assertThat(Files.readString(today)).contains("SELECT 1");
    }

    @Test
    void readinessAsksEveryDatabaseAtOnceWithinItsBudget() throws Exception {
        // three servers that accept a connection and never answer: one after another they would take 3 x 5 s
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<DatabaseConfig> databases = new java.util.ArrayList<>(List.of(database(SHOP, db.name())));
            for (String name : List.of("mute-a", "mute-b", "mute-c")) {
                databases.add(sized(DatabaseConfig.of(name, "127.0.0.1", silent.getLocalPort(), "x", "x"), 1, Duration.ofSeconds(5)));
            }
            start(databases);

            long started = System.nanoTime();
            HttpResponse<String> ready = get("/readyz");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).isLessThan(Observability.READINESS_BUDGET.plusSeconds(1));
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"shop\":\"ready\"", "\"mute-a\":\"no answer within 2000 ms\"",
                    "\"mute-c\":\"no answer within 2000 ms\"");
        }
    }
}
