package dev.nl2sql.domain.linking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits names and questions into comparable terms: snake_case and camelCase split, lower-cased, and reduced by a
 * light English stemmer (plurals, {@code -ing}, {@code -ed}) so that "categories", "category" and "category_id" meet.
 */
public final class Words {

    /** Words that carry no schema meaning in a question: articles, pronouns, auxiliaries, question words, fillers. */
    static final Set<String> STOP = Set.of(
            "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "with", "without", "by", "per", "and", "or",
            "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "have", "has", "had", "there",
            "what", "which", "who", "whom", "whose", "how", "when", "where", "why", "me", "my", "our", "we", "us", "you",
            "your", "i", "it", "its", "they", "them", "their", "this", "that", "these", "those", "all", "any", "each",
            "every", "some", "show", "list", "give", "get", "find", "tell", "display", "please", "can", "could", "would",
            "many", "much", "number", "count", "still", "currently", "live", "lives", "living", "located", "based",
            "placed", "place", "made", "work", "works", "working", "registered", "exist", "exists", "got", "ever",
            "than", "as", "into", "so", "far", "most", "least", "top", "first", "s");

    private Words() {}

    /** {@return the terms of an identifier: {@code orderedAt} and {@code ordered_at} both give [order, at]} */
    public static List<String> ofName(String name) {
        List<String> terms = new ArrayList<>();
        for (String part : splitName(name)) {
            if (!part.isEmpty()) {
                terms.add(stem(part));
            }
        }
        return terms;
    }

    /** {@return the lower-case words of free text, unstemmed, in order; digits and hyphens stay inside words} */
    public static List<String> ofText(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean inner = (c == '-' || c == '.' || c == '\'') && !word.isEmpty() && i + 1 < text.length()
                    && Character.isLetterOrDigit(text.charAt(i + 1));
            if (Character.isLetterOrDigit(c) || inner) {
                word.append(Character.toLowerCase(c));
            } else if (!word.isEmpty()) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    /** {@return {@code word} lower-cased and stripped of a plural, {@code -ing} or {@code -ed} ending} */
    public static String stem(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.endsWith("'s")) {
            w = w.substring(0, w.length() - 2);
        }
        int n = w.length();
        if (n <= 3 || !Character.isLetter(w.charAt(n - 1))) {
            return w;
        }
        if (w.endsWith("ies") && n > 4) {
            return w.substring(0, n - 3) + "y";
        }
        if (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes")) {
            return w.substring(0, n - 2);
        }
        if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, n - 1);
        }
        if (w.endsWith("ing") && n > 5) {
            return undouble(w.substring(0, n - 3));
        }
        if (w.endsWith("ed") && n > 4 && !w.endsWith("eed")) {
            return undouble(w.substring(0, n - 2));
        }
        return w;
    }

    /** "shipp" (from shipped, shipping) becomes "ship"; "fall" and "sell" keep their double l. */
    private static String undouble(String w) {
        int n = w.length();
        if (n >= 3 && w.charAt(n - 1) == w.charAt(n - 2) && "bdgmnprt".indexOf(w.charAt(n - 1)) >= 0) {
            return w.substring(0, n - 1);
        }
        return w;
    }

    /** {@return whether {@code word} (lower case) is a stop word} */
    public static boolean isStop(String word) {
        return STOP.contains(word);
    }

    private static List<String> splitName(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(parts, part);
                continue;
            }
            boolean boundary = Character.isUpperCase(c) && i > 0
                    && (Character.isLowerCase(name.charAt(i - 1))
                        || (i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1)) && Character.isUpperCase(name.charAt(i - 1))));
            boolean digitBoundary = i > 0 && Character.isDigit(c) != Character.isDigit(name.charAt(i - 1));
            if (boundary || digitBoundary) {
                flush(parts, part);
            }
            part.append(Character.toLowerCase(c));
        }
        flush(parts, part);
        return parts;
    }

    private static void flush(List<String> parts, StringBuilder part) {
        if (!part.isEmpty()) {
            parts.add(part.toString());
            part.setLength(0);
        }
    }
}
