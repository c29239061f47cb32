package dev.nl2sql.domain.validation;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;

/** Schema snapshots of the sample databases, built from the CREATE TABLE statements of their SQL scripts. */
final class DatasetSchemas {

    private static final Pattern CREATE_TABLE = Pattern.compile("(?is)CREATE TABLE\\s.*?\\n\\);");
    private static final Map<String, SchemaSnapshot> CACHE = new ConcurrentHashMap<>();

    private DatasetSchemas() {}

    static SchemaSnapshot chinook() {
        return named("chinook");
    }

    static SchemaSnapshot northwind() {
        return named("northwind");
    }

    /** {@return the snapshot for a corpus entry's {@code db} value; "any" means chinook} */
    static SchemaSnapshot forCorpus(String db) {
        return named(db.equals("any") ? "chinook" : db);
    }

    static SchemaSnapshot named(String database) {
        return CACHE.computeIfAbsent(database, DatasetSchemas::load);
    }

    private static SchemaSnapshot load(String database) {
        String script;
        try {
            script = Files.readString(SharedFiles.resolve("datasets/" + database + "/" + database + ".sql"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Relation> relations = new ArrayList<>();
        Matcher matcher = CREATE_TABLE.matcher(script);
        while (matcher.find()) {
            try {
                CreateTable create = (CreateTable) CCJSqlParserUtil.newParser(matcher.group()).Statement();
                List<Column> columns = create.getColumnDefinitions().stream()
                        .map(DatasetSchemas::column)
                        .toList();
                String schema = create.getTable().getSchemaName() == null ? "public" : create.getTable().getSchemaName();
                relations.add(Relation.of(QualifiedName.of(schema, create.getTable().getName()), RelationKind.TABLE, columns));
            } catch (Exception e) {
                throw new IllegalStateException("cannot parse " + matcher.group(), e);
            }
        }
        return SchemaSnapshot.of(new DatabaseName(database), relations, List.of(), Instant.EPOCH);
    }

    private static Column column(ColumnDefinition definition) {
        return Column.of(definition.getColumnName(), definition.getColDataType().toString());
    }
}
