package dev.nl2sql.bootstrap.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.Nl2Sql;
import dev.nl2sql.mcp.HttpServer;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.ServerSettings;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A tool call continues its caller's W3C trace: from {@code params._meta.traceparent} on any transport, else from the
 * {@code traceparent} header over HTTP; the call's span then has the caller's trace id and the caller's span as its
 * parent. A malformed or missing trace context starts a new trace and changes nothing else.
 */
class ContinuedTraceTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE + "-" + SPAN + "-01";
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},\
            "clientInfo":{"name":"test","version":"1"}}}""";

    private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private static OpenTelemetryTracing tracing;
    private static Nl2Sql nl2sql;
    private static HttpServer http;
    private static HttpServer stateless;
    private static PipedOutputStream stdin;
    private static final Lines stdout = new Lines();
    private static CompletableFuture<Integer> stdio;
    /** Stdio's request ids: its answers are told apart by them. Over HTTP each answer comes on its own request's response. */
    private static final AtomicInteger ids = new AtomicInteger(1);

    @BeforeAll
    static void serve() throws Exception {
        Path config = dir.resolve("nl2sql.yaml");
        Files.writeString(config, "databases:\n  - {name: shop, host: " + db.server().host() + ", port: " + db.server().port()
                + ", database: " + db.name() + ", user: " + db.server().user() + ", password_env: TEST_PW}\n"
                + "audit: {path: " + dir.resolve("audit") + "}\n");
        tracing = new OpenTelemetryTracing(SimpleSpanProcessor.create(spans), "nl2sql-test");
        nl2sql = Nl2Sql.builder().configFile(config).environment(Map.of("TEST_PW", db.server().password())).tracing(tracing).build();
        http = HttpServer.start(new McpServerFactory(nl2sql.useCases(), ServerSettings.loopback("test", 0)));
        stateless = HttpServer.start(new McpServerFactory(nl2sql.useCases(), ServerSettings.loopback("test", 0).withStateless(true)));
        stdin = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(stdin, 1 << 16);
        McpServerFactory overStdio = new McpServerFactory(nl2sql.useCases(), ServerSettings.loopback("test", 0));
        stdio = CompletableFuture.supplyAsync(() -> overStdio.serveStdio(in, stdout));
        stdioAnswer(INITIALIZE, 0);
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    @AfterAll
    static void stop() throws IOException {
        stdin.close();
        stdio.join();
        http.close();
        stateless.close();
        nl2sql.close();
        tracing.close();
    }

    @BeforeEach
    void forgetEarlierSpans() {
        spans.reset();
    }

    private static String runSql(int id, String meta) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"run_sql\","
                + "\"arguments\":{\"sql\":\"SELECT 1 AS one\"}" + meta + "}}";
    }

    private static String meta(String traceparent) {
        return ",\"_meta\":{\"traceparent\":\"" + traceparent + "\",\"tracestate\":\"nl2sql=meta\"}";
    }

    /** {@return the one run_sql span the call made: its call's own, the root of its stages} */
    private static SpanData callSpan() {
        List<SpanData> calls = spans.getFinishedSpanItems().stream().filter(span -> span.getName().equals("run_sql")).toList();
        assertThat(calls).hasSize(1);
        return calls.getFirst();
    }

    private static void assertContinuesTheCallersTrace(SpanData call) {
        assertThat(call.getTraceId()).isEqualTo(TRACE);
        assertThat(call.getParentSpanContext().getSpanId()).isEqualTo(SPAN);
        assertThat(call.getParentSpanContext().isRemote()).isTrue();
        assertThat(spans.getFinishedSpanItems()).as("every stage is in the caller's trace").extracting(SpanData::getTraceId).containsOnly(TRACE);
    }

    /** {@return that {@code answer} answers the query, and says nothing of the caller's trace} */
    private static JsonNode assertAnswered(JsonNode answer) {
        assertThat(answer.path("result").path("isError").asBoolean(true)).isFalse();
        assertThat(answer.path("result").path("structuredContent").path("columns").toString()).isEqualTo("[\"one\"]");
        assertThat(answer.toString()).doesNotContain(TRACE, SPAN, "nl2sql=");
        return answer;
    }

    @Test
    void overStdioACallContinuesTheTraceInItsMeta() throws IOException {
        assertAnswered(overStdio(meta(TRACEPARENT)));

        SpanData call = callSpan();
        assertContinuesTheCallersTrace(call);
        assertThat(call.getSpanContext().getTraceState().get("nl2sql")).as("the caller's tracestate goes on too").isEqualTo("meta");
    }

    @Test
    void overHttpACallContinuesTheTraceInItsTraceparentHeader() {
        String session = initialize(http);

        assertAnswered(answer(post(http, Optional.of(session), runSql(1, ""), Map.of("traceparent", TRACEPARENT, "tracestate", "nl2sql=header"))));

        SpanData call = callSpan();
        assertContinuesTheCallersTrace(call);
        assertThat(call.getSpanContext().getTraceState().get("nl2sql")).isEqualTo("header");
    }

    @Test
    void overHttpACallAnsweredOnAStreamContinuesTheHeadersTraceToo() {
        String session = initialize(http);
        String progress = ",\"_meta\":{\"progressToken\":\"p\"}"; // answered by the SDK, on an event stream

        HttpResponse<String> response = post(http, Optional.of(session), runSql(1, progress), Map.of("traceparent", TRACEPARENT));

        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertAnswered(answer(response));
        assertContinuesTheCallersTrace(callSpan());
    }

    @Test
    void aStatelessServerContinuesTheHeadersTrace() {
        assertAnswered(answer(post(stateless, Optional.empty(), runSql(1, ""), Map.of("traceparent", TRACEPARENT))));

        assertContinuesTheCallersTrace(callSpan());
    }

    @Test
    void theMetaWinsOverTheHeaderWithItsOwnTracestate() {
        String session = initialize(http);
        String other = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        assertAnswered(answer(post(http, Optional.of(session), runSql(1, meta(TRACEPARENT)), Map.of("traceparent", other, "tracestate", "nl2sql=header"))));

        SpanData call = callSpan();
        assertContinuesTheCallersTrace(call);
        assertThat(call.getSpanContext().getTraceState().get("nl2sql")).isEqualTo("meta");
    }

    @ParameterizedTest
    @ValueSource(strings = {"00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", // a trace id one digit short
            "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01", // not hex
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper case
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // no trace
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // no parent span
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // the version that is never valid
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // version 00 has nothing after the flags
            "", "not a trace"})
    void aMalformedTraceparentStartsANewTraceAndChangesNothingElse(String malformed) throws IOException {
        assertAnswered(overStdio(meta(malformed)));

        SpanData call = callSpan();
        assertThat(call.getParentSpanContext().isValid()).isFalse();
        assertThat(call.getTraceId()).isNotEqualTo(TRACE);
        assertThat(call.getSpanContext().getTraceState().isEmpty()).as("no state of a trace that was not continued").isTrue();
    }

    @Test
    void aTraceparentThatIsNotAStringIsNoTraceContext() throws IOException {
        assertAnswered(overStdio(",\"_meta\":{\"traceparent\":{\"trace\":\"" + TRACE + "\"}}"));

        assertThat(callSpan().getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void twoTraceparentHeadersNameNoSingleParent() {
        String session = initialize(http);
        HttpRequest.Builder request = request(http, Optional.of(session), runSql(1, ""))
                .header("traceparent", TRACEPARENT).header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        assertAnswered(answer(send(request)));

        assertThat(callSpan().getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void withoutATraceContextEachCallStartsItsOwnTrace() throws IOException {
        assertAnswered(overStdio(""));
        SpanData first = callSpan();
        spans.reset();
        assertAnswered(answer(post(http, Optional.of(initialize(http)), runSql(1, ""), Map.of())));
        SpanData second = callSpan();

        assertThat(List.of(first, second)).allSatisfy(call -> assertThat(call.getParentSpanContext().isValid()).isFalse());
        assertThat(first.getTraceId()).isNotEqualTo(second.getTraceId());
    }

    @Test
    void aCallerThatDidNotSampleItsTraceGetsNoSpans() throws IOException {
        assertAnswered(overStdio(meta("00-" + TRACE + "-" + SPAN + "-00")));

        assertThat(spans.getFinishedSpanItems()).as("the caller's sampling decision holds").isEmpty();
    }

    // --- stdio: JSON-RPC lines on a pipe, answers read back by id

    private static void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    private static JsonNode stdioAnswer(String request, int id) throws IOException {
        send(request);
        return stdout.answerTo(id);
    }

    /** {@return the answer to a run_sql call over stdio with {@code meta} after its arguments} */
    private static JsonNode overStdio(String meta) throws IOException {
        int id = ids.incrementAndGet();
        return stdioAnswer(runSql(id, meta), id);
    }

    /** What the stdio server wrote, one JSON-RPC message a line. */
    private static final class Lines extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        /** {@return the answer to request {@code id}, waiting up to 20 seconds for it} */
        JsonNode answerTo(int id) throws IOException {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
            while (Instant.now().isBefore(deadline)) {
                String written;
                synchronized (this) {
                    written = bytes.toString(StandardCharsets.UTF_8);
                }
                for (String line : written.lines().toList()) {
                    JsonNode message = JSON.readTree(line);
                    if (message.path("id").isInt() && message.path("id").asInt() == id) {
                        return message;
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            throw new AssertionError("no answer to request " + id + " in: " + Arrays.toString(bytes.toString(StandardCharsets.UTF_8).split("\n")));
        }
    }

    // --- Streamable HTTP

    private static HttpRequest.Builder request(HttpServer server, Optional<String> session, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + HttpServer.ENDPOINT))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        session.ifPresent(id -> request.header("Mcp-Session-Id", id));
        return request;
    }

    private static HttpResponse<String> post(HttpServer server, Optional<String> session, String body, Map<String, String> headers) {
        HttpRequest.Builder request = request(server, session, body);
        headers.forEach(request::header);
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@return a new session's id, initialised} */
    private static String initialize(HttpServer server) {
        HttpResponse<String> init = post(server, Optional.empty(), INITIALIZE, Map.of());
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow(() -> new AssertionError("initialize: " + init.body()));
        post(server, Optional.of(session), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", Map.of());
        return session;
    }

    /** {@return the JSON-RPC response in a reply, sent as plain JSON or as the last event of a stream} */
    private static JsonNode answer(HttpResponse<String> response) {
        try {
            List<String> events = response.body().lines().filter(line -> line.startsWith("data:")).map(line -> line.substring(5).strip()).toList();
            return JSON.readTree(events.isEmpty() ? response.body() : events.getLast());
        } catch (IOException e) {
            throw new AssertionError(response.body(), e);
        }
    }
}
