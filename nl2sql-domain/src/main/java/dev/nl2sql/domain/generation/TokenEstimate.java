package dev.nl2sql.domain.generation;

/**
 * How many tokens a piece of prompt text costs, estimated as characters / 4: close enough for English and SQL with
 * the tokenizers in use, and the same rule everywhere a prompt is budgeted (schema linking, conversation context).
 */
public final class TokenEstimate {

    private static final int CHARS_PER_TOKEN = 4;

    private TokenEstimate() {}

    /** {@return the estimated tokens of {@code text}} */
    public static int of(CharSequence text) {
        return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /** {@return how many characters fit in {@code tokens}} */
    public static int chars(int tokens) {
        return tokens * CHARS_PER_TOKEN;
    }
}
