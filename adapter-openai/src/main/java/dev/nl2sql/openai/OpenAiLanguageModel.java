package dev.nl2sql.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.theokanning.openai.Usage;
import com.theokanning.openai.completion.chat.ChatCompletionChoice;
import com.theokanning.openai.completion.chat.ChatCompletionRequest;
import com.theokanning.openai.completion.chat.ChatCompletionResult;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.ChatMessage;
import dev.nl2sql.domain.generation.ChatReply;
import dev.nl2sql.domain.generation.ChatRequest;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.port.Cancellation;
import dev.nl2sql.port.LanguageModel;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.converter.jackson.JacksonConverterFactory;

/**
 * A {@link LanguageModel} on any OpenAI-compatible {@code chat/completions} server (OpenAI, Azure-style gateways,
 * vLLM, llama.cpp, Ollama), built on TheoKanning's {@code openai-gpt3-java} request and reply classes, sent with our
 * own Retrofit, OkHttp and ObjectMapper so that the base URL, the timeouts and the bearer header are ours. (The
 * library's {@code OpenAiService} has no base-URL setting and cannot initialise on Jackson 2.20+.)
 *
 * <p><b>Failures are values.</b> Nothing thrown by OkHttp, Retrofit or Jackson leaves {@link #chat}: a server that is
 * down, slow, overloaded or refuses the request gives {@link Failure.LlmUnavailable}; a 2xx reply that is not JSON,
 * has no choices or no content gives {@link Failure.LlmInvalidReply} (the server is up but answered nonsense; the
 * same request would most likely get the same reply, so it is not retried).
 *
 * <p><b>Retries and breaker.</b> An attempt that gets 429, a 5xx, a connection error or a timeout is repeated up to
 * {@link OpenAiSettings#maxRetries()} times, waiting 500 ms, 1 s, 2 s... or what a 429's {@code Retry-After} asks (up
 * to 10 s). Other 4xx answers are final. Every attempt passes a circuit breaker of its own: once at least half of the
 * last 10 attempts (and at least 4) failed that way, calls fail fast for {@link OpenAiSettings#breakerOpenFor()}
 * without touching the network, then one trial call decides whether it closes again.
 *
 * <p><b>JSON replies.</b> When {@link ChatRequest#jsonReply()} is set the body carries
 * {@code "response_format":{"type":"json_object"}}, which the library's request class cannot express: the body is a
 * small record of ours that flattens the library's request and adds the field. Servers that do not know the field
 * and reject it with a 400 naming {@code response_format} get the same request once more without it; this model then
 * remembers not to send it again. The prompt must still ask for JSON, as OpenAI requires anyway.
 *
 * <p><b>Replacing this adapter.</b> Everything the rest of nl2sql knows is the {@link LanguageModel} port. Another
 * client, e.g. the official {@code com.openai:openai-java}, fits behind it as one class: map each {@link ChatMessage}
 * to the client's message type, set max tokens, temperature and (for {@code jsonReply}) its response format, call
 * the client, map the first choice's content and the usage to a {@link ChatReply}, and catch the client's exceptions
 * into the same two {@link Failure} values. Bind it in app-bootstrap instead of this class; no other module changes.
 *
 * <p>Thread-safe. {@link #close()} releases the HTTP client's threads and connections; no thread it starts keeps a
 * JVM alive in any case.
 */
public final class OpenAiLanguageModel implements LanguageModel, AutoCloseable {

    static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration DEFAULT_LONGEST_WAIT = Duration.ofSeconds(10);
    private static final int DETAIL_LIMIT = 200;

