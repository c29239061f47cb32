package dev.nl2sql.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.SampleDatabase;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * 32 MCP clients over HTTP, each with its own session, against a pool of 4 connections (a connection storm that lasts
 * the whole run) for {@code nl2sql.load.seconds} (8 in CI; the soak: {@code -Dnl2sql.load.seconds=300}). Every call
 * ends with rows or a coded refusal, none hangs, the audit log has exactly one valid line per call, and the pool is idle
 * afterwards. Figures go to {@code target/reliability-load.txt}.
 */
class LoadIT {

    private static final int CLIENTS = 32;
    private static final int POOL = 4;
    private static final List<String> READS = List.of(
            "SELECT count(*) FROM orders",
            "SELECT c.country, count(*) AS orders FROM orders o JOIN customers c ON c.customer_id = o.customer_id GROUP BY c.country",
            "SELECT order_id, total_amount FROM orders ORDER BY total_amount DESC LIMIT 20");

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @Test
    void thirtyTwoClientsOnFourConnectionsAreAllServedAndAudited() throws Exception {
        new FixtureLoader().load(SampleDatabase.ECOMMERCE_SMALL.fixture(), db.jdbcUrl(), db.server().user(), db.server().password(),
                Progress.none());
        Path audit = dir.resolve("audit");
        Path config = dir.resolve("nl2sql.yaml");
        Files.writeString(config, """
                databases:
                  - {name: shop, host: %s, port: %d, database: %s, user: %s, pool_size: %d, connect_timeout: 10s}
                audit:
                  path: %s
                """.formatted(db.server().host(), db.server().port(), db.name(), db.server().user(), POOL, audit));
        long seconds = Long.getLong("nl2sql.load.seconds", 8);
        ConcurrentLinkedQueue<Calls.Call> calls = new ConcurrentLinkedQueue<>();
        try (ServerProcess server = ServerProcess.start(config, Map.of());
                ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            HttpClient http = HttpClient.newHttpClient();
            long started = System.nanoTime();
            long deadline = started + TimeUnit.SECONDS.toNanos(seconds);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    McpHttpSession session = McpHttpSession.open(http, server.endpoint());
                    for (int i = 0; System.nanoTime() < deadline; i++) {
                        // One call in ten tries a write: refused every time, and audited like the rest.
                        String sql = (i + client) % 10 == 0 ? "DELETE FROM orders" : READS.get((i + client) % READS.size());
                        long t0 = System.nanoTime();
                        JsonNode result = session.call("run_sql", "{\"database\":\"shop\",\"sql\":\"" + sql + "\"}");
                        long t1 = System.nanoTime();
                        String code = McpHttpSession.errorCode(result);
                        calls.add(new Calls.Call(TimeUnit.NANOSECONDS.toMillis(t1 - started), (t1 - t0) / 1e6,
                                sql.startsWith("DELETE") && code.equals("SQL_REJECTED") ? "" : code));
                    }
                    return null;
                }));
            }
            List<String> failures = new ArrayList<>();
            for (Future<?> client : running) {
                try {
                    client.get(seconds + 120, TimeUnit.SECONDS);
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
            double elapsed = (System.nanoTime() - started) / 1e9;

            List<Double> millis = calls.stream().map(Calls.Call::millis).toList();
            long errors = calls.stream().filter(c -> !c.code().isEmpty()).count();
            String figures = "clients %d, pool %d, %.1f s: %d calls, %.0f calls/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d errors;"
                    .formatted(CLIENTS, POOL, elapsed, calls.size(), calls.size() / elapsed, Calls.percentile(millis, 50),
                            Calls.percentile(millis, 99), Calls.percentile(millis, 100), errors)
                    + " peak RSS %d MiB; heap %s".formatted(server.peakRssMiB(), server.heap());
            Files.writeString(Path.of("target", "reliability-load.txt"), figures + "\n");
            System.out.println(figures);

            assertThat(failures).as("clients that failed or hung").isEmpty();
            assertThat(errors).as("calls that ended with an unexpected error code").isZero();
            assertThat(calls).hasSizeGreaterThan(CLIENTS);
            List<JsonNode> lines = Calls.auditLines(audit);
            assertThat(lines).as("one audit line per call").hasSize(calls.size());
            assertThat(Calls.ids(lines)).as("unique audit ids").hasSize(calls.size());
            assertThat(server.pool("shop", "active")).as("connections still borrowed after the load").isZero();
            assertThat(server.get("/readyz").statusCode()).isEqualTo(200);
        }
    }
}
