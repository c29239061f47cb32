package dev.nl2sql.domain.schema;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The structure of one database at one moment: every relation nl2sql may see, with a fingerprint to tell when it
 * changed. Immutable; lookups by name are case-insensitive, as unquoted SQL identifiers are.
 *
 * <p>A final class rather than a record: it keeps lookup tables derived from its relations, built once, so that the
 * validator and schema linking resolve a name in constant time on a 1,000-table schema.
 */
public final class SchemaSnapshot {

    private final DatabaseName database;
    private final List<Relation> relations;
    private final List<EnumType> enums;
    private final SchemaFingerprint fingerprint;
    private final Instant readAt;
    private final Map<String, Relation> byQualifiedName = new HashMap<>();
    private final Map<String, List<Relation>> byName = new HashMap<>();

    private SchemaSnapshot(DatabaseName database, List<Relation> relations, List<EnumType> enums, Instant readAt) {
        this.database = requireNonNull(database, "database");
        this.relations = relations.stream().sorted(Comparator.comparing(Relation::name)).toList();
        this.enums = enums.stream().sorted(Comparator.comparing(EnumType::name)).toList();
        this.readAt = requireNonNull(readAt, "readAt");
        this.fingerprint = SchemaFingerprint.of(this.relations, this.enums);
        Map<String, List<Relation>> names = new HashMap<>();
        for (Relation relation : this.relations) {
            byQualifiedName.put(key(relation.name().schema(), relation.name().name()), relation);
            names.computeIfAbsent(lower(relation.name().name()), k -> new ArrayList<>()).add(relation);
        }
        names.forEach((name, found) -> byName.put(name, List.copyOf(found)));
    }

    /** {@return a snapshot of {@code relations} and {@code enums}, read at {@code readAt}} */
    public static SchemaSnapshot of(DatabaseName database, List<Relation> relations, List<EnumType> enums, Instant readAt) {
        return new SchemaSnapshot(database, relations, enums, readAt);
    }

    public DatabaseName database() {
        return database;
    }

    /** {@return every relation, sorted by qualified name} */
    public List<Relation> relations() {
        return relations;
    }

    public List<EnumType> enums() {
        return enums;
    }

    public SchemaFingerprint fingerprint() {
        return fingerprint;
    }

    public Instant readAt() {
        return readAt;
    }

    /** {@return the relation {@code schema.name}} */
    public Optional<Relation> relation(String schema, String name) {
        return Optional.ofNullable(byQualifiedName.get(key(schema, name)));
    }

    /** {@return every relation called {@code name}, in any schema} */
    public List<Relation> relationsNamed(String name) {
        return byName.getOrDefault(lower(name), List.of());
    }

    /** {@return the enum type called {@code name}} */
    public Optional<EnumType> enumType(QualifiedName name) {
        return enums.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** {@return the distinct schema names that hold at least one relation, sorted} */
    public List<String> schemas() {
        return relations.stream().map(r -> r.name().schema()).distinct().toList();
    }

    /** {@return the number of columns over all relations} */
    public int columnCount() {
        return relations.stream().mapToInt(r -> r.columns().size()).sum();
    }

    private static String key(String schema, String name) {
        return lower(schema) + "." + lower(name);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SchemaSnapshot that
                && database.equals(that.database)
                && fingerprint.equals(that.fingerprint)
                && readAt.equals(that.readAt);
    }

    @Override
    public int hashCode() {
        return database.hashCode() * 31 + fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "SchemaSnapshot[" + database + ", " + relations.size() + " relations, " + fingerprint + ", read " + readAt + "]";
    }
}
