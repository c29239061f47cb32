package dev.nl2sql.domain.generation;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.query.TokenUsage;

/**
 * What a language model answered.
 *
 * @param model the model that answered, as the server named it
 */
public record ChatReply(String content, TokenUsage usage, String model) {

    public ChatReply {
        requireNonNull(content, "content");
        requireNonNull(usage, "usage");
        requireNonNull(model, "model");
    }
}
