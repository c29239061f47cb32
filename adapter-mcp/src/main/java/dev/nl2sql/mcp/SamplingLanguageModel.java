package dev.nl2sql.mcp;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.ChatMessage;
import dev.nl2sql.domain.generation.ChatReply;
import dev.nl2sql.domain.generation.ChatRequest;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.port.Cancellation;
import dev.nl2sql.port.LanguageModel;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ModelPreferences;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.SamplingMessage;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The MCP client's own model, asked through sampling ({@code sampling/createMessage}): nl2sql's system prompt becomes
 * the request's system prompt and the rest of the conversation its messages. The client decides which model answers,
 * and may show the request to its user first. Never throws: a client that refuses, fails or does not answer within
 * the request's timeout (what is left of the question's time budget) is {@code LLM_UNAVAILABLE}, and so is a call
 * cancelled meanwhile; a reply without text is {@code LLM_INVALID_REPLY}.
 * One instance serves one tool call.
 */
final class SamplingLanguageModel implements LanguageModel {

    /** Sends one sampling request to the client and waits for its reply; {@link McpSyncServerExchange#createMessage} in production. */
    @FunctionalInterface
    interface Sampler {
        CreateMessageResult createMessage(CreateMessageRequest request);
    }

    private final Sampler sampler;
    private final Optional<String> modelHint;
    private final Consumer<String> roundTrips;
    private volatile String lastModel = "";

    /**
     * @param modelHint a model name to suggest to the client, if any
     * @param roundTrips told before and after each request, e.g. to send progress notifications
     */
    SamplingLanguageModel(Sampler sampler, Optional<String> modelHint, Consumer<String> roundTrips) {
        this.sampler = requireNonNull(sampler, "sampler");
        this.modelHint = requireNonNull(modelHint, "modelHint");
        this.roundTrips = requireNonNull(roundTrips, "roundTrips");
    }

    /** {@return whether the client of {@code exchange} declared the sampling capability} */
    static boolean supported(McpSyncServerExchange exchange) {
        ClientCapabilities capabilities = exchange.getClientCapabilities();
        return capabilities != null && capabilities.sampling() != null;
    }

    /** {@return the client's model over {@code exchange}, if the client declared sampling} */
    static Optional<LanguageModel> of(McpSyncServerExchange exchange, Consumer<String> roundTrips) {
        return supported(exchange) ? Optional.of(new SamplingLanguageModel(exchange::createMessage, Optional.empty(), roundTrips))
                : Optional.empty();
    }

    /** {@return {@code sampling:MODEL} once the client has said which model answered, {@code sampling} before} */
    @Override
    public String name() {
        String model = lastModel;
        return model.isBlank() ? "sampling" : "sampling:" + model;
    }

    @Override
    public Result<ChatReply> chat(ChatRequest request) {
        CreateMessageRequest sampling = toSampling(request);
        CreateMessageResult reply;
        roundTrips.accept("asking the client's model");
        // On a thread of its own, so that the question's time budget and a cancellation can end the wait.
        FutureTask<CreateMessageResult> asking = new FutureTask<>(() -> sampler.createMessage(sampling));
        Thread.ofVirtual().name("nl2sql-sampling").start(asking);
        try (Cancellation.Registration stop = Cancellation.current().map(c -> c.onCancel(() -> asking.cancel(true))).orElse(() -> {})) {
            reply = asking.get(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            asking.cancel(true);
            return Result.err(new Failure.LlmUnavailable("the client's model (sampling) gave no reply within the question's time budget"));
        } catch (CancellationException e) {
            return Result.err(new Failure.LlmUnavailable("the call was cancelled"));
        } catch (ExecutionException e) {
            return Result.err(new Failure.LlmUnavailable("the client's model (sampling) did not answer: " + describe(e.getCause())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            asking.cancel(true);
            return Result.err(new Failure.LlmUnavailable("the call was interrupted"));
        } finally {
            roundTrips.accept("the client's model answered");
        }
        if (reply == null || reply.content() == null) {
            return Result.err(new Failure.LlmInvalidReply("the client's sampling reply was empty"));
        }
        if (reply.model() != null && !reply.model().isBlank()) {
            lastModel = reply.model().strip();
        }
        if (!(reply.content() instanceof TextContent text)) {
            return Result.err(new Failure.LlmInvalidReply("the client's model replied with " + reply.content().type() + " content, not text"));
        }
        if (text.text() == null || text.text().isBlank()) {
            return Result.err(new Failure.LlmInvalidReply("the client's model replied with empty text"));
        }
        return Result.ok(new ChatReply(text.text(), TokenUsage.NONE, name()));
    }

    private CreateMessageRequest toSampling(ChatRequest request) {
        String system = request.messages().stream().filter(m -> m.role() == ChatMessage.Role.SYSTEM).map(ChatMessage::content)
                .collect(Collectors.joining("\n\n"));
        List<SamplingMessage> messages = request.messages().stream().filter(m -> m.role() != ChatMessage.Role.SYSTEM)
                .map(m -> SamplingMessage.builder(m.role() == ChatMessage.Role.ASSISTANT ? Role.ASSISTANT : Role.USER,
                        TextContent.builder(m.content()).build()).build())
                .toList();
        CreateMessageRequest.Builder builder = CreateMessageRequest.builder(messages, request.maxTokens())
                .temperature(request.temperature())
                .includeContext(CreateMessageRequest.ContextInclusionStrategy.NONE);
        if (!system.isEmpty()) {
            builder.systemPrompt(system);
        }
        modelHint.ifPresent(hint -> builder.modelPreferences(ModelPreferences.builder().addHint(hint).build()));
        return builder.build();
    }

    private static String describe(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.util.concurrent.TimeoutException) {
                return "no reply within the request timeout";
            }
        }
        Throwable cause = e;
        while ((cause.getMessage() == null || cause.getMessage().isBlank()) && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null || cause.getMessage().isBlank() ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
