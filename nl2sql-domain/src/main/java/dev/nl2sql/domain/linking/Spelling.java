package dev.nl2sql.domain.linking;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Typo tolerance: the edit distance between two words (insertions, deletions, substitutions and swaps of neighbours,
 * each costing one) and the one candidate a misspelt word most likely meant. Short words get no tolerance, so that
 * "cat" never becomes "car". The offline generator and schema linking correct question words by the same rules.
 */
public final class Spelling {

    /** Shorter words are too often another word: "cart" and "card". */
    private static final int SHORTEST = 5;
    /** A word the lexicon knows is corrected only when it is this long and one edit away: "revenue" never becomes "venue". */
    private static final int SHORTEST_ENGLISH = 7;

    private Spelling() {}

    /** {@return whether a question word is long enough to be read as a misspelling: {@code english} when the lexicon knows it} */
    public static boolean worthCorrecting(String word, boolean english) {
        return word.length() >= (english ? SHORTEST_ENGLISH : SHORTEST);
    }

    /**
     * {@return the word of {@code vocabulary} that the question word {@code word} most likely misspells: the nearest
     * within its {@link #tolerance} (one edit when {@code english}, the lexicon knowing the word), provided every word
     * that near has the same stem ("employes" is as near "employee" as "employees", one word); tried again with the
     * word's stem, since names are often singular ("artsts" is one edit from "artist" only as "artst"); empty when
     * {@code word} is too short to correct, is in {@code vocabulary}, or nothing is near enough}
     */
    public static Optional<String> correction(String word, Collection<String> vocabulary, boolean english) {
        if (!worthCorrecting(word, english)) {
            return Optional.empty();
        }
        Optional<String> meant = nearest(word, vocabulary, english);
        String stem = Words.stem(word);
        return meant.isPresent() || stem.equals(word) || vocabulary.contains(stem) ? meant : nearest(stem, vocabulary, english);
    }

    private static Optional<String> nearest(String word, Collection<String> vocabulary, boolean english) {
        int limit = english ? Math.min(1, tolerance(word.length())) : tolerance(word.length());
        int best = limit + 1;
        Set<String> stems = new HashSet<>();
        String chosen = null;
        for (String candidate : vocabulary) {
            int d = distance(word, candidate, limit);
            if (d < best) {
                best = d;
                stems.clear();
                chosen = candidate;
            }
            if (d == best && d <= limit) {
                stems.add(Words.stem(candidate));
            }
        }
        return best <= limit && best > 0 && stems.size() == 1 ? Optional.of(chosen) : Optional.empty();
    }

    /** {@return how many edits a word of {@code length} characters may be away from what it meant: 0 up to 4, 1 up to 8, else 2} */
    public static int tolerance(int length) {
        return length <= 4 ? 0 : length <= 8 ? 1 : 2;
    }

    /** {@return the optimal-string-alignment distance of {@code a} and {@code b}, or {@code limit + 1} once it exceeds {@code limit}} */
    public static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] before = new int[b.length() + 1];
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMinimum = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int d = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d = Math.min(d, before[j - 2] + 1);
                }
                current[j] = d;
                rowMinimum = Math.min(rowMinimum, d);
            }
            if (rowMinimum > limit) {
                return limit + 1;
            }
            int[] spare = before;
            before = previous;
            previous = current;
            current = spare;
        }
        return Math.min(previous[b.length()], limit + 1);
    }

    /**
     * {@return the candidate {@code word} most likely meant: the only one at the smallest distance within the word's
     * {@link #tolerance}; empty when none is that close, when two are equally close, or when {@code word} is a candidate itself}
     */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        int limit = tolerance(word.length());
        if (limit == 0 || candidates.contains(word)) {
            return Optional.empty();
        }
        String best = null;
        int bestDistance = limit + 1;
        boolean tie = false;
        for (String candidate : candidates) {
            int d = distance(word, candidate, limit);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
                tie = false;
            } else if (d == bestDistance && d <= limit && !candidate.equals(best)) {
                tie = true;
            }
        }
        return bestDistance <= limit && !tie ? Optional.of(best) : Optional.empty();
    }
}
