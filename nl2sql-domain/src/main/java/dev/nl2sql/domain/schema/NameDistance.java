package dev.nl2sql.domain.schema;

import dev.nl2sql.domain.linking.Spelling;
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

    /** {@return the edit distance between {@code a} and {@code b}, a swap of neighbours counting as one edit} */
    static int distance(String a, String b) {
        return Spelling.distance(a, b, Math.max(a.length(), b.length()));
    }
}
