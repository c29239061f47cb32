package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.bootstrap.Application;
import dev.nl2sql.cli.ExitCodes;
import dev.nl2sql.cli.Launcher;
import dev.nl2sql.cli.Nl2SqlCommand;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.config.ConfigLoader;
import dev.nl2sql.mcp.HttpServer;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.ServerSettings;
import dev.nl2sql.openai.testing.ScriptedOpenAiServer;
import dev.nl2sql.openai.testing.ScriptedOpenAiServer.Scripted;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configured model that misbehaves, seen by a real MCP client (the TypeScript SDK, asking for progress) and by the
 * CLI: a hung model ends within the question's time budget (2 s here) with a marked fallback, never a client timeout;
 * a failing model's answer says {@code degraded}; {@code llm.fallback: refuse} refuses; a cancelled call stops the
 * model call. The model is the scripted OpenAI-compatible server.
 */
class ModelFailureTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUESTION = "how many orders are there";

    private static ScriptedOpenAiServer model;
    private static Path offlineConfig;
    private static Path refuseConfig;
    private static Path patientConfig;

    @BeforeAll
    static void start() throws Exception {
        ShopServer.ensureNodeTools();
        model = ScriptedOpenAiServer.start();
        String shop = Files.readString(ShopServer.configure(db, dir));
        offlineConfig = Files.writeString(dir.resolve("offline.yaml"), shop + llm("offline"));
        refuseConfig = Files.writeString(dir.resolve("refuse.yaml"), shop + llm("refuse"));
        // a budget longer than the client waits: only the cancellation can end the call early
        patientConfig = Files.writeString(dir.resolve("patient.yaml"), shop + llm("offline").replace("question_timeout: 2s", "question_timeout: 50s"));
    }

    private static String llm(String fallback) {
        return "llm: {base_url: '" + model.baseUrl("/v1") + "', model: scripted, question_timeout: 2s, fallback: " + fallback + "}\n";
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    @BeforeEach
    void freshScript() {
        model.reset();
    }

    /** {@return what the client saw of one call to {@code tool}, against nl2sql wired from {@code config} (its own model client and breaker)} */
    private static JsonNode ask(Path config, String tool, String... extra) throws Exception {
        return ask(config, tool, outcome -> {}, extra);
    }

    /** Checks the call with {@code whileServing} while nl2sql still runs: closing it would close its model client too. */
    private static JsonNode ask(Path config, String tool, Checks whileServing, String... extra) throws Exception {
        Launcher.Launch.Ready app = ShopServer.launch(db, config);
        try (HttpServer server = HttpServer.start(new McpServerFactory(app.useCases(), ServerSettings.loopback("test", 0)))) {
            JsonNode outcome = ask(server, tool, extra);
            whileServing.check(outcome);
            return outcome;
        } finally {
            app.resources().close();
        }
    }

    @FunctionalInterface
    private interface Checks {
        void check(JsonNode outcome) throws Exception;
    }

    private static JsonNode ask(HttpServer server, String tool, String... extra) throws IOException {
        List<String> args = new ArrayList<>(ShopServer.node("model-test.mjs", "http://127.0.0.1:" + server.port() + HttpServer.ENDPOINT,
                tool, QUESTION));
        args.addAll(List.of(extra));
        ShopServer.Ran ran = ShopServer.run(args, ShopServer.NODE_DIR, Map.of(), Duration.ofSeconds(60));
        assertThat(ran.exit()).as(ran.stderr() + ran.stdout()).isZero();
        return JSON.readTree(ran.stdout().strip());
    }

    private static String text(JsonNode result) {
        return result.path("content").get(0).path("text").asText();
    }

    @Test
    void aHungModelGivesAMarkedFallbackWithinTheBudgetNeverAClientTimeout() throws Exception {
        model.enqueue(Scripted.trickle());

        JsonNode outcome = ask(offlineConfig, "ask");

        assertThat(outcome.has("error")).as("the client got no error, in particular no timeout: %s", outcome).isFalse();
        JsonNode result = outcome.path("result");
        assertThat(result.path("isError").asBoolean()).as(result.toString()).isFalse();
        assertThat(result.path("structuredContent").path("degraded").path("code").asText()).isEqualTo("LLM_UNAVAILABLE");
        assertThat(result.path("structuredContent").path("degraded").path("message").asText()).contains("time budget");
        assertThat(text(result)).startsWith("-- degraded: openai:scripted failed (LLM_UNAVAILABLE");
        assertThat(outcome.path("progress").toString()).contains("writing SQL");
    }

    @Test
    void aFailingModelsAnswerSaysDegradedInStructuredContentAndText() throws Exception {
        model.enqueue(Scripted.error(500, "the model crashed"), Scripted.error(500, "the model crashed"),
                Scripted.error(500, "the model crashed"));

        JsonNode result = ask(offlineConfig, "generate_sql").path("result");

        assertThat(result.path("isError").asBoolean()).as(result.toString()).isFalse();
        JsonNode degraded = result.path("structuredContent").path("degraded");
        assertThat(degraded.path("model").asText()).isEqualTo("openai:scripted");
        assertThat(degraded.path("code").asText()).isEqualTo("LLM_UNAVAILABLE");
        assertThat(degraded.path("answered_by").asText()).isEqualTo(result.path("structuredContent").path("generator").asText());
        assertThat(text(result)).startsWith("-- degraded: ").contains("LLM_UNAVAILABLE");
    }

    @Test
    void withFallbackRefuseAFailingModelIsRefused() throws Exception {
        model.enqueue(Scripted.error(429, "slow down").withHeader("Retry-After", "0"), Scripted.error(429, "slow down")
                .withHeader("Retry-After", "0"), Scripted.error(429, "slow down").withHeader("Retry-After", "0"));

        JsonNode result = ask(refuseConfig, "ask").path("result");

        assertThat(result.path("isError").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.path("structuredContent").path("code").asText()).isEqualTo("LLM_UNAVAILABLE");
        assertThat(text(result)).contains("llm.fallback: refuse");
    }

    @Test
    void aCancelledCallStopsTheModelCallAndNothingMoreIsSent() throws Exception {
        model.enqueue(Scripted.trickle());

        long started = System.nanoTime();
        JsonNode outcome = ask(patientConfig, "ask", served -> {
            assertThat(model.awaitDisconnect(Duration.ofSeconds(20))).as("the model server sees its connection closed").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("long before the 50 s budget").isLessThan(Duration.ofSeconds(40));
        }, "abort");

        assertThat(outcome.path("error").asText()).contains("cancelled");
        assertThat(outcome.path("late")).as("no progress and no answer after the cancellation").isEmpty();
    }

    @Test
    void theCliPrintsDegradedOnStandardError() {
        model.enqueue(Scripted.error(500, "the model crashed"), Scripted.error(500, "the model crashed"),
                Scripted.error(500, "the model crashed"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = Nl2SqlCommand.commandLine(new Application(new ConfigLoader(ShopServer.environment(db), dir, dir)))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("--config", offlineConfig.toString(), "ask", QUESTION);

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(err.toString()).contains("nl2sql: degraded: openai:scripted failed (LLM_UNAVAILABLE");
        assertThat(out.toString()).as("the JSON document on stdout carries it too").contains("\"degraded\" : \"openai:scripted failed");
    }
}
