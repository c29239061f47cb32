package dev.nl2sql.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.ChatMessage;
import dev.nl2sql.domain.generation.ChatReply;
import dev.nl2sql.domain.generation.ChatRequest;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.port.Cancellation;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class SamplingLanguageModelTest {

    private static final ChatRequest REQUEST = new ChatRequest(List.of(
            ChatMessage.system("You write SQL."),
            ChatMessage.user("Question: how many orders?"),
            ChatMessage.assistant("SELECT count(*) FROM order"),
            ChatMessage.user("That query could not be used: no table order")), 500, 0.0, true);

    private final List<CreateMessageRequest> sent = new ArrayList<>();
    private final List<String> roundTrips = new ArrayList<>();

    private SamplingLanguageModel model(SamplingLanguageModel.Sampler reply) {
        return new SamplingLanguageModel(request -> {
            sent.add(request);
            return reply.createMessage(request);
        }, Optional.of("claude"), roundTrips::add);
    }

    private static CreateMessageResult text(String text, String model) {
        return CreateMessageResult.builder(Role.ASSISTANT, text, model).build();
    }

    @Test
    void sendsTheSystemPromptApartAndTheConversationAsMessages() {
        Result<ChatReply> reply = model(request -> text("{\"sql\": \"SELECT 1\"}", "claude-sonnet")).chat(REQUEST);

        CreateMessageRequest request = sent.getFirst();
        assertThat(request.systemPrompt()).isEqualTo("You write SQL.");
        assertThat(request.messages()).extracting(m -> m.role()).containsExactly(Role.USER, Role.ASSISTANT, Role.USER);
        assertThat(((TextContent) request.messages().get(2).content()).text()).contains("no table order");
        assertThat(request.maxTokens()).isEqualTo(500);
        assertThat(request.temperature()).isEqualTo(0.0);
        assertThat(request.modelPreferences().hints()).extracting(h -> h.name()).containsExactly("claude");
        assertThat(reply.orElseThrow()).isEqualTo(new ChatReply("{\"sql\": \"SELECT 1\"}", TokenUsage.NONE, "sampling:claude-sonnet"));
        assertThat(roundTrips).hasSize(2);
    }

    @Test
    void isNamedAfterTheModelTheClientReports() {
        SamplingLanguageModel model = model(request -> text("SELECT 1", "gpt-x"));
        assertThat(model.name()).isEqualTo("sampling");

        model.chat(REQUEST);

        assertThat(model.name()).isEqualTo("sampling:gpt-x");
    }

    @Test
    void aClientErrorIsLlmUnavailableWithItsMessage() {
        Result<ChatReply> reply = model(request -> {
            throw McpError.builder(-1).message("User rejected sampling request").build();
        }).chat(REQUEST);

        assertThat(failureCode(reply)).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
        assertThat(failureMessage(reply)).contains("User rejected sampling request");
        assertThat(roundTrips).hasSize(2);
    }

    @Test
    void aTimeoutIsLlmUnavailable() {
        Result<ChatReply> reply = model(request -> {
            throw new RuntimeException(new TimeoutException("Did not observe any item within 60000ms"));
        }).chat(REQUEST);

        assertThat(failureCode(reply)).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
        assertThat(failureMessage(reply)).contains("request timeout");
    }

    @Test
    void aClientSilentBeyondTheRequestsTimeoutIsLlmUnavailable() {
        ChatRequest withinBudget = new ChatRequest(REQUEST.messages(), REQUEST.maxTokens(), 0.0, true, Duration.ofMillis(100));

        Result<ChatReply> reply = model(request -> silence()).chat(withinBudget);

        assertThat(failureCode(reply)).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
        assertThat(failureMessage(reply)).contains("time budget");
    }

    @Test
    void aCancelledCallStopsWaitingForTheClient() {
        Cancellation cancellation = new Cancellation();
        CountDownLatch asked = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try {
                asked.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cancellation.cancel();
        });

        Result<ChatReply> reply = cancellation.within(() -> model(request -> {
            asked.countDown();
            return silence();
        }).chat(REQUEST));

        assertThat(failureMessage(reply)).contains("cancelled");
    }

    private static CreateMessageResult silence() {
        try {
            Thread.sleep(Duration.ofMinutes(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("interrupted");
    }

    @Test
    void aClientWithoutSamplingIsLlmUnavailable() {
        Result<ChatReply> reply = model(request -> {
            throw new IllegalStateException("Client must be configured with sampling capabilities");
        }).chat(REQUEST);

        assertThat(failureCode(reply)).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
    }

    @Test
    void anEmptyOrNonTextReplyIsInvalid() {
        assertThat(failureCode(model(request -> null).chat(REQUEST))).isEqualTo(ErrorCode.LLM_INVALID_REPLY);
        assertThat(failureCode(model(request -> text("  ", "m")).chat(REQUEST))).isEqualTo(ErrorCode.LLM_INVALID_REPLY);
        Result<ChatReply> image = model(request -> CreateMessageResult.builder(Role.ASSISTANT,
                ImageContent.builder("aGk=", "image/png").build(), "m").build()).chat(REQUEST);
        assertThat(failureCode(image)).isEqualTo(ErrorCode.LLM_INVALID_REPLY);
        assertThat(failureMessage(image)).contains("image");
    }

    private static ErrorCode failureCode(Result<ChatReply> reply) {
        assertThat(reply).isInstanceOf(Result.Err.class);
        return ((Result.Err<ChatReply>) reply).failure().code();
    }

    private static String failureMessage(Result<ChatReply> reply) {
        return ((Result.Err<ChatReply>) reply).failure().message();
    }
}