    private final OpenAiSettings settings;
    private final OkHttpClient http;
    private final ChatCompletionsEndpoint endpoint;
    private final ObjectMapper json;
    private final Duration firstBackoff;
    private final Duration longestWait;
    private final CircuitBreaker breaker;
    private final AtomicBoolean serverRejectsResponseFormat = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Connects to nothing yet: the first {@link #chat} opens the first connection. */
    public OpenAiLanguageModel(OpenAiSettings settings) {
        this(settings, DEFAULT_FIRST_BACKOFF, DEFAULT_LONGEST_WAIT);
    }

    /** For tests: {@code firstBackoff} doubles per attempt; no wait (backoff or Retry-After) exceeds {@code longestWait}. */
    OpenAiLanguageModel(OpenAiSettings settings, Duration firstBackoff, Duration longestWait) {
        this.settings = requireNonNull(settings, "settings");
        this.http = httpClient(settings);
        this.json = objectMapper();
        this.endpoint = new Retrofit.Builder()
                .baseUrl(settings.retrofitBaseUrl())
                .client(http)
                .addConverterFactory(JacksonConverterFactory.create(json))
                .build()
                .create(ChatCompletionsEndpoint.class);
        this.firstBackoff = requireNonNull(firstBackoff, "firstBackoff");
        this.longestWait = requireNonNull(longestWait, "longestWait");
        this.breaker = CircuitBreaker.of("llm-" + settings.model(), CircuitBreakerConfig.custom()
                .slidingWindow(10, 4, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(50)
                .recordResult(outcome -> outcome instanceof Attempt attempt && attempt.isWorthRepeating())
                .recordException(e -> true)
                .waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
    }

    @Override
    public String name() {
        return "openai:" + settings.model();
    }

    /** {@return the settings this model was made with} */
    public OpenAiSettings settings() {
        return settings;
    }

    @Override
    public Result<ChatReply> chat(ChatRequest request) {
        requireNonNull(request, "request");
        if (closed.get()) {
            return Result.err(new Failure.LlmUnavailable(name() + " is closed"));
        }
        ChatCompletionBody body = ChatCompletionBody.of(toLibraryRequest(request),
                request.jsonReply() && !serverRejectsResponseFormat.get());
        Call call = new Call(System.nanoTime() + request.timeout().toNanos(), Cancellation.current());
        try {
            Attempt outcome = resilient(body, call);
            if (body.asksForJson() && outcome instanceof Attempt.Refused refused && refused.rejectsResponseFormat()) {
                serverRejectsResponseFormat.set(true);
                outcome = resilient(body.withoutResponseFormat(), call);
            }
            return toResult(outcome);
        } catch (CallNotPermittedException open) {
            return Result.err(new Failure.LlmUnavailable(settings.baseUrl() + " failed repeatedly; not trying again for up to "
                    + settings.breakerOpenFor().toSeconds() + " s (circuit breaker open)"));
        } catch (RuntimeException bug) {
            // Not expected: every library exception is caught per attempt. Still, the port promises not to throw.
            return Result.err(new Failure.LlmUnavailable("unexpected " + bug.getClass().getSimpleName() + ": " + firstLine(bug.getMessage())));
        }
    }

    /** Stops the HTTP client's threads and drops its pooled connections; later calls fail with LLM_UNAVAILABLE. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            http.dispatcher().cancelAll();
            http.dispatcher().executorService().shutdownNow();
            http.connectionPool().evictAll();
        }
    }

    /**
     * One {@link #chat}: when it must be over (what is left of the question's time budget) and how the caller may stop
     * it. No attempt and no wait before another attempt outlasts it, and a cancelled call stops its HTTP exchange.
     */
    private record Call(long deadlineNanos, Optional<Cancellation> cancellation) {

        Duration remaining() {
            long left = deadlineNanos - System.nanoTime();
            return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
        }

        boolean isOver() {
            return remaining().isZero() || cancellation.filter(Cancellation::isCancelled).isPresent();
        }
    }

    private Attempt resilient(ChatCompletionBody body, Call call) {
        // A Retry per call: its waits and its last word depend on the call's own deadline.
        Retry retry = Retry.of("llm-" + settings.model(), RetryConfig.<Attempt>custom()
                .maxAttempts(settings.maxRetries() + 1)
                .retryOnResult(attempt -> attempt.isWorthRepeating() && !call.isOver())
                .retryOnException(e -> false)
                .intervalBiFunction((Integer attempts, Either<Throwable, Attempt> last) ->
                        min(waitBefore(attempts, last, firstBackoff, longestWait), call.remaining()).toMillis())
                .failAfterMaxAttempts(false)
                .build());
        Supplier<Attempt> once = () -> send(body, call);
        return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, once)).get();
    }

    /** One HTTP exchange, every outcome a value. */
    private Attempt send(ChatCompletionBody body, Call call) {
        if (call.cancellation().filter(Cancellation::isCancelled).isPresent()) {
            return new Attempt.Cancelled();
        }
        Duration remaining = call.remaining();
        if (remaining.isZero()) {
            return new Attempt.Unreachable("no answer within the question's time budget");
        }
        retrofit2.Call<ChatCompletionResult> exchange = endpoint.create(body);
        exchange.timeout().timeout(remaining.toMillis(), TimeUnit.MILLISECONDS);
        try (Cancellation.Registration stop = call.cancellation().map(c -> c.onCancel(exchange::cancel)).orElse(() -> {})) {
            Response<ChatCompletionResult> response = exchange.execute();
            if (response.isSuccessful()) {
                ChatCompletionResult result = response.body();
                return result == null ? new Attempt.Nonsense("an empty body") : new Attempt.Answered(result);
            }
            return new Attempt.Refused(response.code(), errorDetail(response.errorBody()),
                    retryAfter(response.headers().get("Retry-After")));
        } catch (JsonProcessingException notJson) {
            return new Attempt.Nonsense("a body that is not a chat completion (" + firstLine(notJson.getOriginalMessage()) + ")");
        } catch (IOException | RuntimeException e) {
            if (exchange.isCanceled()) { // the call timeout (the question's budget) or the caller cancelled
                return call.cancellation().filter(Cancellation::isCancelled).isPresent() ? new Attempt.Cancelled()
                        : new Attempt.Unreachable("no answer within the question's time budget");
            }
            return unreachable(e);
        }
    }

    private Attempt unreachable(Exception e) {
        return switch (e) {
            case InterruptedIOException timeout -> new Attempt.Unreachable("no answer within " + settings.readTimeout().toMillis() + " ms");
            case ConnectException refused -> new Attempt.Unreachable("cannot connect to " + settings.baseUrl() + " (" + firstLine(refused.getMessage()) + ")");
            case UnknownHostException unknown -> new Attempt.Unreachable("cannot connect to " + settings.baseUrl() + " (" + firstLine(unknown.getMessage()) + ")");
            case IOException io -> new Attempt.Unreachable("I/O error talking to " + settings.baseUrl() + " (" + firstLine(io.getMessage()) + ")");
            // OkHttp and Retrofit throw unchecked exceptions for malformed replies and closed clients.
            default -> new Attempt.Unreachable(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
        };
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private Result<ChatReply> toResult(Attempt outcome) {
        return switch (outcome) {
            case Attempt.Answered answered -> toReply(answered.result());
            case Attempt.Nonsense nonsense -> Result.err(new Failure.LlmInvalidReply(name() + " answered with " + nonsense.what()));
            case Attempt.Unreachable unreachable -> Result.err(new Failure.LlmUnavailable(unreachable.reason()
                    + attemptsNote()));
            case Attempt.Cancelled cancelled -> Result.err(new Failure.LlmUnavailable("the call was cancelled"));
            case Attempt.Refused refused -> Result.err(new Failure.LlmUnavailable(describe(refused)
                    + (refused.isWorthRepeating() ? attemptsNote() : "")));
        };
    }

    private Result<ChatReply> toReply(ChatCompletionResult result) {
        List<ChatCompletionChoice> choices = Optional.ofNullable(result.getChoices()).orElse(List.of());
        Optional<String> content = choices.stream().findFirst()
                .map(ChatCompletionChoice::getMessage)
                .map(com.theokanning.openai.completion.chat.ChatMessage::getContent)
                .filter(text -> !text.isBlank());
        if (content.isEmpty()) {
            String finish = choices.stream().findFirst().map(ChatCompletionChoice::getFinishReason)
                    .map(reason -> " (finish reason: " + reason + ")").orElse("");
            return Result.err(new Failure.LlmInvalidReply(name() + (choices.isEmpty() ? " answered with no choices"
                    : " answered with an empty message" + finish)));
        }
        Usage usage = result.getUsage();
        TokenUsage tokens = usage == null ? TokenUsage.NONE
                : new TokenUsage(Math.max(0, usage.getPromptTokens()), Math.max(0, usage.getCompletionTokens()));
        String model = Optional.ofNullable(result.getModel()).filter(m -> !m.isBlank()).orElse(settings.model());
        return Result.ok(new ChatReply(content.get(), tokens, model));
    }

    private ChatCompletionRequest toLibraryRequest(ChatRequest request) {
        return ChatCompletionRequest.builder()
                .model(settings.model())
                .messages(request.messages().stream()
                        .map(m -> new com.theokanning.openai.completion.chat.ChatMessage(m.role().name().toLowerCase(Locale.ROOT), m.content()))
                        .toList())
                .maxTokens(request.maxTokens())
                .temperature(request.temperature())
                .n(1)
                .build();
    }

    private String describe(Attempt.Refused refused) {
        String what = switch (refused.status()) {
            case 401 -> settings.apiKey().isPresent()
                    ? "refused the API key: check the key in the variable llm.api_key_env names (default OPENAI_API_KEY)"
                    : "wants an API key and none was sent: set the variable llm.api_key_env names (default OPENAI_API_KEY)";
            case 403 -> "refused the credentials: the API key may not use this model or endpoint";
            case 404 -> "has no such endpoint or model";
            case 429 -> "is rate limiting";
            default -> refused.status() >= 500 ? "failed" : "refused the request";
        };
        return settings.baseUrl() + " " + what + " (HTTP " + refused.status() + ")"
                + (refused.detail().isEmpty() ? "" : ": " + refused.detail());
    }

    private String attemptsNote() {
        return settings.maxRetries() == 0 ? "" : " after " + (settings.maxRetries() + 1) + " attempts";
    }

    private String errorDetail(ResponseBody errorBody) {
        if (errorBody == null) {
            return "";
        }
        try (errorBody) {
            String text = errorBody.string();
            try {
                // OpenAI's shape, which most compatible servers copy: {"error":{"message":"..."}}; else the raw text.
                JsonNode message = json.readTree(text).path("error");
                String detail = message.isTextual() ? message.asText() : message.path("message").asText("");
                return clip(withoutApiKey(detail.isBlank() ? text : detail));
            } catch (JsonProcessingException notJson) {
                return clip(withoutApiKey(text));
            }
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }

    /**
     * Some gateways quote the key they refused; the detail reaches whoever asked the question (an MCP client, the audit
     * log), who must never see nl2sql's own key.
     */
    private String withoutApiKey(String text) {
        return settings.apiKey().filter(key -> !key.isEmpty()).map(key -> text.replace(key, "****")).orElse(text);
    }

    private static Duration waitBefore(int attempts, Either<Throwable, Attempt> last, Duration first, Duration longest) {
        Duration backoff = first.multipliedBy(1L << Math.min(attempts - 1, 16));
        Duration wanted = last.isRight() && last.get() instanceof Attempt.Refused refused && refused.retryAfter().isPresent()
                ? refused.retryAfter().get()
                : backoff;
        return wanted.compareTo(longest) > 0 ? longest : wanted;
    }

    /** Only the delta-seconds form; the rare HTTP-date form falls back to the backoff. */
    static Optional<Duration> retryAfter(String header) {
        if (header == null) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException httpDate) {
            return Optional.empty();
        }
    }

    /**
     * What the library's {@code OpenAiService.defaultObjectMapper()} sets up, minus the function-calling mixins we do
     * not use. Its own method cannot run on Jackson 2.20+; the model classes name their snake_case fields themselves.
     */
    private static ObjectMapper objectMapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .build();
    }

    private static OkHttpClient httpClient(OpenAiSettings settings) {
        // Only async calls use the dispatcher's threads, and we make none; still, daemon threads so none can hold a JVM.
        ExecutorService dispatcherThreads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemonThreads());
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .dispatcher(new Dispatcher(dispatcherThreads))
                .connectionPool(new ConnectionPool(4, 1, TimeUnit.MINUTES))
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                .retryOnConnectionFailure(false);   // retries are ours, counted and backed off
        settings.apiKey().ifPresent(key -> builder.addInterceptor(chain -> chain.proceed(
                chain.request().newBuilder().header("Authorization", "Bearer " + key).build())));
        return builder.build();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "nl2sql-openai-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String clip(String text) {
        String line = firstLine(text);
        return line.length() <= DETAIL_LIMIT ? line : line.substring(0, DETAIL_LIMIT) + "...";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String trimmed = text.strip();
        int end = trimmed.indexOf('\n');
        return end < 0 ? trimmed : trimmed.substring(0, end).strip();
    }

    /** What one HTTP exchange came to. */
    sealed interface Attempt {

        /** {@return whether another attempt may do better: a 429, a 5xx, no connection or no answer in time} */
        default boolean isWorthRepeating() {
            return switch (this) {
                case Unreachable u -> true;
                case Refused r -> r.status() == 429 || r.status() >= 500;
                case Answered a -> false;
                case Nonsense n -> false;
                case Cancelled c -> false;
            };
        }

        record Answered(ChatCompletionResult result) implements Attempt {}

        record Nonsense(String what) implements Attempt {}

        /** The caller cancelled the call (an MCP client's {@code notifications/cancelled}). */
        record Cancelled() implements Attempt {}

        record Unreachable(String reason) implements Attempt {}

        record Refused(int status, String detail, Optional<Duration> retryAfter) implements Attempt {
            boolean rejectsResponseFormat() {
                return status == 400 && detail.toLowerCase(Locale.ROOT).contains("response_format");
            }
        }
    }
}
