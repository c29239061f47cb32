package dev.nl2sql.domain.offline;

import dev.nl2sql.domain.linking.Words;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The words a schema offers a question, built once per snapshot: each relation's and column's name split into stemmed
 * terms (without {@code is_}, {@code has_} and a trailing {@code _id}), the first word of each relation's comment
 * (what one row is: "Physicians working at the clinic").
 */
final class SchemaWords {

    private static final Map<SchemaSnapshot, SchemaWords> CACHE = new ConcurrentHashMap<>();
    private static final Set<String> NOISE = Set.of("is", "has", "id");

    /** A relation's words. */
    record Named(Relation relation, List<String> terms, Optional<String> commentHead) {}

    /**
     * A column's words.
     *
     * @param unitless the terms without a trailing unit ("capacity_units": [capacity]), or the terms when there is none
     */
    record ColumnWords(Relation relation, Column column, List<String> terms, List<String> unitless) {}

    private final List<Named> relations;
    private final List<ColumnWords> columns;

    private SchemaWords(SchemaSnapshot schema) {
        List<Named> named = new ArrayList<>();
        List<ColumnWords> columnWords = new ArrayList<>();
        for (Relation relation : schema.relations()) {
            List<String> terms = Words.ofName(relation.name().name());
            named.add(new Named(relation, terms, relation.comment().flatMap(SchemaWords::head)));
            for (Column column : relation.columns()) {
                List<String> columnTerms = new ArrayList<>(Words.ofName(column.name()));
                if (columnTerms.size() > 1 && NOISE.contains(columnTerms.getFirst())) {
                    columnTerms.removeFirst();
                }
                if (columnTerms.size() > 1 && NOISE.contains(columnTerms.getLast())) {
                    columnTerms.removeLast();
                }
                List<String> unitless = columnTerms.size() > 1 && Vocabulary.questionWords().is(columnTerms.getLast(), "unit")
                        ? columnTerms.subList(0, columnTerms.size() - 1) : columnTerms;
                columnWords.add(new ColumnWords(relation, column, List.copyOf(columnTerms), List.copyOf(unitless)));
            }
        }
        this.relations = List.copyOf(named);
        this.columns = List.copyOf(columnWords);
    }

    static SchemaWords of(SchemaSnapshot schema) {
        SchemaWords known = CACHE.get(schema);
        if (known != null) {
            return known;
        }
        SchemaWords built = new SchemaWords(schema);
        if (CACHE.size() >= 32) {
            CACHE.clear();
        }
        CACHE.put(schema, built);
        return built;
    }

    List<Named> relations() {
        return relations;
    }

    List<ColumnWords> columns() {
        return columns;
    }

    private static Optional<String> head(String comment) {
        List<String> words = Words.ofText(comment);
        return words.isEmpty() || words.getFirst().length() < 3 ? Optional.empty() : Optional.of(Words.stem(words.getFirst()));
    }
}
