package dev.nl2sql.openai;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how to reach an OpenAI-compatible chat-completions server.
 *
 * @param baseUrl the API root that {@code chat/completions} is relative to, e.g. {@code https://api.openai.com/v1} or
 *     {@code http://127.0.0.1:11434/v1}; its path is kept
 * @param model the model to ask, e.g. {@code gpt-4o-mini}
 * @param apiKey sent as {@code Authorization: Bearer ...} when present; local servers usually need none
 * @param connectTimeout how long to wait for a TCP connection
 * @param readTimeout how long the server may stay silent while answering; each attempt gets this much
 * @param maxRetries how many times a failed attempt (429, 5xx, connection error, timeout) is repeated
 * @param breakerOpenFor how long the circuit breaker fails fast once it has opened
 */
public record OpenAiSettings(
        URI baseUrl,
        String model,
        Optional<String> apiKey,
        Duration connectTimeout,
        Duration readTimeout,
        int maxRetries,
        Duration breakerOpenFor) {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    static final int DEFAULT_MAX_RETRIES = 2;
    static final Duration DEFAULT_BREAKER_OPEN_FOR = Duration.ofSeconds(30);

    public OpenAiSettings {
        requireNonNull(baseUrl, "baseUrl");
        requireNonNull(model, "model");
        requireNonNull(apiKey, "apiKey");
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(readTimeout, "readTimeout");
        requireNonNull(breakerOpenFor, "breakerOpenFor");
        String scheme = baseUrl.getScheme();
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL, was '" + baseUrl + "'");
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("baseUrl must not have a query or fragment, was '" + baseUrl + "'");
        }
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        apiKey = apiKey.filter(key -> !key.isBlank());
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("readTimeout", readTimeout);
        requirePositive("breakerOpenFor", breakerOpenFor);
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("maxRetries must be within 0..10, was " + maxRetries);
        }
    }

    /** {@return settings for {@code model} at {@code baseUrl}, without a key and with the default timeouts and retries} */
    public static OpenAiSettings of(URI baseUrl, String model) {
        return new OpenAiSettings(baseUrl, model, Optional.empty(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT,
                DEFAULT_MAX_RETRIES, DEFAULT_BREAKER_OPEN_FOR);
    }

    /** {@return these settings with {@code apiKey} sent as the bearer token} */
    public OpenAiSettings withApiKey(String apiKey) {
        return new OpenAiSettings(baseUrl, model, Optional.of(apiKey), connectTimeout, readTimeout, maxRetries,
                breakerOpenFor);
    }

    /** {@return these settings with other timeouts} */
    public OpenAiSettings withTimeouts(Duration connectTimeout, Duration readTimeout) {
        return new OpenAiSettings(baseUrl, model, apiKey, connectTimeout, readTimeout, maxRetries, breakerOpenFor);
    }

    /** {@return these settings with another retry count} */
    public OpenAiSettings withMaxRetries(int maxRetries) {
        return new OpenAiSettings(baseUrl, model, apiKey, connectTimeout, readTimeout, maxRetries, breakerOpenFor);
    }

    /** {@return these settings with another time the open breaker fails fast} */
    public OpenAiSettings withBreakerOpenFor(Duration breakerOpenFor) {
        return new OpenAiSettings(baseUrl, model, apiKey, connectTimeout, readTimeout, maxRetries, breakerOpenFor);
    }

    /** {@return the base URL as Retrofit wants it: with a trailing slash, so {@code chat/completions} stays under it} */
    String retrofitBaseUrl() {
        String url = baseUrl.toString();
        return url.endsWith("/") ? url : url + "/";
    }

    // Records print every component; the key must never reach a log line or an error message.
    @Override
    public String toString() {
        return "OpenAiSettings[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + apiKey.map(key -> "****").orElse("(none)")
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", maxRetries=" + maxRetries
                + ", breakerOpenFor=" + breakerOpenFor + "]";
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
