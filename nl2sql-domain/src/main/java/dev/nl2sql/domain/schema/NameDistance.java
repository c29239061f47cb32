package dev.nl2sql.domain.schema;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean": the known names closest to a misspelled one, by edit distance. */
public final class NameDistance {

    private NameDistance() {}

    /** {@return up to {@code max} of {@code candidates} close enough to {@code name} to be what was meant, closest first} */
    public static List<String> closest(String name, Collection<String> candidates, int max) {
        String wanted = name.toLowerCase(Locale.ROOT);
        int tolerance = Math.max(2, wanted.length() / 3);
        return candidates.stream()
                .distinct()
                .map(c -> new Scored(c, distance(wanted, c.toLowerCase(Locale.ROOT))))
                .filter(s -> s.distance <= tolerance || s.name.toLowerCase(Locale.ROOT).contains(wanted))
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .limit(max)
                .map(Scored::name)
                .toList();
    }

    private record Scored(String name, int distance) {}

    /** {@return the Levenshtein distance between {@code a} and {@code b}} */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
