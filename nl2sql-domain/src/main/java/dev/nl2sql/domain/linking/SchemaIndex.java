package dev.nl2sql.domain.linking;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.ForeignKey;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The terms of every relation and column of one snapshot, inverted, with the foreign-key graph: built once per
 * snapshot (see {@link #of}) so that linking a question costs a few map lookups whatever the schema's size.
 */
public final class SchemaIndex {

    private static final int CACHED_SNAPSHOTS = 32;
    private static final Map<SchemaSnapshot, SchemaIndex> CACHE = new ConcurrentHashMap<>();

    /** Where a term was found. */
    public enum Source { NAME, COMMENT }

    /**
     * A relation or one of its columns whose name or comment holds a term.
     *
     * @param column the column, or empty when the relation itself matched
     */
    public record Hit(Relation relation, Optional<Column> column, Source source) {
        public Hit {
            requireNonNull(relation, "relation");
            requireNonNull(column, "column");
            requireNonNull(source, "source");
        }
    }

    private final SchemaSnapshot snapshot;
    private final Map<String, List<Hit>> postings;
    private final Map<String, Integer> relationFrequency;
    private final Map<QualifiedName, List<Relation>> neighbours;
    private final Map<QualifiedName, List<String>> relationTerms;
    private final Map<ColumnRef, List<String>> columnTerms;
    private final ValueIndex enumValues;
    private final Set<String> spellings;

    private SchemaIndex(SchemaSnapshot snapshot) {
        this.snapshot = snapshot;
        Map<String, List<Hit>> hits = new HashMap<>();
        Map<String, Set<QualifiedName>> frequency = new HashMap<>();
        Map<QualifiedName, Set<Relation>> graph = new HashMap<>();
        Map<QualifiedName, List<String>> relTerms = new HashMap<>();
        Map<ColumnRef, List<String>> colTerms = new HashMap<>();
        Set<String> surfaceWords = new LinkedHashSet<>();
        for (Relation relation : snapshot.relations()) {
            surfaceWords.addAll(surface(relation.name().name()));
            List<String> nameTerms = Words.ofName(relation.name().name());
            relTerms.put(relation.name(), List.copyOf(nameTerms));
            index(hits, frequency, relation, Optional.empty(), Source.NAME, nameTerms);
            relation.comment().ifPresent(c -> index(hits, frequency, relation, Optional.empty(), Source.COMMENT, commentTerms(c)));
            for (Column column : relation.columns()) {
                List<String> terms = Words.ofName(column.name());
                colTerms.put(new ColumnRef(relation.name(), column.name()), List.copyOf(terms));
                surfaceWords.addAll(surface(column.name()));
                index(hits, frequency, relation, Optional.of(column), Source.NAME, terms);
                column.comment().ifPresent(c -> index(hits, frequency, relation, Optional.of(column), Source.COMMENT, commentTerms(c)));
            }
            for (ForeignKey fk : relation.foreignKeys()) {
                snapshot.relation(fk.referenced().schema(), fk.referenced().name()).ifPresent(target -> {
                    if (!target.name().equals(relation.name())) {
                        graph.computeIfAbsent(relation.name(), k -> new LinkedHashSet<>()).add(target);
                        graph.computeIfAbsent(target.name(), k -> new LinkedHashSet<>()).add(relation);
                    }
                });
            }
        }
        hits.replaceAll((term, list) -> List.copyOf(list));
        this.postings = Map.copyOf(hits);
        Map<String, Integer> df = new HashMap<>();
        frequency.forEach((term, relations) -> df.put(term, relations.size()));
        this.relationFrequency = Map.copyOf(df);
        Map<QualifiedName, List<Relation>> adjacency = new HashMap<>();
        graph.forEach((name, set) -> adjacency.put(name, List.copyOf(set)));
        this.neighbours = Map.copyOf(adjacency);
        this.relationTerms = Map.copyOf(relTerms);
        this.columnTerms = Map.copyOf(colTerms);
        this.enumValues = ValueIndex.enumsOf(snapshot);
        this.spellings = Set.copyOf(surfaceWords);
    }

    /** {@return the index of {@code snapshot}, built on first use and kept for the most recent snapshots} */
    public static SchemaIndex of(SchemaSnapshot snapshot) {
        requireNonNull(snapshot, "snapshot");
        SchemaIndex known = CACHE.get(snapshot);
        if (known != null) { // an equal snapshot has the same structure, read at the same moment
            return known;
        }
        SchemaIndex built = new SchemaIndex(snapshot);
        if (CACHE.size() >= CACHED_SNAPSHOTS) {
            CACHE.clear();
        }
        CACHE.put(snapshot, built);
        return built;
    }

    private static void index(Map<String, List<Hit>> hits, Map<String, Set<QualifiedName>> frequency, Relation relation,
            Optional<Column> column, Source source, List<String> terms) {
        Set<String> seen = new LinkedHashSet<>(terms);
        for (String term : seen) {
            if (term.isEmpty() || Character.isDigit(term.charAt(0))) {
                continue;
            }
            hits.computeIfAbsent(term, k -> new ArrayList<>()).add(new Hit(relation, column, source));
            frequency.computeIfAbsent(term, k -> new LinkedHashSet<>()).add(relation.name());
        }
    }

    private static List<String> commentTerms(String comment) {
        List<String> terms = new ArrayList<>();
        for (String word : Words.ofText(comment)) {
            if (!Words.isStop(word) && word.length() > 1) {
                terms.add(Words.stem(word));
            }
        }
        return terms;
    }

    /** The words of a name as written, lower case and unstemmed, of four letters or more: what a typo is corrected to. */
    private static List<String> surface(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (part.length() >= 4) {
                parts.add(part);
            }
        }
        return parts;
    }

    public SchemaSnapshot snapshot() {
        return snapshot;
    }

    /** {@return every relation and column whose name or comment holds {@code stem}} */
    public List<Hit> lookup(String stem) {
        return postings.getOrDefault(stem, List.of());
    }

    /** {@return how many relations mention {@code stem} anywhere: rare terms say more than common ones} */
    public int relationFrequency(String stem) {
        return relationFrequency.getOrDefault(stem, 0);
    }

    /** {@return the relations {@code relation} references or is referenced by} */
    public List<Relation> neighbours(Relation relation) {
        return neighbours.getOrDefault(relation.name(), List.of());
    }

    /** {@return the stemmed terms of {@code relation}'s name} */
    public List<String> terms(Relation relation) {
        return relationTerms.getOrDefault(relation.name(), List.of());
    }

    /** {@return the stemmed terms of a column's name} */
    public List<String> terms(Relation relation, Column column) {
        return columnTerms.getOrDefault(new ColumnRef(relation.name(), column.name()), List.of());
    }

    /** {@return every word of every name, lower case and unstemmed ("customers", "first", "name"), for typo correction} */
    public Set<String> spellings() {
        return spellings;
    }

    /** {@return the value index of the snapshot's enum labels, built once} */
    public ValueIndex enumValues() {
        return enumValues;
    }

    /** {@return the number of relations} */
    public int size() {
        return snapshot.relations().size();
    }
}
