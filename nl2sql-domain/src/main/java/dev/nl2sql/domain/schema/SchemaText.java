package dev.nl2sql.domain.schema;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders relations compactly for a language model's prompt or a person's screen: DDL-like, one column a line, with
 * keys, references, enum labels and comments, and nothing a model does not need (storage, defaults, index names).
 */
public final class SchemaText {

    private SchemaText() {}

    /** {@return the DDL-like text of {@code relations}, resolving enum labels from {@code schema}} */
    public static String ddl(Collection<Relation> relations, SchemaSnapshot schema) {
        StringBuilder text = new StringBuilder();
        for (Relation relation : relations) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            appendDdl(text, relation, schema, Set.of());
        }
        return text.toString();
    }

    /** {@return the DDL-like text of one relation, keeping only {@code onlyColumns} when it is not empty (keys always stay)} */
    public static String ddl(Relation relation, SchemaSnapshot schema, Set<String> onlyColumns) {
        StringBuilder text = new StringBuilder();
        appendDdl(text, relation, schema, onlyColumns);
        return text.toString();
    }

    private static void appendDdl(StringBuilder text, Relation relation, SchemaSnapshot schema, Set<String> onlyColumns) {
        relation.comment().ifPresent(c -> text.append("-- ").append(oneLine(c)).append('\n'));
        text.append("CREATE ").append(keyword(relation.kind())).append(' ').append(name(relation.name())).append(" (");
        relation.rowEstimate().ifPresent(rows -> text.append(" -- ~").append(rows).append(rows == 1 ? " row" : " rows"));
        text.append('\n');
        Set<String> keyColumns = relation.foreignKeys().stream()
                .filter(fk -> fk.columns().size() == 1)
                .map(fk -> fk.columns().getFirst())
                .collect(Collectors.toSet());
        List<Column> shown = relation.columns().stream()
                .filter(c -> onlyColumns.isEmpty() || onlyColumns.contains(c.name()) || relation.primaryKey().contains(c.name())
                        || keyColumns.contains(c.name()))
                .toList();
        for (int i = 0; i < shown.size(); i++) {
            Column column = shown.get(i);
            text.append("  ").append(identifier(column.name())).append(' ').append(column.type());
            if (!column.nullable()) {
                text.append(" NOT NULL");
            }
            if (relation.primaryKey().size() == 1 && relation.primaryKey().getFirst().equals(column.name())) {
                text.append(" PRIMARY KEY");
            }
            singleColumnReference(relation, column.name()).ifPresent(fk ->
                    text.append(" REFERENCES ").append(name(fk.referenced())).append('(').append(identifier(fk.referencedColumns().getFirst())).append(')'));
            boolean more = i < shown.size() - 1 || relation.primaryKey().size() > 1 || hasCompositeKeys(relation);
            if (more) {
                text.append(',');
            }
            String note = columnNote(column, schema);
            if (!note.isEmpty()) {
                text.append(" -- ").append(note);
            }
            text.append('\n');
        }
        if (onlyColumns.isEmpty() && shown.size() < relation.columns().size()) {
            text.append("  -- ").append(relation.columns().size() - shown.size()).append(" more columns\n");
        }
        if (relation.primaryKey().size() > 1) {
            text.append("  PRIMARY KEY (").append(identifiers(relation.primaryKey())).append(')');
            text.append(hasCompositeKeys(relation) ? ",\n" : "\n");
        }
        List<ForeignKey> composite = relation.foreignKeys().stream().filter(fk -> fk.columns().size() > 1).toList();
        for (int i = 0; i < composite.size(); i++) {
            ForeignKey fk = composite.get(i);
            text.append("  FOREIGN KEY (").append(identifiers(fk.columns())).append(") REFERENCES ").append(name(fk.referenced()))
                    .append('(').append(identifiers(fk.referencedColumns())).append(')').append(i < composite.size() - 1 ? ",\n" : "\n");
        }
        text.append(");\n");
    }

    /** {@return one line per relation: its name, kind, column count and the first line of its comment} */
    public static String summary(Relation relation) {
        StringBuilder line = new StringBuilder(name(relation.name()));
        if (relation.kind() != RelationKind.TABLE) {
            line.append(" [").append(keyword(relation.kind()).toLowerCase(java.util.Locale.ROOT)).append(']');
        }
        line.append(" (").append(relation.columns().stream().map(Column::name).collect(Collectors.joining(", "))).append(')');
        relation.comment().ifPresent(c -> line.append(" -- ").append(oneLine(c)));
        return line.toString();
    }

    private static boolean hasCompositeKeys(Relation relation) {
        return relation.foreignKeys().stream().anyMatch(fk -> fk.columns().size() > 1);
    }

    private static Optional<ForeignKey> singleColumnReference(Relation relation, String column) {
        return relation.foreignKeys().stream().filter(fk -> fk.columns().equals(List.of(column))).findFirst();
    }

    private static String columnNote(Column column, SchemaSnapshot schema) {
        StringBuilder note = new StringBuilder();
        column.comment().ifPresent(c -> note.append(oneLine(c)));
        column.enumType().flatMap(schema::enumType).ifPresent(e -> {
            if (!note.isEmpty()) {
                note.append("; ");
            }
            note.append("one of: ").append(String.join(", ", e.labels()));
        });
        return note.toString();
    }

    private static String keyword(RelationKind kind) {
        return switch (kind) {
            case TABLE, PARTITIONED_TABLE -> "TABLE";
            case VIEW -> "VIEW";
            case MATERIALIZED_VIEW -> "MATERIALIZED VIEW";
            case FOREIGN_TABLE -> "FOREIGN TABLE";
        };
    }

    /** {@return the name as a model should write it: without {@code public.}, quoted only where needed} */
    public static String name(QualifiedName name) {
        return name.schema().equals("public") ? identifier(name.name()) : identifier(name.schema()) + "." + identifier(name.name());
    }

    private static String identifiers(List<String> names) {
        return names.stream().map(SchemaText::identifier).collect(Collectors.joining(", "));
    }

    /** {@return {@code name}, double-quoted if SQL would otherwise fold or misread it} */
    public static String identifier(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") && !RESERVED.contains(name) ? name : '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
    }

    // Reserved words that appear as column names in real schemas; quoting them keeps the rendered DDL valid SQL.
    private static final Set<String> RESERVED = Set.of("user", "order", "group", "table", "select", "from", "where", "limit",
            "offset", "end", "case", "default", "check", "column", "grant", "primary", "references", "to", "all", "and", "or", "not",
            "desc", "asc", "by", "having", "union", "when", "then", "else", "in", "is", "as", "on", "both", "current_user");
}
