package dev.nl2sql.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.ChatMessage;
import dev.nl2sql.domain.generation.ChatReply;
import dev.nl2sql.domain.generation.ChatRequest;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.openai.testing.ScriptedOpenAiServer;
import dev.nl2sql.openai.testing.ScriptedOpenAiServer.RecordedRequest;
import dev.nl2sql.openai.testing.ScriptedOpenAiServer.Scripted;
import dev.nl2sql.port.Cancellation;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiLanguageModelTest {

    private static final Duration READ_TIMEOUT = Duration.ofMillis(300);
    private static final ChatRequest QUESTION = new ChatRequest(
            List.of(ChatMessage.system("You write PostgreSQL."), ChatMessage.user("How many tracks?"),
                    ChatMessage.assistant("SELECT count(*) FROM track"), ChatMessage.user("Only rock.")),
            256, 0.0, false);
    private static final ChatRequest JSON_QUESTION = new ChatRequest(QUESTION.messages(), 256, 0.0, true);

    private final List<OpenAiLanguageModel> models = new ArrayList<>();
    private ScriptedOpenAiServer server;

    @BeforeEach
    void startServer() {
        server = ScriptedOpenAiServer.start();
    }

    @AfterEach
    void stopEverything() {
        models.forEach(OpenAiLanguageModel::close);
        server.close();
    }

    @Test
    void postsTheConversationToChatCompletionsUnderTheBasePath() {
        server.enqueue(Scripted.chatReply("SELECT 1"));

        model(settings(server.baseUrl("/gateway/v1"))).chat(QUESTION).orElseThrow();

        RecordedRequest sent = server.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/gateway/v1/chat/completions");
        assertThat(sent.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = sent.json();
        assertThat(body.path("model").asText()).isEqualTo("test-model");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(256);
        assertThat(body.path("temperature").isNumber()).isTrue();
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.0);
        assertThat(body.path("messages")).extracting(m -> m.path("role").asText() + ": " + m.path("content").asText())
                .containsExactly("system: You write PostgreSQL.", "user: How many tracks?",
                        "assistant: SELECT count(*) FROM track", "user: Only rock.");
        assertThat(body.has("response_format")).isFalse();
        assertThat(body.has("functions")).isFalse();
    }

    @Test
    void keepsTheBasePathWhenItEndsWithASlash() {
        server.enqueue(Scripted.chatReply("SELECT 1"));

        model(settings(server.baseUrl("/v1/"))).chat(QUESTION).orElseThrow();

        assertThat(server.lastRequest().path()).isEqualTo("/v1/chat/completions");
    }

    @Test
    void sendsTheApiKeyAsABearerToken() {
        server.enqueue(Scripted.chatReply("SELECT 1"));

        model(settings(server.baseUrl("/v1")).withApiKey("sk-test-123")).chat(QUESTION).orElseThrow();

        assertThat(server.lastRequest().header("Authorization")).contains("Bearer sk-test-123");
    }

    @Test
    void sendsNoAuthorizationHeaderWithoutAKey() {
        server.enqueue(Scripted.chatReply("SELECT 1"));

        model(settings(server.baseUrl("/v1"))).chat(QUESTION).orElseThrow();

        assertThat(server.lastRequest().header("Authorization")).isEmpty();
    }

    @Test
    void asksForAJsonObjectWhenTheRequestWantsJson() {
        server.enqueue(Scripted.chatReply("{\"sql\":\"SELECT 1\"}"));

        model(settings(server.baseUrl("/v1"))).chat(JSON_QUESTION).orElseThrow();

        JsonNode body = server.lastRequest().json();
        assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(body.path("model").asText()).isEqualTo("test-model");
        assertThat(body.path("messages")).hasSize(4);
    }

    @Test
    void answersWithTheFirstChoiceItsTokenUsageAndTheServersModelName() {
        server.enqueue(Scripted.chatReply("SELECT count(*) FROM track", 120, 15));

        Result<ChatReply> reply = model(settings(server.baseUrl("/v1"))).chat(QUESTION);

        assertThat(reply.orElseThrow()).isEqualTo(new ChatReply("SELECT count(*) FROM track", new TokenUsage(120, 15), "scripted-model"));
    }

    @Test
    void countsNoTokensWhenTheReplyHasNoUsage() {
        server.enqueue(Scripted.chatReplyWithChoices(List.of("SELECT 1")));

        ChatReply reply = model(settings(server.baseUrl("/v1"))).chat(QUESTION).orElseThrow();

        assertThat(reply.usage()).isEqualTo(TokenUsage.NONE);
    }

    @Test
    void triesAgainAfterARateLimit() {
        server.enqueue(Scripted.error(429, "slow down").withHeader("Retry-After", "0"), Scripted.chatReply("SELECT 1"));

        Result<ChatReply> reply = model(settings(server.baseUrl("/v1"))).chat(QUESTION);

        assertThat(reply.orElseThrow().content()).isEqualTo("SELECT 1");
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void honoursRetryAfterUpToTheLongestWait() {
        server.enqueue(Scripted.error(429, "slow down").withHeader("Retry-After", "1"), Scripted.chatReply("SELECT 1"));
        var model = model(settings(server.baseUrl("/v1")), Duration.ofMillis(1), Duration.ofMillis(400));

        long started = System.nanoTime();
        model.chat(QUESTION).orElseThrow();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(390), Duration.ofMillis(990));
    }

    @Test
    void givesUpAfterMaxRetriesPlusOneServerErrors() {
        server.enqueue(Scripted.error(500, "boom"), Scripted.error(502, "bad gateway"), Scripted.error(503, "overloaded"),
                Scripted.chatReply("never sent"));

        Result<ChatReply> reply = model(settings(server.baseUrl("/v1")).withMaxRetries(2)).chat(QUESTION);

        assertThat(failureOf(reply)).isInstanceOfSatisfying(Failure.LlmUnavailable.class,
                failure -> assertThat(failure.reason()).contains("HTTP 503", "overloaded", "3 attempts"));
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void doesNotRetryABadRequest() {
        server.enqueue(Scripted.error(400, "max_tokens is too large"), Scripted.chatReply("never sent"));

        Result<ChatReply> reply = model(settings(server.baseUrl("/v1"))).chat(QUESTION);

        assertThat(failureOf(reply)).isInstanceOfSatisfying(Failure.LlmUnavailable.class,
                failure -> assertThat(failure.reason()).contains("refused the request (HTTP 400): max_tokens is too large"));
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void doesNotRetryRefusedCredentials() {
        server.enqueue(Scripted.error(401, "Incorrect API key provided"), Scripted.chatReply("never sent"));

        Result<ChatReply> reply = model(settings(server.baseUrl("/v1")).withApiKey("sk-wrong")).chat(QUESTION);

        assertThat(failureOf(reply)).isInstanceOfSatisfying(Failure.LlmUnavailable.class,
                failure -> assertThat(failure.reason()).contains("refused the API key: check the key in the variable llm.api_key_env names",
                        "(HTTP 401): Incorrect API key provided").doesNotContain("sk-wrong"));
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void aGatewayThatQuotesTheRefusedKeyDoesNotGetItIntoTheFailure() {
        server.enqueue(Scripted.error(401, "Invalid proxy token passed. Received API Key = sk-live-4f9a1c77e2"), Scripted.chatReply("never sent"));

        Result<ChatReply> reply = model(settings(server.baseUrl("/v1")).withApiKey("sk-live-4f9a1c77e2")).chat(QUESTION);

        assertThat(failureOf(reply)).isInstanceOfSatisfying(Failure.LlmUnavailable.class,
                failure -> assertThat(failure.reason()).contains("Received API Key = ****").doesNotContain("4f9a1c77e2"));
    }

    @Test
    void treatsSilenceBeyondTheReadTimeoutAsUnavailableAfterEveryAttempt() {
        server.enqueue(Scripted.hang(), Scripted.chatReply("late").withDelay(Duration.ofSeconds(2)));

        long started = System.nanoTime();
        Result<ChatReply> reply = model(settings(server.baseUrl("/v1")).withMaxRetries(1)).chat(QUESTION);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failureOf(reply)).isInstanceOfSatisfying(Failure.LlmUnavailable.class,
                failure -> assertThat(failure.reason()).contains("no answer within 300 ms", "2 attempts"));
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(took).isBetween(READ_TIMEOUT.multipliedBy(2), READ_TIMEOUT.multipliedBy(2).plusMillis(700));
    }

    @Test
    void aHungServerEndsTheCallWithinTheRequestsTimeoutWithoutRetrying() {
        server.enqueue(Scripted.trickle(), Scripted.chatReply("SELECT 1"), Scripted.chatReply("SELECT 1"));
        ChatRequest withinBudget = new ChatRequest(QUESTION.messages(), 256, 0.0, false, Duration.ofMillis(400));

        Result<ChatReply> reply = model(settings(server.baseUrl("/v1")).withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(30)))
                .chat(withinBudget);

        assertThat(failureOf(reply)).isInstanceOfSatisfying(Failure.LlmUnavailable.class,
                failure -> assertThat(failure.reason()).contains("time budget"));
        assertThat(server.requestCount()).as("no attempt starts once the budget is spent").isEqualTo(1);
    }

    @Test
    void aCancelledCallClosesItsConnectionAndIsNotRetried() throws InterruptedException {
        server.enqueue(Scripted.trickle(), Scripted.chatReply("SELECT 1"));
        Cancellation cancellation = new Cancellation();
        OpenAiLanguageModel model = model(settings(server.baseUrl("/v1")).withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(30)));
        Thread.ofVirtual().start(() -> {
            while (server.requestCount() == 0) {
                Thread.onSpinWait();
            }
            cancellation.cancel();
        });

        Result<ChatReply> reply = cancellation.within(() -> model.chat(QUESTION));

        assertThat(failureOf(reply)).isInstanceOfSatisfying(Failure.LlmUnavailable.class,
                failure -> assertThat(failure.reason()).contains("cancelled"));
        assertThat(server.awaitDisconnect(Duration.ofSeconds(10))).as("the scripted server sees the connection closed").isTrue();
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void failsFastWhenNothingListens() throws IOException {
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1");
        }

        long started = System.nanoTime();
        Result<ChatReply> reply = model(settings(closedPort)).chat(QUESTION);

        assertThat(failureOf(reply)).isInstanceOfSatisfying(Failure.LlmUnavailable.class,
                failure -> assertThat(failure.reason()).contains("cannot connect"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void reportsABodyThatIsNotJsonAsAnInvalidReplyWithoutRetrying() {
        server.enqueue(Scripted.ok("<html>Gateway says hello</html>"), Scripted.chatReply("never sent"));

        Result<ChatReply> reply = model(settings(server.baseUrl("/v1"))).chat(QUESTION);

        assertThat(failureOf(reply)).isInstanceOfSatisfying(Failure.LlmInvalidReply.class,
                failure -> assertThat(failure.reason()).contains("not a chat completion"));
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void reportsAReplyWithoutChoicesAsInvalid() {
        server.enqueue(Scripted.chatReplyWithChoices(List.of()));

        Result<ChatReply> reply = model(settings(server.baseUrl("/v1"))).chat(QUESTION);

        assertThat(failureOf(reply)).isInstanceOfSatisfying(Failure.LlmInvalidReply.class,
                failure -> assertThat(failure.reason()).contains("no choices"));
    }

    @Test
    void reportsAnEmptyMessageAsInvalid() {
        server.enqueue(Scripted.chatReplyWithChoices(List.of("  ")));

        Result<ChatReply> reply = model(settings(server.baseUrl("/v1"))).chat(QUESTION);

        assertThat(failureOf(reply)).isInstanceOfSatisfying(Failure.LlmInvalidReply.class,
                failure -> assertThat(failure.reason()).contains("empty message"));
    }

    @Test
    void breakerOpensAfterRepeatedFailuresAndThenSparesTheServer() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(Scripted.error(503, "down"));
        }
        server.enqueue(Scripted.chatReply("never sent"));
        var model = model(settings(server.baseUrl("/v1")).withMaxRetries(0));
        for (int i = 0; i < 4; i++) {
            assertThat(failureOf(model.chat(QUESTION))).isInstanceOf(Failure.LlmUnavailable.class);
        }
        assertThat(server.requestCount()).isEqualTo(4);

        Result<ChatReply> reply = model.chat(QUESTION);

        assertThat(failureOf(reply)).isInstanceOfSatisfying(Failure.LlmUnavailable.class,
                failure -> assertThat(failure.reason()).contains("circuit breaker open"));
        assertThat(server.requestCount()).isEqualTo(4);
    }

    @Test
    void breakerIgnoresRefusedRequests() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(Scripted.error(400, "bad"));
        }
        server.enqueue(Scripted.chatReply("SELECT 1"));
        var model = model(settings(server.baseUrl("/v1")).withMaxRetries(0));
        for (int i = 0; i < 5; i++) {
            model.chat(QUESTION);
        }

        assertThat(model.chat(QUESTION).orElseThrow().content()).isEqualTo("SELECT 1");
    }

    @Test
    void asksAgainWithoutResponseFormatWhenTheServerRejectsIt() {
        server.enqueue(Scripted.error(400, "Unrecognized request argument supplied: response_format"),
                Scripted.chatReply("{\"sql\":\"SELECT 1\"}"), Scripted.chatReply("{\"sql\":\"SELECT 2\"}"));
        var model = model(settings(server.baseUrl("/v1")));

        Result<ChatReply> first = model.chat(JSON_QUESTION);
        Result<ChatReply> second = model.chat(JSON_QUESTION);

        assertThat(first.orElseThrow().content()).isEqualTo("{\"sql\":\"SELECT 1\"}");
        assertThat(second.orElseThrow().content()).isEqualTo("{\"sql\":\"SELECT 2\"}");
        assertThat(server.requests()).extracting(request -> request.json().has("response_format"))
                .containsExactly(true, false, false);
    }

    @Test
    void apiKeyNeverAppearsInTheSettingsText() {
        OpenAiSettings settings = settings(server.baseUrl("/v1")).withApiKey("sk-secret-987");

        assertThat(settings.toString()).doesNotContain("sk-secret-987").contains("apiKey=****", "test-model");
        assertThat(settings(server.baseUrl("/v1")).toString()).contains("apiKey=(none)");
    }

    @Test
    void refusesABaseUrlThatIsNotHttp() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenAiSettings.of(URI.create("ftp://host/v1"), "m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http(s)");
    }

    @Test
    void namesItselfAfterTheModel() {
        assertThat(model(settings(server.baseUrl("/v1"))).name()).isEqualTo("openai:test-model");
    }

    @Test
    void isUnavailableOnceClosed() {
        var model = model(settings(server.baseUrl("/v1")));
        model.close();

        assertThat(failureOf(model.chat(QUESTION))).isInstanceOf(Failure.LlmUnavailable.class);
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void leavesNoThreadThatKeepsTheJvmAlive() {
        server.enqueue(Scripted.chatReply("SELECT 1"));
        try (var model = new OpenAiLanguageModel(settings(server.baseUrl("/v1")))) {
            model.chat(QUESTION).orElseThrow();
        }

        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(Thread::isAlive)
                .filteredOn(thread -> !thread.isDaemon())
                .extracting(Thread::getName)
                .noneMatch(name -> name.contains("OkHttp") || name.contains("nl2sql-openai") || name.contains("Rx"));
    }

    private OpenAiSettings settings(URI baseUrl) {
        return new OpenAiSettings(baseUrl, "test-model", Optional.empty(), Duration.ofMillis(300), READ_TIMEOUT, 2,
                Duration.ofSeconds(30));
    }

    private OpenAiLanguageModel model(OpenAiSettings settings) {
        return model(settings, Duration.ofMillis(5), Duration.ofMillis(20));
    }

    private OpenAiLanguageModel model(OpenAiSettings settings, Duration firstBackoff, Duration longestWait) {
        var model = new OpenAiLanguageModel(settings, firstBackoff, longestWait);
        models.add(model);
        return model;
    }

    private static Failure failureOf(Result<ChatReply> result) {
        assertThat(result).isInstanceOf(Result.Err.class);
        return ((Result.Err<ChatReply>) result).failure();
    }
}
