package dev.nl2sql.domain.query;

/** Tokens a language model consumed; zero for offline generation. */
public record TokenUsage(long prompt, long completion) {

    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public TokenUsage {
        if (prompt < 0 || completion < 0) {
            throw new IllegalArgumentException("token counts must not be negative, were " + prompt + "/" + completion);
        }
    }

    public long total() {
        return prompt + completion;
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(prompt + other.prompt, completion + other.completion);
    }
}
