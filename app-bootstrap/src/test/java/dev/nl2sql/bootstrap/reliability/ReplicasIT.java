package dev.nl2sql.bootstrap.reliability;

import dev.nl2sql.bootstrap.InstalledTool;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.SampleDatabase;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code nl2sql serve --http --stateless} processes behind HAProxy (deploy/haproxy/haproxy.cfg, as shipped) on
 * localhost, conversations and the audit in a shared PostgreSQL database: a follow-up lands on the other replica and
 * keeps its context, both replicas show the same history, one vs two replicas' throughput, and one replica killed
 * mid-load. Figures go to {@code target/replicas-figures.txt}. Skipped without haproxy (bin/ensure-haproxy).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    private static final Path HAPROXY_CONFIG = Path.of("").toAbsolutePath().getParent().resolve("deploy/haproxy/haproxy.cfg");
    private static final Path NODE_DIR = Path.of("").toAbsolutePath().getParent().resolve("adapter-mcp/src/test/node");
    private static final Path FIGURES = Path.of("target", "replicas-figures.txt");
    private static final int CLIENTS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicInteger IDS = new AtomicInteger();

    @RegisterExtension
    static final TestDatabase shop = new TestDatabase();

    @RegisterExtension
    static final TestDatabase state = new TestDatabase();

    @TempDir
    static Path dir;

    private static final ServerProcess[] replicas = new ServerProcess[2];
    private static Process haproxy;
    private static int balancerPort;
    private static int statsPort;
    private static final List<String> figures = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        InstalledTool.require(onPath("haproxy"), "haproxy is not installed (bin/ensure-haproxy)");
        new FixtureLoader().load(SampleDatabase.ECOMMERCE_SMALL.fixture(), shop.jdbcUrl(), shop.server().user(), shop.server().password(),
                Progress.none());
        List<CompletableFuture<ServerProcess>> starting = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int replica = i + 1;
            starting.add(CompletableFuture.supplyAsync(() -> startReplica(replica)));
        }
        for (int i = 0; i < 2; i++) {
            replicas[i] = starting.get(i).join();
        }
        balancerPort = freePort();
        statsPort = freePort();
        ProcessBuilder builder = new ProcessBuilder("haproxy", "-db", "-f", HAPROXY_CONFIG.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile());
        builder.environment().putAll(Map.of("NL2SQL_LISTEN", "127.0.0.1:" + balancerPort,
                "NL2SQL_REPLICA_1", "127.0.0.1:" + replicas[0].port(), "NL2SQL_REPLICA_2", "127.0.0.1:" + replicas[1].port(),
                "NL2SQL_HEALTH_HOST", "localhost", "HAPROXY_STATS", "127.0.0.1:" + statsPort));
        haproxy = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(status("replica1").equals("UP") && status("replica2").equals("UP"))) {
            assertThat(System.nanoTime()).as("both replicas UP in HAProxy: " + Files.readString(dir.resolve("haproxy.log"))).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static ServerProcess startReplica(int replica) {
        try {
            Path config = dir.resolve("replica-" + replica + ".yaml");
            String table = "{host: %s, port: %d, database: %s, user: %s%s}".formatted(state.server().host(), state.server().port(), state.name(),
                    state.server().user(), state.server().password().isEmpty() ? "" : ", password_env: PGPASSWORD");
            Files.writeString(config, """
                    databases:
                      - {name: shop, host: %s, port: %d, database: %s, user: %s, pool_size: 4}
                    server: {stateless: true}
                    conversations: {postgres: %s}
                    audit: {path: %s, postgres: %s}
                    logging: {format: json}
                    """.formatted(shop.server().host(), shop.server().port(), shop.name(), shop.server().user(), table,
                    dir.resolve("audit-" + replica), table));
            Map<String, String> environment = shop.server().password().isEmpty() ? Map.of("NL2SQL_LOG_LEVEL", "INFO")
                    : Map.of("NL2SQL_LOG_LEVEL", "INFO", "PGPASSWORD", shop.server().password());
            return ServerProcess.start(config, environment);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (haproxy != null) {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
        for (ServerProcess replica : replicas) {
            if (replica != null) {
                replica.close();
            }
        }
        if (!figures.isEmpty()) {
            Files.write(FIGURES, figures);
        }
    }

    // --- the calls ---

    private record Reply(int status, Optional<String> replica, Optional<JsonNode> result, long started, long ended) {
        boolean ok() {
            return status == 200 && result.isPresent() && !result.get().path("isError").asBoolean(true);
        }

        JsonNode structured() {
            return result.orElseThrow().path("structuredContent");
        }
    }

    private static URI balancer() {
        return URI.create("http://127.0.0.1:" + balancerPort + "/mcp");
    }

    private static URI replica(int number) {
        return URI.create("http://127.0.0.1:" + replicas[number - 1].port() + "/mcp");
    }

    /** One tools/call, without initialize: a stateless server needs none. A refused connection or a reset is status 0. */
    private static Reply call(URI endpoint, String tool, String arguments) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":" + IDS.incrementAndGet()
                            + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            Optional<JsonNode> result = response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body()).path("result"))
                    : Optional.empty();
            return new Reply(response.statusCode(), response.headers().firstValue("X-Nl2sql-Replica"), result, started, System.nanoTime());
        } catch (IOException e) {
            return new Reply(0, Optional.empty(), Optional.empty(), started, System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, Optional.empty(), Optional.empty(), started, System.nanoTime());
        }
    }

    private static Reply ask(URI endpoint, String question, Optional<String> conversation) {
        return call(endpoint, "ask", "{\"database\":\"shop\",\"question\":\"" + question + "\""
                + conversation.map(id -> ",\"conversation_id\":\"" + id + "\"").orElse("") + "}");
    }

    // --- the tests ---

    @Test
    @Order(1)
    void aFollowUpThroughTheBalancerLandsOnTheOtherReplicaAndKeepsItsContext() {
        Reply first = ask(replica(1), "how many customers are there", Optional.empty());
        assertThat(first.ok()).as(String.valueOf(first)).isTrue();
        String id = first.structured().path("conversation_id").asText();
        long customers = first.structured().path("rows").get(0).get(0).asLong();

        List<Reply> followUps = new ArrayList<>();
        Reply followUp;
        do { // round robin: at most two calls to reach replica 2
            followUp = ask(balancer(), "only in Germany", Optional.of(id));
            followUps.add(followUp);
        } while (!followUp.replica().equals(Optional.of("replica2")) && followUps.size() < 4);

        assertThat(followUp.replica()).contains("replica2");
        assertThat(followUps).allSatisfy(reply -> {
            assertThat(reply.ok()).as(String.valueOf(reply)).isTrue();
            assertThat(reply.structured().path("conversation_id").asText()).isEqualTo(id);
            assertThat(reply.structured().path("sql").asText()).contains("'Germany'");
            assertThat(reply.structured().path("rows").get(0).get(0).asLong()).isLessThan(customers);
        });
        figures.add("follow-ups across replicas: " + followUps.size() + " of " + followUps.size() + " kept their context (asked on replica1, "
                + "followed up on " + followUps.stream().map(r -> r.replica().orElse("?")).toList() + ")");
    }

    @Test
    @Order(2)
    void theTypescriptClientFollowsUpOnTheOtherReplica() throws Exception {
        InstalledTool.require(Files.isDirectory(NODE_DIR.resolve("node_modules")), "bin/ensure-node-tools has not run");
        Process node = new ProcessBuilder("node", "stateless-test.mjs", replica(1).toString(), replica(2).toString())
                .directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes());
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(node.exitValue()).as(out).isZero();
        assertThat(out).contains("\"stateless\":true");
    }

    @Test
    @Order(3)
    void everyReplicaShowsTheSameHistory() throws Exception {
        String marker = "history marker " + System.nanoTime();
        assertThat(ask(replica(1), marker, Optional.empty()).status()).isEqualTo(200);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15); // the audit table is written in the background
        Reply history;
        do {
            Thread.sleep(200);
            history = call(replica(2), "query_history", "{\"text\":\"" + marker + "\"}");
        } while (!history.result().map(JsonNode::toString).orElse("").contains(marker) && System.nanoTime() < deadline);

        assertThat(history.result().map(JsonNode::toString).orElse("")).contains(marker);
    }

    @Test
    @Order(4)
    void throughputOfOneAndOfTwoReplicasIsMeasured() throws Exception {
        throughput(balancer()); // warms both JVMs alike
        double one = throughput(replica(1));
        double two = throughput(balancer());
        double oneAgain = throughput(replica(1));

        figures.add(("throughput, %d clients, run_sql, 4 s each after a warm-up: one replica (direct) %.0f then %.0f calls/s, two replicas "
                + "behind HAProxy %.0f calls/s (%d cores shared by both JVMs, HAProxy, PostgreSQL and the clients)")
                .formatted(CLIENTS, one, oneAgain, two, Runtime.getRuntime().availableProcessors()));
        assertThat(one).isPositive();
        assertThat(two).isPositive();
    }

    private static double throughput(URI endpoint) throws Exception {
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(4);
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        (call(endpoint, "run_sql", "{\"sql\":\"SELECT count(*) AS n FROM orders\"}").ok() ? done : failed).incrementAndGet();
                    }
                });
            }
        }
        assertThat(failed.get()).isZero();
        return done.get() / ((System.nanoTime() - started) / 1e9);
    }

    @Test
    @Order(5)
    void aKilledReplicaLeavesTheRotationAndOnlyInFlightCallsFail() throws Exception {
        Reply opened = ask(replica(2), "how many customers are there", Optional.empty());
        String conversation = opened.structured().path("conversation_id").asText();
        ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> succeeded = new ConcurrentLinkedQueue<>();
        AtomicInteger numbers = new AtomicInteger();
        AtomicLong down = new AtomicLong();
        long started = System.nanoTime();
        long killAt = started + TimeUnit.SECONDS.toNanos(3);
        long deadline = started + TimeUnit.SECONDS.toNanos(10);
        long killed;
        long died;
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        int n = numbers.incrementAndGet(); // each call's SQL is its own, to find it in the audit
                        Reply reply = call(balancer(), "run_sql", "{\"sql\":\"SELECT " + n + " AS call_no, count(*) AS n FROM orders\"}");
                        replies.add(reply);
                        if (reply.ok()) {
                            succeeded.add(n);
                        }
                    }
                }));
            }
            running.add(clients.submit(() -> { // HAProxy's view, every 50 ms
                while (System.nanoTime() < deadline && down.get() == 0) {
                    if (status("replica2").startsWith("DOWN")) {
                        down.set(System.nanoTime());
                    }
                    Thread.sleep(50);
                }
                return null;
            }));
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(killAt - System.nanoTime()));
            killed = System.nanoTime();
            replicas[1].kill();
            died = System.nanoTime(); // a SIGKILL takes a moment: what reached the process before it died is in flight too
            for (Future<?> client : running) {
                client.get(60, TimeUnit.SECONDS);
            }
        }

        List<Reply> failed = replies.stream().filter(reply -> !reply.ok()).toList();
        long inFlightAtKill = replies.stream().filter(reply -> reply.started() < died && reply.ended() > killed).count();
        assertThat(down.get()).as("HAProxy marked replica2 DOWN").isPositive();
        assertThat(failed).as("failed calls").hasSizeLessThanOrEqualTo((int) inFlightAtKill);
        assertThat(failed).allSatisfy(reply -> assertThat(reply.started()).isLessThan(died));
        assertThat(replies.stream().filter(reply -> reply.started() > down.get())).allSatisfy(reply -> assertThat(reply.ok()).isTrue());

        // the conversation replica2 held goes on on replica1
        Reply followUp = ask(balancer(), "only in Germany", Optional.of(conversation));
        assertThat(followUp.ok()).as(String.valueOf(followUp)).isTrue();
        assertThat(followUp.replica()).contains("replica1");
        assertThat(followUp.structured().path("sql").asText()).contains("'Germany'");

        // every answered call is audited once replica2 is back: its next start hands the shared table what was only queued
        replicas[1].close();
        replicas[1] = startReplica(2);
        Set<Integer> audited = awaitAudited(new HashSet<>(succeeded));
        assertThat(audited).containsAll(succeeded);

        figures.add(("failover: replica2 killed after 3 s of %d clients; HAProxy marked it DOWN %d ms later (checks every 1 s, fall 2); "
                + "%d calls, %d failed, %d were in flight at the kill (sent before the process had died, %d ms after SIGKILL); the last "
                + "failure ended %d ms after the kill; the conversation it held went on on replica1; %d answered calls, all in the "
                + "shared audit table after replica2's restart").formatted(CLIENTS, TimeUnit.NANOSECONDS.toMillis(down.get() - killed),
                replies.size(), failed.size(), inFlightAtKill, TimeUnit.NANOSECONDS.toMillis(died - killed),
                TimeUnit.NANOSECONDS.toMillis(failed.stream().mapToLong(Reply::ended).max().orElse(killed) - killed), succeeded.size()));
        assertThat(replicas[0].log()).as("logging.format: json").containsPattern("\\{\"timestamp\":[^\\n]*\"mdc\": ?\\{[^}]*\"call_id\"");
    }

    /** {@return the call numbers in the shared audit table, once they hold {@code wanted} or 30 s have passed} */
    private static Set<Integer> awaitAudited(Set<Integer> wanted) throws Exception {
        Pattern callNo = Pattern.compile("SELECT (\\d+) AS call_no");
        Set<Integer> found = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!found.containsAll(wanted) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            try (Connection c = state.connect(); Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT final_sql FROM nl2sql_audit WHERE final_sql LIKE '%AS call_no%'")) {
                while (rows.next()) {
                    Matcher m = callNo.matcher(rows.getString(1));
                    if (m.find()) {
                        found.add(Integer.parseInt(m.group(1)));
                    }
                }
            }
        }
        return found;
    }

    /** {@return HAProxy's status of {@code server} in backend nl2sql: UP, DOWN, "DOWN 1/2"...; empty while it does not answer} */
    private static String status(String server) {
        try {
            HttpResponse<String> csv = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return csv.body().lines().map(line -> line.split(",", -1)).filter(f -> f.length > 17 && f[0].equals("nl2sql") && f[1].equals(server))
                    .map(f -> f[17]).findFirst().orElse("");
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }
}
