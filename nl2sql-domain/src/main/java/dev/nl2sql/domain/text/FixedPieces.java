package dev.nl2sql.domain.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A shape of text: fixed pieces in order, with anything between them ({@code cust*_id}, or a server message's format
 * with its values between its fixed words). Matched piece by piece, each at its leftmost place, in time linear in the
 * text for each piece, rather than as a regex of {@code (.*?)} runs: {@code java.util.regex} backtracks through every
 * placement of every piece before it gives up, which with a dozen pieces in a text of a few thousand characters a
 * caller chooses takes for ever.
 *
 * @param pieces the fixed pieces, the first at the text's start and the last at its end; empty pieces allowed
 */
public record FixedPieces(List<String> pieces) {

    public FixedPieces {
        pieces = List.copyOf(pieces);
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("a shape needs at least one piece");
        }
    }

    /** {@return whether {@code text} has this shape} */
    public boolean matches(String text) {
        return place(text, null);
    }

    /**
     * {@return the text between each piece and the next, if {@code text} has this shape} Each span is as short as the
     * rest allows, left to right: what a regex of the quoted pieces joined by lazy {@code (.*?)} groups would capture.
     */
    public Optional<List<String>> between(String text) {
        List<String> spans = new ArrayList<>(pieces.size() - 1);
        return place(text, spans) ? Optional.of(List.copyOf(spans)) : Optional.empty();
    }

    /** Places each piece at its leftmost place: that leaves the most room for the rest, so no other placement can fit if it does not. */
    private boolean place(String text, List<String> spans) {
        String first = pieces.getFirst();
        String last = pieces.getLast();
        int end = text.length() - last.length();
        if (pieces.size() == 1) {
            return text.equals(first);
        }
        if (!text.startsWith(first) || !text.endsWith(last) || end < first.length()) {
            return false;
        }
        int at = first.length();
        for (String piece : pieces.subList(1, pieces.size() - 1)) {
            int found = text.indexOf(piece, at);
            if (found < 0 || found + piece.length() > end) {
                return false;
            }
            if (spans != null) {
                spans.add(text.substring(at, found));
            }
            at = found + piece.length();
        }
        if (spans != null) {
            spans.add(text.substring(at, end));
        }
        return true;
    }
}
