package dev.nl2sql.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.fixtures.harness.TcpProxy;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the network and the load do to calls, on a real server process: a stalled network path (a TCP proxy in front
 * of PostgreSQL holds every byte back) fails each call within the statement timeout plus a margin, not after the
 * stall, and the pool recovers when the path does; slow statements that take every connection of a healthy database
 * leave fast calls answered or told BUSY within the pool wait, the breaker closed and /readyz at 200. Figures go to
 * {@code target/reliability-network.txt}; {@code -Dnl2sql.stall.seconds} and {@code -Dnl2sql.stall.timeout.seconds}
 * make the stall longer (the run: 45 and 10).
 */
class NetworkFaultIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private final long started = System.nanoTime();

    @BeforeAll
    static void tables() throws Exception {
        db.execute("CREATE TABLE readings (id int PRIMARY KEY, value numeric); INSERT INTO readings SELECT g, g FROM generate_series(1, 100) g;"
                + "CREATE TABLE numbers AS SELECT g FROM generate_series(1, 6000) g; ANALYZE");
    }

    @Test
    void aStalledNetworkFailsCallsWithinTheirBudgetAndThePoolRecoversAfterIt() throws Exception {
        long stallSeconds = Long.getLong("nl2sql.stall.seconds", 10);
        long timeoutSeconds = Long.getLong("nl2sql.stall.timeout.seconds", 2);
        try (TcpProxy proxy = TcpProxy.to(db.server().host(), db.server().port())) {
            Path config = config(proxy.port(), "statement_timeout: " + timeoutSeconds + "s, connect_timeout: 1s, pool_size: 4");
            ConcurrentLinkedQueue<Calls.Call> calls = new ConcurrentLinkedQueue<>();
            AtomicBoolean loading = new AtomicBoolean(true);
            try (ServerProcess server = ServerProcess.start(config, Map.of()); ExecutorService load = Executors.newFixedThreadPool(4)) {
                List<Future<?>> clients = clients(server, load, 4, loading, calls, "SELECT count(*), sum(value) FROM readings");
                assertThat(awaitSuccessAfter(calls, 0, Duration.ofSeconds(30))).as("answering before the stall").isPositive();
                Thread.sleep(1_000);
                long stalledAt = now();
                proxy.stall();
                Thread.sleep(stallSeconds * 1_000);
                long healedAt = now();
                proxy.heal();
                long recoveredAt = awaitSuccessAfter(calls, healedAt, Duration.ofSeconds(30));
                Thread.sleep(1_000);
                loading.set(false);
                for (Future<?> client : clients) {
                    client.get(60, TimeUnit.SECONDS);
                }

                List<Calls.Call> duringStall = calls.stream().filter(c -> c.endedAtMillis() > stalledAt + 500 && c.endedAtMillis() < healedAt).toList();
                double longest = calls.stream().mapToDouble(Calls.Call::millis).max().orElseThrow();
                String figures = ("stall of %d s, statement_timeout %d s: %d calls answered during the stall, codes %s, longest call %.0f ms "
                        + "(budget %d ms); first success %d ms after the network came back")
                        .formatted(stallSeconds, timeoutSeconds, duringStall.size(), duringStall.stream().map(Calls.Call::code).distinct().sorted().toList(),
                                longest, budgetMillis(timeoutSeconds), recoveredAt - healedAt);
                record(figures);

                assertThat(duringStall).as("calls keep being answered while the network is stalled").isNotEmpty()
                        .allSatisfy(c -> assertThat(c.code()).isIn("TIMEOUT", "DB_UNAVAILABLE", "BUSY"));
                assertThat(longest).as("no call outlives its budget, however long the stall").isLessThan(budgetMillis(timeoutSeconds));
                assertThat(recoveredAt).as("answers again after the network does").isPositive();
                assertThat(server.pool("shop", "active")).isZero();
                assertThat(server.isAlive()).isTrue();
            }
        }
    }

    @Test
    void slowStatementsOnEveryConnectionLeaveFastCallsAnsweredOrBusyAndTheDatabaseReady() throws Exception {
        Path config = config(db.server().port(), "statement_timeout: 20s, pool_size: 4, pool_wait: 1s");
        ConcurrentLinkedQueue<Calls.Call> slow = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Calls.Call> fast = new ConcurrentLinkedQueue<>();
        List<Integer> readiness = new ArrayList<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        try (ServerProcess server = ServerProcess.start(config, Map.of()); ExecutorService load = Executors.newFixedThreadPool(12)) {
            List<Future<?>> clients = new ArrayList<>(clients(server, load, 8, loading, slow,
                    "SELECT count(*) FROM numbers a CROSS JOIN numbers b"));
            clients.addAll(clients(server, load, 4, loading, fast, "SELECT count(*), sum(value) FROM readings"));
            long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < until) {
                readiness.add(server.get("/readyz").statusCode());
                Thread.sleep(500);
            }
            loading.set(false);
            for (Future<?> client : clients) {
                client.get(120, TimeUnit.SECONDS);
            }

            List<Double> fastMillis = fast.stream().map(Calls.Call::millis).toList();
            long fastOk = fast.stream().filter(c -> c.code().isEmpty()).count();
            long fastBusy = fast.stream().filter(c -> c.code().equals("BUSY")).count();
            String figures = ("slow flood (8 clients, ~%.1f s statements) on a pool of 4 with pool_wait 1 s: %d slow calls; fast calls %d, "
                    + "%d answered (%.1f %%), %d BUSY, p50 %.0f ms, p99 %.0f ms; /readyz %s")
                    .formatted(Calls.percentile(slow.stream().filter(c -> c.code().isEmpty()).map(Calls.Call::millis).toList(), 50) / 1000,
                            slow.size(), fast.size(), fastOk, 100.0 * fastOk / fast.size(), fastBusy, Calls.percentile(fastMillis, 50),
                            Calls.percentile(fastMillis, 99), readiness.stream().distinct().toList());
            record(figures);

            assertThat(fast).as("fast calls are answered or told BUSY, nothing else").allSatisfy(c -> assertThat(c.code()).isIn("", "BUSY"));
            assertThat(fastMillis).as("no fast call hangs: the pool wait (1 s) and the call itself, far from the 20 s statement timeout")
                    .allSatisfy(m -> assertThat(m).isLessThan(6_000));
            assertThat(slow).as("slow calls run or wait their turn, and never trip the breaker")
                    .allSatisfy(c -> assertThat(c.code()).isIn("", "BUSY"));
            assertThat(readiness).as("/readyz while every connection is busy").containsOnly(200);
        }
    }

    private Path config(int port, String options) throws Exception {
        Path config = dir.resolve("nl2sql-" + port + ".yaml");
        Files.writeString(config, """
                databases:
                  - {name: shop, host: 127.0.0.1, port: %d, database: %s, user: %s, %s}
                audit:
                  path: %s
                """.formatted(port, db.name(), db.server().user(), options, dir.resolve("audit-" + port)));
        return config;
    }

    private List<Future<?>> clients(ServerProcess server, ExecutorService load, int count, AtomicBoolean loading,
            ConcurrentLinkedQueue<Calls.Call> calls, String sql) {
        HttpClient http = HttpClient.newHttpClient();
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(load.submit(() -> {
                McpHttpSession session = McpHttpSession.open(http, server.endpoint());
                while (loading.get()) {
                    long t0 = System.nanoTime();
                    String code = McpHttpSession.errorCode(session.call("run_sql", "{\"database\":\"shop\",\"sql\":\"" + sql + "\"}"));
                    calls.add(new Calls.Call(now(), (System.nanoTime() - t0) / 1e6, code));
                    Thread.sleep(5);
                }
                return null;
            }));
        }
        return clients;
    }

    /** The statement timeout, the socket's margin past it, and a second for the rest of the call. */
    private static long budgetMillis(long timeoutSeconds) {
        return (timeoutSeconds + 3 + 1) * 1_000;
    }

    private long awaitSuccessAfter(ConcurrentLinkedQueue<Calls.Call> calls, long since, Duration patience) throws InterruptedException {
        long deadline = now() + patience.toMillis();
        while (now() < deadline) {
            long first = calls.stream().filter(c -> c.endedAtMillis() > since && c.code().isEmpty()).mapToLong(Calls.Call::endedAtMillis).min()
                    .orElse(-1);
            if (first > 0) {
                return first;
            }
            Thread.sleep(100);
        }
        return -1;
    }

    private static void record(String figures) throws Exception {
        Path file = Path.of("target", "reliability-network.txt");
        Files.writeString(file, figures + "\n", Files.exists(file) ? java.nio.file.StandardOpenOption.APPEND : java.nio.file.StandardOpenOption.CREATE);
        System.out.println(figures);
    }

    private long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }
}
