package dev.nl2sql.domain.generation;

import static java.util.Objects.requireNonNull;

/** One message of a conversation with a language model. */
public record ChatMessage(Role role, String content) {

    /** Who speaks. */
    public enum Role {
        SYSTEM,
        USER,
        ASSISTANT
    }

    public ChatMessage {
        requireNonNull(role, "role");
        requireNonNull(content, "content");
    }

    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content);
    }
}
