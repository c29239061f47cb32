package dev.nl2sql.domain.generation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * What nl2sql asks a language model.
 *
 * @param maxTokens the most tokens the reply may use
 * @param temperature 0 for the most deterministic reply
 * @param jsonReply whether the reply should be a JSON object (servers that support it are told so)
 * @param timeout how long the whole call may take, retries and waits included: what is left of the question's time budget
 */
public record ChatRequest(List<ChatMessage> messages, int maxTokens, double temperature, boolean jsonReply, Duration timeout) {

    /** The timeout of a request made outside a question's time budget. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public ChatRequest {
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
        }
        if (temperature < 0 || temperature > 2) {
            throw new IllegalArgumentException("temperature must be within 0..2, was " + temperature);
        }
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /** A request with {@link #DEFAULT_TIMEOUT}. */
    public ChatRequest(List<ChatMessage> messages, int maxTokens, double temperature, boolean jsonReply) {
        this(messages, maxTokens, temperature, jsonReply, DEFAULT_TIMEOUT);
    }
}
