package dev.nl2sql.library.config;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.usecase.GenerateSql;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The language model nl2sql asks for SQL: any OpenAI-compatible API.
 *
 * @param baseUrl the API's base URL (e.g. {@code http://127.0.0.1:11434/v1}); empty means no API is configured, and
 *     nl2sql uses the MCP client's model (sampling) or the offline generator
 * @param apiKey the key read from {@code apiKeyEnv} at load time, if that variable is set
 * @param questionTimeout one question's time budget, shared by every model call, retry and correction round
 * @param fallback what answers when the model fails; empty means {@code refuse} when a model is configured (the caller
 *     asked for the model), {@code offline} when the only model is the MCP client's
 */
public record LlmConfig(
        Optional<URI> baseUrl, String model, String apiKeyEnv, Optional<Secret> apiKey, Duration connectTimeout, Duration readTimeout,
        Duration questionTimeout, Optional<GenerateSql.Fallback> fallback) {

    static final String DEFAULT_MODEL = "gpt-4o-mini";
    static final String DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DEFAULT_QUESTION_TIMEOUT = GenerateSql.Settings.DEFAULT_QUESTION_TIMEOUT;

    /** {@return no API configured: the MCP client's model (sampling), a model passed in code, or the offline paths} */
    public static LlmConfig none() {
        return new LlmConfig(Optional.empty(), DEFAULT_MODEL, DEFAULT_API_KEY_ENV, Optional.empty(), DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_READ_TIMEOUT, DEFAULT_QUESTION_TIMEOUT, Optional.empty());
    }

    public LlmConfig {
        requireNonNull(baseUrl, "baseUrl");
        requireNonNull(model, "model");
        requireNonNull(apiKeyEnv, "apiKeyEnv");
        requireNonNull(apiKey, "apiKey");
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(readTimeout, "readTimeout");
        requireNonNull(questionTimeout, "questionTimeout");
        requireNonNull(fallback, "fallback");
    }

    /** {@return what answers when the model fails: as configured, else refuse when {@code modelConfigured}, else offline} */
    public GenerateSql.Fallback fallback(boolean modelConfigured) {
        return fallback.orElse(modelConfigured ? GenerateSql.Fallback.REFUSE : GenerateSql.Fallback.OFFLINE);
    }
}
