package dev.nl2sql.domain.offline;

import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.Relation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The columns that name a row for a person: identifiers such as sku or username, then the first and last name of a
 * person, else a name or title (or the first {@code *_name} column); the primary key when there is nothing else.
 */
final class Labels {

    private static final Set<String> IDENTIFIERS = Set.of("sku", "code", "username", "login");
    private static final Set<String> NAMES = Set.of("name", "title");

    private Labels() {}

    static List<String> of(Relation relation) {
        List<String> labels = new ArrayList<>();
        for (Column column : relation.columns()) {
            if (IDENTIFIERS.contains(lower(column.name()))) {
                labels.add(column.name());
            }
        }
        List<String> names = new ArrayList<>();
        if (relation.column("first_name").isPresent() && relation.column("last_name").isPresent()) {
            names.add(relation.column("first_name").get().name());
            names.add(relation.column("last_name").get().name());
        }
        for (Column column : relation.columns()) {
            if (names.isEmpty() && NAMES.contains(lower(column.name()))) {
                names.add(column.name());
            }
        }
        if (names.isEmpty() && labels.isEmpty()) {
            relation.columns().stream().filter(c -> lower(c.name()).endsWith("_name")).findFirst().ifPresent(c -> names.add(c.name()));
        }
        labels.addAll(names);
        if (labels.isEmpty()) {
            labels.addAll(relation.primaryKey());
        }
        if (labels.isEmpty() && !relation.columns().isEmpty()) {
            labels.add(relation.columns().getFirst().name());
        }
        return labels;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
