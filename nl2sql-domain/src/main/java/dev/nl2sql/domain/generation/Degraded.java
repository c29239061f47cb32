package dev.nl2sql.domain.generation;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.error.Failure;

/**
 * An answer given without the model the caller asked for: the model failed, and the offline paths answered instead
 * (configuration {@code llm.fallback: offline}).
 *
 * @param model who failed: {@code openai:MODEL}, {@code sampling}...
 * @param failure why it failed
 * @param answeredBy who answered instead: {@code offline} or {@code template:NAME}
 */
public record Degraded(String model, Failure failure, String answeredBy) {

    public Degraded {
        requireNonNull(model, "model");
        requireNonNull(failure, "failure");
        requireNonNull(answeredBy, "answeredBy");
    }

    /** {@return one line for people and the audit log, e.g. {@code openai:gpt-4o-mini failed (LLM_UNAVAILABLE: ...); answered by offline}} */
    public String describe() {
        return model + " failed (" + failure.code().code() + ": " + failure.message() + "); answered by " + answeredBy;
    }
}
