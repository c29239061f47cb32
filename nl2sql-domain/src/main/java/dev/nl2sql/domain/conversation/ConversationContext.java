package dev.nl2sql.domain.conversation;

import dev.nl2sql.domain.generation.TokenEstimate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The earlier turns a follow-up question is read against, oldest first, and the most tokens they may take in a prompt.
 * Rendering keeps the newest turns whole, reduces older ones to their question, and drops the oldest beyond that.
 */
public record ConversationContext(List<Turn> turns, int tokenBudget) {

    /** No earlier turns: a question on its own. */
    public static final ConversationContext NONE = new ConversationContext(List.of(), 0);

    private static final String HEADER = "Earlier in this conversation (the question below may refine it):\n";

    public ConversationContext {
        turns = List.copyOf(turns);
        if (tokenBudget < 0) {
            throw new IllegalArgumentException("tokenBudget must be >= 0, was " + tokenBudget);
        }
    }

    /** {@return the newest turn, if any} */
    public Optional<Turn> last() {
        return turns.isEmpty() ? Optional.empty() : Optional.of(turns.getLast());
    }

    /** {@return the SQL of the newest answered turn, if any} */
    public Optional<String> lastSql() {
        return turns.reversed().stream().flatMap(turn -> turn.sql().stream()).findFirst();
    }

    /**
     * {@return the text to choose the prompt's schema slice by: {@code question} after the previous question, since a
     * follow-up ("only in 2023") rarely names the tables it is about}
     */
    public String linkingText(String question) {
        return last().map(turn -> turn.question() + "\n").orElse("") + question;
    }

    /** {@return the turns as prompt text within {@link #tokenBudget()}, ending with a blank line; empty when nothing fits} */
    public String render() {
        int budget = TokenEstimate.chars(tokenBudget) - HEADER.length();
        Deque<String> kept = new ArrayDeque<>();
        int used = 0;
        boolean whole = true;
        int index = turns.size() - 1;
        for (; index >= 0; index--) {
            Turn turn = turns.get(index);
            String text = whole ? turn.fullText() : turn.shortText();
            if (used + text.length() + 1 > budget && whole) {
                whole = false;
                text = turn.shortText();
            }
            if (used + text.length() + 1 > budget) {
                break;
            }
            kept.addFirst(text);
            used += text.length() + 1;
        }
        if (kept.isEmpty()) {
            return "";
        }
        String omitted = index >= 0 ? "(" + (index + 1) + " earlier turns omitted)\n" : "";
        if (!omitted.isEmpty() && used + omitted.length() > budget) {
            kept.removeFirst();
            omitted = "(" + (index + 2) + " earlier turns omitted)\n";
        }
        return kept.isEmpty() ? "" : HEADER + omitted + String.join("\n", kept) + "\n\n";
    }
}
