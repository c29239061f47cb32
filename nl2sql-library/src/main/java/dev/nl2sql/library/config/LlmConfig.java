package dev.nl2sql.library.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The language model nl2sql asks for SQL: any OpenAI-compatible API.
 *
 * @param baseUrl the API's base URL (e.g. {@code http://127.0.0.1:11434/v1}); empty means no API is configured, and
 *     nl2sql uses the MCP client's model (sampling) or the offline generator
 * @param apiKey the key read from {@code apiKeyEnv} at load time, if that variable is set
 */
public record LlmConfig(
        Optional<URI> baseUrl, String model, String apiKeyEnv, Optional<Secret> apiKey, Duration connectTimeout, Duration readTimeout) {

    static final String DEFAULT_MODEL = "gpt-4o-mini";
    static final String DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    /** {@return no API configured: the MCP client's model (sampling), a model passed in code, or the offline paths} */
    public static LlmConfig none() {
        return new LlmConfig(Optional.empty(), DEFAULT_MODEL, DEFAULT_API_KEY_ENV, Optional.empty(), DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_READ_TIMEOUT);
    }

    public LlmConfig {
        requireNonNull(baseUrl, "baseUrl");
        requireNonNull(model, "model");
        requireNonNull(apiKeyEnv, "apiKeyEnv");
        requireNonNull(apiKey, "apiKey");
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(readTimeout, "readTimeout");
    }
}
