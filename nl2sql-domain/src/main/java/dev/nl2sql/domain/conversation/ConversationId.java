package dev.nl2sql.domain.conversation;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Names one conversation; random and unguessable, so an id seen by one client says nothing about another's. */
public record ConversationId(String value) {

    private static final Pattern SHAPE = Pattern.compile("c-[0-9a-f]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public ConversationId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("a conversation id looks like c- and 16 hex digits, was '" + value + "'");
        }
    }

    /** {@return a new random id} */
    public static ConversationId random() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return new ConversationId("c-" + HexFormat.of().formatHex(bytes));
    }

    /** {@return whether {@code text} has the shape of an id} */
    public static boolean isWellFormed(String text) {
        return text != null && SHAPE.matcher(text).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
