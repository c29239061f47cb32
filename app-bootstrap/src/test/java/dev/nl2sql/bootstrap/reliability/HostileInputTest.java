package dev.nl2sql.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nl2sql.bootstrap.Application;
import dev.nl2sql.cli.Launcher;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.PublicDataset;
import dev.nl2sql.fixtures.SampleDatabase;
import dev.nl2sql.fixtures.SharedDirectory;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.config.ConfigLoader;
import dev.nl2sql.mcp.HttpServer;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.ServerSettings;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input against the real server (in this JVM, real databases): seeded JSON-RPC fuzz over stdio and over
 * HTTP, and every statement of the shared reject corpus through {@code run_sql}. Nothing crashes or hangs, every
 * request with an id is answered, the server serves afterwards, the databases are unchanged and the audit log holds
 * one valid line per statement.
 */
class HostileInputTest {

    private static final long SEED = Long.getLong("nl2sql.fuzz.seed", 20261125L);
    private static final int CASES = Integer.getInteger("nl2sql.fuzz.cases", 300);
    private static final String PROBE = "{\"jsonrpc\":\"2.0\",\"id\":\"probe\",\"method\":\"tools/call\",\"params\":{\"name\":\"run_sql\","
            + "\"arguments\":{\"database\":\"shop\",\"sql\":\"SELECT count(*) FROM orders\"}}}";

    @RegisterExtension
    static final TestDatabase shop = new TestDatabase();

    @TempDir
    static Path dir;

    private static TestDatabase chinook;
    private static Launcher.Launch.Ready ready;

    @BeforeAll
    static void launch() throws Exception {
        new FixtureLoader().load(SampleDatabase.ECOMMERCE_SMALL.fixture(), shop.jdbcUrl(), shop.server().user(), shop.server().password(),
                Progress.none());
        shop.execute("CREATE DATABASE " + shop.name() + "_chinook");
        try (Connection c = shop.server().connect(shop.name() + "_chinook")) {
            new FixtureLoader().load(PublicDataset.CHINOOK.fixture(), c, Progress.none());
        }
        Path config = dir.resolve("nl2sql.yaml");
        Files.writeString(config, """
                databases:
                  - {name: shop, host: %1$s, port: %2$d, database: %3$s, user: %4$s}
                  - {name: chinook, host: %1$s, port: %2$d, database: %3$s_chinook, user: %4$s}
                audit:
                  path: %5$s
                  fsync: batch
                """.formatted(shop.server().host(), shop.server().port(), shop.name(), shop.server().user(), dir.resolve("audit")));
        Launcher.Launch launch = new Application(new ConfigLoader(Map.of(), dir, dir)).launch(Optional.of(config));
        assertThat(launch).isInstanceOf(Launcher.Launch.Ready.class);
        ready = (Launcher.Launch.Ready) launch;
    }

    @AfterAll
    static void close() throws Exception {
        if (ready != null) {
            ready.resources().close();
        }
        shop.execute("DROP DATABASE IF EXISTS " + shop.name() + "_chinook WITH (FORCE)");
    }

    private static McpServerFactory factory() {
        return new McpServerFactory(ready.useCases(), ServerSettings.loopback("test", 0));
    }

    @Test
    void fuzzedStdioLinesAreAllAnsweredAndTheServerKeepsServing() throws Exception {
        PipedOutputStream toServer = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 20);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        // Not a pipe: a PipedInputStream fails once a thread that wrote to it has ended, and the server answers from many.
        OutputStream serverOut = new OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    lines.add(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        };
        Thread server = Thread.ofPlatform().start(() -> factory().serveStdio(serverIn, serverOut));
        List<JsonRpcFuzz.Case> cases = new JsonRpcFuzz(SEED).cases(CASES);
        send(toServer, """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"fuzz","version":"1"}}}""".getBytes(StandardCharsets.UTF_8));
        send(toServer, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}".getBytes(StandardCharsets.UTF_8));
        for (JsonRpcFuzz.Case fuzz : cases) {
            send(toServer, fuzz.bytes());
        }
        send(toServer, PROBE.getBytes(StandardCharsets.UTF_8));

