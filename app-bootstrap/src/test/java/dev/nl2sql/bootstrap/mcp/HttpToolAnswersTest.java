package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How a tool call is answered over Streamable HTTP: one JSON body when nothing else has to reach the client first; an
 * event stream when progress, a log notification or a question to the client comes before the answer; nothing at all
 * for a cancelled call.
 */
class HttpToolAnswersTest {

    @RegisterExtension
    static final ShopOverHttp shop = new ShopOverHttp();

    private static String call(Object id, String tool, String arguments, String meta) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":"
                + arguments + meta + "}}";
    }

    private static String contentType(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** {@return the data of each server-sent event in {@code response}, in order} */
    private static List<JsonNode> events(HttpResponse<String> response) {
        return response.body().lines().filter(line -> line.startsWith("data:")).map(line -> {
            try {
                return RawMcp.JSON.readTree(line.substring(5).strip());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    @Test
    void aSuccessfulCallIsOneJsonBodyWithTheRequestsOwnId() throws Exception {
        RawMcp raw = RawMcp.on(shop.port());
        String session = raw.initialize();

        HttpResponse<String> response = raw.post(Optional.of(session), call("\"q-1\"", "run_sql", "{\"sql\":\"SELECT count(*) AS n FROM customers\"}", ""));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(contentType(response)).startsWith("application/json");
        JsonNode answer = RawMcp.JSON.readTree(response.body());
        assertThat(answer.path("id").isTextual()).isTrue();
        assertThat(answer.path("id").asText()).isEqualTo("q-1");
        assertThat(answer.path("result").path("isError").asBoolean(true)).isFalse();
        assertThat(answer.path("result").path("structuredContent").path("columns").toString()).isEqualTo("[\"n\"]");
    }

    @Test
    void aJsonAnswerCarriesItsLengthInBytesRatherThanComingInChunks() throws Exception {
        RawMcp raw = RawMcp.on(shop.port());
        String session = raw.initialize();

        HttpResponse<String> response = raw.post(Optional.of(session), call(7, "run_sql", "{\"sql\":\"SELECT 'Köhler – 東京' AS name\"}", ""));

        assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().getBytes(StandardCharsets.UTF_8).length);
        assertThat(RawMcp.JSON.readTree(response.body()).path("result").path("structuredContent").path("rows").toString())
                .isEqualTo("[[\"Köhler – 東京\"]]");
    }

    @Test
    void argumentsThatDoNotFitTheToolsSchemaAreRefusedInTheAnswer() throws Exception {
        RawMcp raw = RawMcp.on(shop.port());
        String session = raw.initialize();

        JsonNode answer = RawMcp.message(raw.post(Optional.of(session), call(3, "run_sql", "{\"sql\":42}", "")));

        assertThat(answer.path("id").asInt()).isEqualTo(3);
        assertThat(answer.path("result").path("isError").asBoolean()).isTrue();
    }

    @Test
    void progressIsStreamedBeforeTheAnswer() {
        RawMcp raw = RawMcp.on(shop.port());
        String session = raw.initialize();

        HttpResponse<String> response = raw.post(Optional.of(session), call(4, "run_sql", "{\"sql\":\"SELECT 1\"}", ",\"_meta\":{\"progressToken\":\"p\"}"));

        assertThat(contentType(response)).startsWith("text/event-stream");
        List<JsonNode> events = events(response);
        assertThat(events).extracting(event -> event.path("method").asText())
                .containsExactly("notifications/progress", "notifications/progress", "");
        assertThat(events.getLast().path("id").asInt()).isEqualTo(4);
    }

    @Test
    void aFailedCallsWarningComesFirstOnAStreamThenTheAnswer() {
        RawMcp raw = RawMcp.on(shop.port());
        String session = raw.initialize();

        HttpResponse<String> response = raw.post(Optional.of(session), call(5, "run_sql", "{\"sql\":\"SELECT nope FROM customers\"}", ""));

        assertThat(contentType(response)).startsWith("text/event-stream");
        List<JsonNode> events = events(response);
        assertThat(events).hasSize(2);
        assertThat(events.getFirst().path("method").asText()).isEqualTo("notifications/message");
        assertThat(events.getFirst().path("params").path("level").asText()).isEqualTo("warning");
        assertThat(events.getLast().path("result").path("structuredContent").path("code").asText()).isEqualTo("SQL_INVALID");
    }

    @Test
    void aClientThatAskedForDebugLogsGetsEachCallsLineWithItsAnswer() {
        RawMcp raw = RawMcp.on(shop.port());
        String session = raw.initialize();
        raw.request(session, "logging/setLevel", "{\"level\":\"debug\"}");

        List<JsonNode> events = events(raw.post(Optional.of(session), call(6, "list_databases", "{}", "")));

        assertThat(events).extracting(event -> event.path("params").path("data").asText()).anyMatch(line -> line.startsWith("list_databases answered"));
        assertThat(events.getLast().path("id").asInt()).isEqualTo(6);
    }

    @Test
    void aToolThatMayAskTheClientIsAnsweredOnAStream() {
        RawMcp raw = RawMcp.on(shop.port());
        String session = raw.initialize();

        HttpResponse<String> response = raw.post(Optional.of(session), call(7, "generate_sql", "{\"question\":\"how many customers are there\"}", ""));

        assertThat(contentType(response)).startsWith("text/event-stream");
        assertThat(RawMcp.message(response).path("result").path("structuredContent").path("sql").asText()).containsIgnoringCase("count");
    }

    /**
     * Random calls (tool, outcome, id type, progress or not, the session's logging level), several sessions at once:
     * each is answered exactly once, with its own id, as one JSON body only when no notification came with it, and
     * otherwise on a stream whose events before the answer are notifications for this call and at the session's level.
     */
    @Test
    void everyCallOfAnyShapeIsAnsweredOnceWithItsOwnId() throws Exception {
        List<String> levels = List.of("debug", "info", "warning", "error");
        List<String[]> calls = List.of(new String[] {"run_sql", "{\"sql\":\"SELECT count(*) FROM orders\"}"},
                new String[] {"run_sql", "{\"sql\":\"SELECT missing FROM orders\"}"}, new String[] {"run_sql", "{\"sql\":\"DELETE FROM orders\"}"},
                new String[] {"list_databases", "{}"}, new String[] {"describe_table", "{\"table\":\"orders\"}"},
                new String[] {"search_schema", "{\"query\":\"customer\"}"}, new String[] {"explain_sql", "{\"sql\":\"SELECT 1\"}"},
                new String[] {"describe_table", "{\"table\":\"no_such_table\"}"}, new String[] {"generate_sql", "{\"question\":\"how many orders\"}"});
        long seed = System.nanoTime();
        List<Thread> sessions = new ArrayList<>();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int s = 0; s < 4; s++) {
            Random random = new Random(seed + s);
            sessions.add(Thread.ofVirtual().start(() -> {
                try {
                    RawMcp raw = RawMcp.on(shop.port());
                    String session = raw.initialize();
                    String level = levels.get(random.nextInt(levels.size()));
                    raw.request(session, "logging/setLevel", "{\"level\":\"" + level + "\"}");
                    for (int i = 0; i < 25; i++) {
                        String[] tool = calls.get(random.nextInt(calls.size()));
                        String id = random.nextBoolean() ? String.valueOf(random.nextInt(1_000_000)) : "\"c-" + random.nextInt(1_000_000) + "\"";
                        boolean progress = random.nextInt(4) == 0;
                        HttpResponse<String> response = raw.post(Optional.of(session),
                                call(id, tool[0], tool[1], progress ? ",\"_meta\":{\"progressToken\":" + id + "}" : ""));
                        assertAnsweredOnce(response, RawMcp.JSON.readTree(id), level, tool[0] + " " + tool[1] + (progress ? " with progress" : ""));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread session : sessions) {
            assertThat(session.join(Duration.ofSeconds(120))).as("seed " + seed + ": a session's calls all answered within 120 s").isTrue();
        }
        assertThat(failures).as("seed " + seed).isEmpty();
    }

    private static void assertAnsweredOnce(HttpResponse<String> response, JsonNode id, String level, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(200);
        List<JsonNode> messages = contentType(response).startsWith("application/json") ? List.of(readTree(response.body())) : events(response);
        assertThat(messages).as(what + ": " + response.body()).isNotEmpty();
        JsonNode answer = messages.getLast();
        assertThat(answer.path("id")).as(what).isEqualTo(id);
        assertThat(answer.has("result") || answer.has("error")).as(what).isTrue();
        for (JsonNode before : messages.subList(0, messages.size() - 1)) {
            assertThat(before.has("id")).as(what + ": only notifications before the answer").isFalse();
            switch (before.path("method").asText()) {
                case "notifications/progress" -> assertThat(before.path("params").path("progressToken")).as(what).isEqualTo(id);
                case "notifications/message" -> assertThat(LEVELS.indexOf(before.path("params").path("level").asText()))
                        .as(what + ": at or above the session's level").isGreaterThanOrEqualTo(LEVELS.indexOf(level));
                default -> throw new AssertionError(what + ": an unexpected notification " + before);
            }
        }
        if (contentType(response).startsWith("application/json")) {
            assertThat(what).as("a call that asked for progress is streamed").doesNotContain("with progress");
        }
    }

    /** MCP's logging levels, least severe first. */
    private static final List<String> LEVELS = List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

    private static JsonNode readTree(String json) {
        try {
            return RawMcp.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aCancelledCallStopsItsStatementAndGetsNoAnswer() throws Exception {
        RawMcp raw = RawMcp.on(shop.port());
        String session = raw.initialize();
        raw.post(Optional.of(session), call(10, "run_sql", "{\"sql\":\"SELECT 1\"}", "")); // the schema is read before the lock
        try (Connection locker = shop.db().connect(); Statement lock = locker.createStatement()) {
            locker.setAutoCommit(false);
            lock.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE"); // the call waits for it until cancelled
            long started = System.nanoTime();
            CompletableFuture<HttpResponse<String>> running = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> running.complete(raw.post(Optional.of(session), call(8, "run_sql", "{\"sql\":\"SELECT count(*) FROM customers\"}", ""))));
            awaitLockWait(running);

            raw.post(Optional.of(session), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":8}}");

            HttpResponse<String> response = running.get(20, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the statement was stopped").isLessThan(Duration.ofSeconds(20));
            assertThat(response.body()).as("nothing is written for a cancelled call").isEmpty();
            locker.rollback();
        }
        assertThat(RawMcp.message(raw.post(Optional.of(session), call(9, "run_sql", "{\"sql\":\"SELECT 1\"}", ""))).path("id").asInt())
                .as("the session goes on").isEqualTo(9);
    }

    private static void awaitLockWait(CompletableFuture<HttpResponse<String>> running) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // a connection of its own: within a transaction pg_stat_activity shows the same snapshot each time
        try (Connection connection = shop.db().connect(); Statement statement = connection.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet waiting = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
                    if (waiting.next() && waiting.getInt(1) > 0 || running.isDone()) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the call never waited for the lock: " + running.getNow(null));
    }
}
