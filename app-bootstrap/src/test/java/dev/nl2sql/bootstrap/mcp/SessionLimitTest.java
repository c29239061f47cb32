package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nl2sql.cli.Launcher;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.mcp.HttpServer;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.ServerSettings;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** server.max_sessions and server.session_idle_timeout on the real HTTP server. */
class SessionLimitTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static Launcher.Launch.Ready ready;

    @BeforeAll
    static void start() throws Exception {
        ready = ShopServer.launch(db, ShopServer.configure(db, dir));
    }

    @AfterAll
    static void stop() throws Exception {
        if (ready != null) {
            ready.resources().close();
        }
    }

    private static HttpServer server(int max, Duration idle) throws Exception {
        return HttpServer.start(new McpServerFactory(ready.useCases(),
                ServerSettings.loopback("test", 0).withSessions(new ServerSettings.Sessions(max, idle))));
    }

    @Test
    void initializeBeyondTheLimitIsAClearJsonRpcErrorUntilASessionEnds() throws Exception {
        try (HttpServer http = server(3, Duration.ofMinutes(30))) {
            RawMcp raw = RawMcp.on(http.port());
            List<String> sessions = new ArrayList<>(List.of(raw.initialize(), raw.initialize(), raw.initialize()));

            HttpResponse<String> refused = raw.post(Optional.empty(), RawMcp.INITIALIZE);

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            JsonNode error = RawMcp.message(refused);
            assertThat(error.path("id").asInt()).isEqualTo(1);
            assertThat(error.path("error").path("code").asInt()).isEqualTo(-32000);
            assertThat(error.path("error").path("message").asText()).contains("all 3 sessions are open", "server.max_sessions");
            assertThat(raw.request(sessions.getFirst(), "tools/list", "{}").path("result").path("tools").size()).isPositive();

            assertThat(raw.delete(sessions.removeFirst()).statusCode()).isEqualTo(200);
            sessions.add(raw.initialize());
            assertThat(http.openSessions()).isEqualTo(3);
        }
    }

    @Test
    void aSessionSubscribesToAtMostAHundredResources() throws Exception {
        try (HttpServer http = server(3, Duration.ofMinutes(30))) {
            RawMcp raw = RawMcp.on(http.port());
            String session = raw.initialize();
            for (int i = 0; i < 100; i++) {
                assertThat(raw.request(session, "resources/subscribe", "{\"uri\":\"nl2sql://databases/shop/tables/t" + i + "\"}").has("result"))
                        .isTrue();
            }

            JsonNode refused = raw.request(session, "resources/subscribe", "{\"uri\":\"nl2sql://databases/shop/tables/t100\"}");
            assertThat(refused.path("error").path("code").asInt()).isEqualTo(-32602);
            assertThat(refused.path("error").path("message").asText()).contains("at most 100");
            assertThat(raw.request(session, "resources/unsubscribe", "{\"uri\":\"nl2sql://databases/shop/tables/t0\"}").has("result")).isTrue();
            assertThat(raw.request(session, "resources/subscribe", "{\"uri\":\"nl2sql://databases/shop/tables/t100\"}").has("result")).isTrue();
        }
    }

    @Test
    void memoryStaysFlatWhenClientsOpenSessionsPastTheLimit() throws Exception {
        int max = 200;
        try (HttpServer http = server(max, Duration.ofMinutes(30))) {
            RawMcp raw = RawMcp.on(http.port());
            long before = usedHeapAfterGc();
            for (int i = 0; i < max; i++) {
                raw.initialize();
            }
            long full = usedHeapAfterGc();
            int refused = 0;
            for (int i = 0; i < 3_000; i++) {
                if (raw.post(Optional.empty(), RawMcp.INITIALIZE).statusCode() == 503) {
                    refused++;
                }
            }
            long after = usedHeapAfterGc();

            ShopServer.record("{\"sessions\":" + max + ",\"refused_initializes\":" + refused + ",\"retained_bytes_per_session\":"
                    + (full - before) / max + ",\"heap_growth_after_3000_refused_bytes\":" + (after - full) + "}");
            assertThat(refused).isEqualTo(3_000);
            assertThat(http.openSessions()).isEqualTo(max);
            assertThat(after - full).as("heap growth while refusing 3,000 sessions").isLessThan(4L * 1024 * 1024);
        }
    }

    @Test
    void anIdleSessionEndsWithOneLogLineAndIsNotFoundAfterwards() throws Exception {
        // the session bookkeeping logs under its class name; the class is adapter-mcp's own
        try (LogLines lines = LogLines.of("dev.nl2sql.mcp.OpenSessions"); HttpServer http = server(10, Duration.ofSeconds(2))) {
            RawMcp raw = RawMcp.on(http.port());
            String idle = raw.initialize();
            String busy = raw.initialize();
            long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            while (System.nanoTime() < deadline) {
                assertThat(raw.request(busy, "ping", "{}").has("result")).isTrue(); // heard from every half second
                Thread.sleep(500);
            }

            assertThat(raw.post(Optional.of(idle), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").statusCode()).isEqualTo(404);
            assertThat(raw.request(busy, "tools/list", "{}").path("result").path("tools").size()).isPositive();
            assertThat(http.openSessions()).isEqualTo(1);
            assertThat(lines.events()).filteredOn(e -> e.getFormattedMessage().contains(idle)).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains("ended", "raw 1", "server.session_idle_timeout"));
        }
    }

    @Test
    void anAbandonedEventStreamEndsWithoutWarningsOrErrors() throws Exception {
        try (LogLines lines = LogLines.of(org.slf4j.Logger.ROOT_LOGGER_NAME); HttpServer http = server(10, Duration.ofSeconds(3))) {
            RawMcp raw = RawMcp.on(http.port());
            String abandoned = raw.initialize();
            try (Socket stream = new Socket("127.0.0.1", http.port())) {
                // an event stream whose client never reads it and never answers a ping, as when a laptop sleeps
                stream.getOutputStream().write(("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + http.port() + "\r\nAccept: text/event-stream\r\n"
                        + "Mcp-Session-Id: " + abandoned + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                stream.getOutputStream().flush();
                Thread.sleep(9_000); // three idle timeouts: pings go unanswered, the stream closes, the session ends
            }

            assertThat(http.openSessions()).isZero();
            assertThat(lines.events()).filteredOn(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                    .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
            assertThat(lines.events()).filteredOn(e -> e.getFormattedMessage().contains(abandoned) && e.getLevel() == ch.qos.logback.classic.Level.INFO)
                    .hasSize(1);
        }
    }

    /** The lines logged to one logger (and below it) while open. */
    private record LogLines(Logger logger, ListAppender<ILoggingEvent> appender) implements AutoCloseable {

        static LogLines of(String name) {
            ListAppender<ILoggingEvent> appender = new ListAppender<>();
            appender.start();
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            logger.addAppender(appender);
            return new LogLines(logger, appender);
        }

        List<ILoggingEvent> events() {
            synchronized (appender) { // AppenderBase appends under this lock
                return List.copyOf(appender.list);
            }
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
