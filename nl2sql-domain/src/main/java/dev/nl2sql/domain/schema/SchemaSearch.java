package dev.nl2sql.domain.schema;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.text.FixedPieces;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds relations and columns whose names or comments match a pattern, best matches first. A pattern is a
 * case-insensitive substring, or a wildcard pattern with {@code *} or {@code %} ({@code cust*}, {@code %_id}).
 */
public final class SchemaSearch {

    private SchemaSearch() {}

    /** How much of each match to show, from cheapest to richest. */
    public enum Detail {
        /** Qualified names only. */
        NAMES,
        /** One line per relation: columns and the comment's first line. */
        SUMMARY,
        /** DDL-like text with types, keys, references and comments. */
        FULL
    }

    /**
     * One relation that matched.
     *
     * @param columns the columns that matched, empty when only the relation did
     * @param score higher is better: an exact name beats a prefix, a prefix beats a substring, names beat comments
     */
    public record Hit(Relation relation, List<String> columns, int score) {
        public Hit {
            requireNonNull(relation, "relation");
            columns = List.copyOf(columns);
        }
    }

    /** {@return at most {@code limit} relations matching {@code pattern}, best first, then by name} */
    public static List<Hit> search(SchemaSnapshot schema, String pattern, int limit) {
        Matcher matcher = Matcher.of(pattern);
        List<Hit> hits = new ArrayList<>();
        for (Relation relation : schema.relations()) {
            int score = Math.max(matcher.score(relation.name().name(), 100), relation.comment().map(c -> matcher.score(c, 10)).orElse(0));
            List<String> columns = new ArrayList<>();
            int columnScore = 0;
            for (Column column : relation.columns()) {
                int s = Math.max(matcher.score(column.name(), 50), column.comment().map(c -> matcher.score(c, 5)).orElse(0));
                if (s > 0) {
                    columns.add(column.name());
                    columnScore = Math.max(columnScore, s);
                }
            }
            if (score > 0 || columnScore > 0) {
                hits.add(new Hit(relation, columns, Math.max(score, columnScore)));
            }
        }
        hits.sort(Comparator.comparingInt(Hit::score).reversed().thenComparing(h -> h.relation().name()));
        return hits.size() > limit ? List.copyOf(hits.subList(0, limit)) : hits;
    }

    /** A pattern, and for a wildcard pattern its literal pieces between the wildcards. */
    private record Matcher(String needle, Optional<FixedPieces> wildcard) {

        static Matcher of(String pattern) {
            String needle = pattern.strip().toLowerCase(Locale.ROOT);
            boolean wildcards = needle.contains("*") || needle.contains("%");
            return new Matcher(needle, wildcards ? Optional.of(new FixedPieces(List.of(needle.split("[*%]", -1)))) : Optional.empty());
        }

        /** {@return 0 when {@code text} does not match, else {@code weight} scaled by how well it matches} */
        int score(String text, int weight) {
            String haystack = text.toLowerCase(Locale.ROOT);
            if (needle.isEmpty()) {
                return weight; // an empty pattern lists everything
            }
            if (wildcard.isPresent()) {
                return wildcard.get().matches(haystack) ? weight * 2 : 0;
            }
            if (haystack.equals(needle)) {
                return weight * 3;
            }
            if (haystack.startsWith(needle)) {
                return weight * 2;
            }
            return haystack.contains(needle) ? weight : 0;
        }
    }
}
