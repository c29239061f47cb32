package dev.nl2sql.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.fixtures.harness.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two databases on two PostgreSQL servers; the second, an instance this test starts, stops in the middle of the load
 * and comes back. The healthy database keeps answering at the same speed, the sick one fails fast with
 * DB_UNAVAILABLE once its breaker opens, recovers within 30 s of its return, and nothing is left borrowed or stuck.
 * Figures go to {@code target/reliability-fault.txt}.
 */
class FaultIT {

    @RegisterExtension
    static final TestDatabase healthy = new TestDatabase();

    @TempDir
    Path dir;

    private final long started = System.nanoTime();

    @Test
    void oneDatabaseGoingDownLeavesTheOtherAloneAndRecovers() throws Exception {
        healthy.execute("CREATE TABLE readings (id int PRIMARY KEY, value numeric); INSERT INTO readings SELECT g, g FROM generate_series(1, 100) g");
        int sickPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            sickPort = probe.getLocalPort();
        }
        Path sickData = dir.resolve("sick-pg");
        EmbeddedPostgres sick = startSick(sickData, sickPort);
        try (Connection connection = sick.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE readings (id int PRIMARY KEY, value numeric); INSERT INTO readings SELECT g, g FROM generate_series(1, 100) g");
        }
        Path config = dir.resolve("nl2sql.yaml");
        Files.writeString(config, """
                databases:
                  - {name: healthy, host: %s, port: %d, database: %s, user: %s}
                  - {name: sick, host: 127.0.0.1, port: %d, database: postgres, user: postgres, connect_timeout: 1s}
                audit:
                  path: %s
                """.formatted(healthy.server().host(), healthy.server().port(), healthy.name(), healthy.server().user(), sickPort,
                dir.resolve("audit")));
        ConcurrentLinkedQueue<Calls.Call> healthyCalls = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Calls.Call> sickCalls = new ConcurrentLinkedQueue<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        try (ServerProcess server = ServerProcess.start(config, Map.of()); ExecutorService load = Executors.newFixedThreadPool(6)) {
            HttpClient http = HttpClient.newHttpClient();
            List<Future<?>> clients = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                boolean toSick = i >= 4;
                clients.add(load.submit(() -> {
                    McpHttpSession session = McpHttpSession.open(http, server.endpoint());
                    while (loading.get()) {
                        long t0 = System.nanoTime();
                        String code = McpHttpSession.errorCode(session.call("run_sql", "{\"database\":\"" + (toSick ? "sick" : "healthy")
                                + "\",\"sql\":\"SELECT count(*), sum(value) FROM readings\"}"));
                        (toSick ? sickCalls : healthyCalls).add(new Calls.Call(now(), (System.nanoTime() - t0) / 1e6, code));
                        Thread.sleep(5);
                    }
                    return null;
                }));
            }
            Thread.sleep(3_000);
            long stoppedAt = now();
            sick.close(); // the second server goes away mid-load
            Thread.sleep(8_000);
            long restartedAt = now();
            sick = startSick(sickData, sickPort);
            long recoveredAt = -1;
            while (now() - restartedAt < 30_000) {
                long since = restartedAt;
                if (sickCalls.stream().anyMatch(c -> c.endedAtMillis() > since && c.code().isEmpty())) {
                    recoveredAt = sickCalls.stream().filter(c -> c.endedAtMillis() > since && c.code().isEmpty())
                            .mapToLong(Calls.Call::endedAtMillis).min().orElseThrow();
                    break;
                }
                Thread.sleep(100);
            }
            Thread.sleep(1_000);
            loading.set(false);
            for (Future<?> client : clients) {
                client.get(60, TimeUnit.SECONDS);
            }

            List<Double> healthyBefore = millis(healthyCalls, 0, stoppedAt);
            List<Double> healthyDown = millis(healthyCalls, stoppedAt, restartedAt);
            // Once the breaker has opened (a second after the stop, with slack), the sick database answers at once.
            List<Calls.Call> sickDown = sickCalls.stream().filter(c -> c.endedAtMillis() > stoppedAt + 2_000 && c.endedAtMillis() < restartedAt)
                    .toList();
            List<Double> sickDownMillis = sickDown.stream().map(Calls.Call::millis).toList();
            String figures = ("healthy p50 before %.1f ms, while the other server is down %.1f ms (%d calls, %d errors); "
                    + "sick while down: %d calls, p50 %.1f ms, codes %s; recovered %d ms after the restart")
                    .formatted(Calls.percentile(healthyBefore, 50), Calls.percentile(healthyDown, 50), healthyCalls.size(),
                            healthyCalls.stream().filter(c -> !c.code().isEmpty()).count(), sickDown.size(),
                            Calls.percentile(sickDownMillis, 50), sickDown.stream().map(Calls.Call::code).distinct().toList(),
                            recoveredAt - restartedAt);
            Files.writeString(Path.of("target", "reliability-fault.txt"), figures + "\n");
            System.out.println(figures);

            assertThat(healthyCalls).as("the healthy database never failed").allSatisfy(c -> assertThat(c.code()).isEmpty());
            assertThat(Calls.percentile(healthyDown, 50)).as("healthy latency while the other server is down")
                    .isLessThan(3 * Calls.percentile(healthyBefore, 50) + 20);
            assertThat(sickDown).isNotEmpty().allSatisfy(c -> assertThat(c.code()).isEqualTo("DB_UNAVAILABLE"));
            assertThat(Calls.percentile(sickDownMillis, 50)).as("failing fast behind the open breaker").isLessThan(250);
            assertThat(recoveredAt).as("recovered within 30 s of the restart").isPositive();
            assertThat(server.pool("healthy", "active")).isZero();
            assertThat(server.pool("sick", "active")).isZero();
            assertThat(server.threadDump()).as("no call left running in nl2sql").doesNotContain("dev.nl2sql.usecase.RunSql.run");
            assertThat(server.isAlive()).isTrue();
        } finally {
            sick.close();
        }
    }

    private long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private static List<Double> millis(ConcurrentLinkedQueue<Calls.Call> calls, long from, long to) {
        return calls.stream().filter(c -> c.endedAtMillis() > from && c.endedAtMillis() <= to).map(Calls.Call::millis).toList();
    }

    private static EmbeddedPostgres startSick(Path data, int port) throws Exception {
        Path log = data.resolveSibling("sick-pg.log");
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }
}
