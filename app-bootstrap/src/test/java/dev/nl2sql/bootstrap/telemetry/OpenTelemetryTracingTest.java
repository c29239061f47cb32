package dev.nl2sql.bootstrap.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.SampleDatabase;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.Nl2Sql;
import dev.nl2sql.openai.OpenAiLanguageModel;
import dev.nl2sql.openai.OpenAiSettings;
import dev.nl2sql.openai.testing.ScriptedOpenAiServer;
import dev.nl2sql.openai.testing.ScriptedOpenAiServer.Scripted;
import dev.nl2sql.port.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A question's stages as OpenTelemetry spans with its call id, seen in memory and by a local OTLP/HTTP receiver. */
class OpenTelemetryTracingTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static Path config;
    private ScriptedOpenAiServer llm;
    private OpenAiLanguageModel model;

    @BeforeAll
    static void loadShop() throws Exception {
        new FixtureLoader().load(SampleDatabase.ECOMMERCE_SMALL.fixture(), db.jdbcUrl(), db.server().user(), db.server().password(),
                Progress.none());
        config = dir.resolve("nl2sql.yaml");
        Files.writeString(config, "databases:\n  - {name: shop, host: " + db.server().host() + ", port: " + db.server().port()
                + ", database: " + db.name() + ", user: " + db.server().user() + ", password_env: TEST_PW}\n"
                + "audit: {path: " + dir.resolve("audit") + "}\n");
    }

    @BeforeEach
    void startModel() {
        llm = ScriptedOpenAiServer.start();
        llm.enqueue(Scripted.chatReply("{\"sql\": \"SELECT count(*) AS n FROM customers\", \"explanation\": \"all\", \"confidence\": 0.9, "
                + "\"tables\": [\"customers\"]}"));
        model = new OpenAiLanguageModel(OpenAiSettings.of(llm.baseUrl("/v1"), "test-model").withApiKey("sk-test")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).withMaxRetries(0));
    }

    @AfterEach
    void stopModel() {
        model.close();
        llm.close();
    }

    /** Asks one question with {@code tracing}; {@return its audit entry} */
    private AuditEntry ask(Tracing tracing) {
        List<AuditEntry> audited = new CopyOnWriteArrayList<>();
        try (Nl2Sql nl2sql = Nl2Sql.builder().configFile(config).environment(Map.of("TEST_PW", db.server().password()))
                .languageModel(model).auditLog(audited::add).tracing(tracing).build()) {
            assertThat(nl2sql.ask("shop", "how many customers are there").rows()).isPresent();
        }
        assertThat(audited).hasSize(1);
        return audited.getFirst();
    }

    @Test
    void aQuestionIsOneTraceOfItsStagesNamedByItsCallId() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetryTracing tracing = new OpenTelemetryTracing(SimpleSpanProcessor.create(spans), "nl2sql-test");

        AuditEntry call = ask(tracing);

        List<SpanData> finished = spans.getFinishedSpanItems(); // read before closing: the exporter forgets them then
        tracing.close();
        SpanData question = finished.stream().filter(s -> s.getName().equals("question")).findFirst().orElseThrow();
        assertThat(question.getAttributes().get(AttributeKey.stringKey("nl2sql.call_id"))).isEqualTo(call.id());
        assertThat(question.getAttributes().get(AttributeKey.stringKey("nl2sql.database"))).isEqualTo("shop");
        assertThat(question.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("nl2sql-test");
        assertThat(finished).filteredOn(s -> s.getParentSpanId().equals(question.getSpanId())).extracting(SpanData::getName)
                .containsExactly("linking", "model", "validation", "execution", "audit");
        assertThat(finished).allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(question.getTraceId()));
    }

    @Test
    void spansReachAnOtlpHttpReceiver() throws Exception {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v1/traces", exchange -> {
            received.add(exchange.getRequestBody().readAllBytes());
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse: everything accepted
            exchange.close();
        });
        receiver.start();
        AuditEntry call;
        try {
            try (OpenTelemetryTracing tracing = OpenTelemetryTracing.exportingTo(
                    URI.create("http://127.0.0.1:" + receiver.getAddress().getPort()), "nl2sql-test")) {
                call = ask(tracing);
            } // closing sends what is batched
        } finally {
            receiver.stop(0);
        }

        ByteArrayOutputStream all = new ByteArrayOutputStream();
        received.forEach(all::writeBytes);
        String protobuf = all.toString(StandardCharsets.ISO_8859_1); // names and ids are plain UTF-8 strings inside
        assertThat(protobuf).contains("question", "linking", "model", "validation", "execution", "audit", "nl2sql.call_id", call.id(),
                "nl2sql-test");
    }
}
