package dev.nl2sql.domain.generation;

import java.util.List;

/**
 * What nl2sql asks a language model.
 *
 * @param maxTokens the most tokens the reply may use
 * @param temperature 0 for the most deterministic reply
 * @param jsonReply whether the reply should be a JSON object (servers that support it are told so)
 */
public record ChatRequest(List<ChatMessage> messages, int maxTokens, double temperature, boolean jsonReply) {

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
    }
}