        List<JsonNode> answers = new ArrayList<>();
        JsonNode probe = null;
        Set<Long> owed = new HashSet<>(cases.stream().filter(c -> c.answerId() >= 0).map(JsonRpcFuzz.Case::answerId).toList());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // calls run concurrently: the probe's answer may overtake the last fuzzed requests' ones, so wait for all of them
        while ((probe == null || !owed.isEmpty()) && System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                assertThat(line).doesNotContain("\tat ", "Exception");
                JsonNode answer = McpHttpSession.JSON.readTree(line);
                answers.add(answer);
                owed.remove(answer.path("id").asLong(-1));
                probe = answer.path("id").asText().equals("probe") ? answer : probe;
            }
        }
        toServer.close();
        server.join(5_000);

        assertThat(probe).as("the probe after %d fuzzed lines was answered", CASES).isNotNull();
        assertThat(probe.path("result").path("isError").asBoolean()).isFalse();
        assertOwedAnswers(cases, answers);
        assertThat(server.isAlive()).as("the server returns once stdin ends").isFalse();
    }

    @Test
    void fuzzedHttpRequestsGetAnAnswerAndNeverAServerError() throws Exception {
        try (HttpServer http = HttpServer.start(factory())) {
            HttpClient client = HttpClient.newHttpClient();
            URI endpoint = URI.create("http://127.0.0.1:" + http.port() + HttpServer.ENDPOINT);
            McpHttpSession session = McpHttpSession.open(client, endpoint);
            List<JsonRpcFuzz.Case> cases = new JsonRpcFuzz(SEED + 1).cases(CASES);
            List<JsonNode> answers = new ArrayList<>();
            for (JsonRpcFuzz.Case fuzz : cases) {
                HttpResponse<String> response = session.post(fuzz.bytes());
                assertThat(response.statusCode()).as(fuzz.kind()).isLessThan(500);
                assertThat(response.body()).as(fuzz.kind()).doesNotContain("\tat ", "stackTrace");
                if (fuzz.answerId() >= 0) {
                    answers.add(McpHttpSession.message(response.body()));
                }
            }

            assertOwedAnswers(cases, answers);
            JsonNode result = session.call("run_sql", "{\"database\":\"shop\",\"sql\":\"SELECT count(*) FROM orders\"}");
            assertThat(result.path("isError").asBoolean()).as("still serving after the fuzz").isFalse();
        }
    }

    @Test
    void everyStatementOfTheRejectCorpusIsRefusedOverMcpAndAuditedOnce() throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        for (String line : Files.readAllLines(SharedDirectory.locate().resolve("corpora/reject.jsonl"))) {
            JsonNode entry = McpHttpSession.JSON.readTree(line);
            if (entry.path("db").asText("chinook").equals("chinook")) {
                entries.add(entry);
            }
        }
        Map<String, Long> before = tableCounts();
        int auditBefore = Calls.auditLines(dir.resolve("audit")).size();
        try (HttpServer http = HttpServer.start(factory())) {
            McpHttpSession session = McpHttpSession.open(HttpClient.newHttpClient(),
                    URI.create("http://127.0.0.1:" + http.port() + HttpServer.ENDPOINT));
            for (JsonNode entry : entries) {
                JsonNode result = session.call("run_sql", McpHttpSession.JSON.writeValueAsString(Map.of("database", "chinook",
                        "sql", entry.path("sql").asText())));
                assertThat(McpHttpSession.errorCode(result)).as(entry.path("id").asText() + ": " + entry.path("sql").asText())
                        .isNotEmpty().isNotEqualTo("INTERNAL");
            }
        }
        Thread.sleep(500); // fsync: batch in this test: lines reach the file within the 100 ms interval

        assertThat(tableCounts()).as("the database is unchanged").isEqualTo(before);
        List<JsonNode> audit = Calls.auditLines(dir.resolve("audit"));
        assertThat(audit).hasSize(auditBefore + entries.size());
        assertThat(Calls.ids(audit)).hasSize(audit.size());
        assertThat(entries).hasSizeGreaterThan(100);
    }

    private static void assertOwedAnswers(List<JsonRpcFuzz.Case> cases, List<JsonNode> answers) {
        Set<Long> answered = new HashSet<>();
        answers.forEach(a -> answered.add(a.path("id").asLong(-1)));
        List<String> unanswered = cases.stream().filter(c -> c.answerId() >= 0 && !answered.contains(c.answerId()))
                .map(c -> c.kind() + " #" + c.answerId()).toList();
        assertThat(unanswered).as("requests with an id that got no answer").isEmpty();
    }

    private static void send(OutputStream out, byte[] line) throws Exception {
        out.write(line);
        out.write('\n');
        out.flush();
    }

    private static Map<String, Long> tableCounts() throws Exception {
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection c = shop.server().connect(shop.name() + "_chinook");
                ResultSet rs = c.createStatement().executeQuery("SELECT relname, n_live_tup FROM pg_stat_user_tables")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        try (Connection c = shop.server().connect(shop.name() + "_chinook")) {
            for (String table : List.copyOf(counts.keySet())) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }
}
