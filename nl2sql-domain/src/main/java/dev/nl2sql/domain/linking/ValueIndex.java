package dev.nl2sql.domain.linking;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Which columns hold a given value, so that "customers in Brazil" finds {@code customer.country}: the labels of
 * every enum column (free, from the snapshot) plus values sampled from low-cardinality text columns. Lookups compare
 * {@link Folding folded} text ("sao paulo" finds 'São Paulo') on the whole value; {@link #closest} forgives a typo.
 */
public final class ValueIndex {

    /** A column holding a value, and the value as stored. */
    public record Hit(ColumnRef column, String value) {
        public Hit {
            requireNonNull(column, "column");
            requireNonNull(value, "value");
        }
    }

    /**
     * Words of a question that misspell a stored value.
     *
     * @param start the index of the first word
     * @param end the index after the last word
     * @param value the value meant, folded as the index keeps it (look it up for the stored spelling)
     */
    public record Misspelt(int start, int end, String value) {
        public Misspelt {
            requireNonNull(value, "value");
        }
    }

    private final Map<String, List<Hit>> byValue;
    private final Map<Integer, List<String>> byLength;
    private final Map<ColumnRef, Integer> distinct;
    private final int longestValueWords;

    private ValueIndex(Map<String, List<Hit>> byValue) {
        Map<String, List<Hit>> copy = new HashMap<>();
        Map<Integer, List<String>> lengths = new HashMap<>();
        Map<ColumnRef, Integer> counts = new HashMap<>();
        int longest = 1;
        for (Map.Entry<String, List<Hit>> e : byValue.entrySet()) {
            copy.put(e.getKey(), List.copyOf(e.getValue()));
            lengths.computeIfAbsent(e.getKey().length(), k -> new ArrayList<>()).add(e.getKey());
            e.getValue().forEach(hit -> counts.merge(hit.column(), 1, Integer::sum));
            longest = Math.max(longest, Words.ofText(e.getKey()).size());
        }
        this.byValue = Map.copyOf(copy);
        lengths.replaceAll((length, keys) -> List.copyOf(keys));
        this.byLength = Map.copyOf(lengths);
        this.distinct = Map.copyOf(counts);
        this.longestValueWords = Math.min(longest, 5);
    }

    /** {@return an index of the enum labels of {@code schema} only} */
    public static ValueIndex enumsOf(SchemaSnapshot schema) {
        return of(schema, Map.of());
    }

    /** {@return an index of the enum labels of {@code schema} and the {@code sampled} values of its columns} */
    public static ValueIndex of(SchemaSnapshot schema, Map<ColumnRef, List<String>> sampled) {
        Map<String, List<Hit>> byValue = new HashMap<>();
        for (Relation relation : schema.relations()) {
            for (Column column : relation.columns()) {
                column.enumType().flatMap(schema::enumType).ifPresent(type -> {
                    ColumnRef ref = new ColumnRef(relation.name(), column.name());
                    type.labels().forEach(label -> add(byValue, ref, label));
                });
            }
        }
        sampled.forEach((ref, values) -> {
            if (schema.relation(ref.relation().schema(), ref.relation().name()).isPresent()) {
                values.forEach(value -> add(byValue, ref, value));
            }
        });
        return new ValueIndex(byValue);
    }

    private static void add(Map<String, List<Hit>> byValue, ColumnRef ref, String value) {
        String key = normalise(value);
        if (key.isEmpty() || key.length() > 60) {
            return;
        }
        List<Hit> hits = byValue.computeIfAbsent(key, k -> new ArrayList<>());
        Hit hit = new Hit(ref, value);
        if (!hits.contains(hit)) {
            hits.add(hit);
        }
    }

    /** {@return the columns holding {@code phrase} (compared case-insensitively, spacing normalised), in no order} */
    public List<Hit> lookup(String phrase) {
        return byValue.getOrDefault(normalise(phrase), List.of());
    }

    /**
     * {@return the stored value {@code phrase} most likely misspells ("led zepelin" for 'Led Zeppelin'): the only one
     * within {@link Spelling#tolerance} edits of its folded text; empty when there is none or more than one}
     */
    public Optional<String> closest(String phrase) {
        String key = normalise(phrase);
        int limit = Spelling.tolerance(key.length());
        if (limit == 0 || byValue.containsKey(key)) {
            return Optional.empty();
        }
        List<String> nearby = new ArrayList<>();
        for (int length = key.length() - limit; length <= key.length() + limit; length++) {
            nearby.addAll(byLength.getOrDefault(length, List.of()));
        }
        return Spelling.closest(key, nearby);
    }

    /**
     * {@return the value that a phrase of one to three of {@code words} containing the word at {@code at} most likely
     * misspells ("led zepelin" for 'Led Zeppelin'), longer phrases first; phrases holding a {@code taken} word are not tried}
     */
    public Optional<Misspelt> closestAround(List<String> words, int at, IntPredicate taken) {
        for (int length = 3; length >= 1; length--) {
            for (int start = Math.max(0, at - length + 1); start <= at && start + length <= words.size(); start++) {
                if (IntStream.range(start, start + length).anyMatch(taken)) {
                    continue;
                }
                Optional<String> meant = closest(String.join(" ", words.subList(start, start + length)));
                if (meant.isPresent()) {
                    return Optional.of(new Misspelt(start, start + length, meant.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** {@return how many distinct values of {@code column} the index holds (0 when none)} */
    public int distinctValues(ColumnRef column) {
        return distinct.getOrDefault(column, 0);
    }

    /** {@return the most words a stored value has, at most 5: how long a phrase is worth looking up} */
    public int longestValueWords() {
        return longestValueWords;
    }

    /** {@return how many distinct values the index holds} */
    public int size() {
        return byValue.size();
    }

    private static String normalise(String value) {
        return Folding.fold(String.join(" ", Words.ofText(value)));
    }
}
