package dev.nl2sql.usecase;

import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.schema.NameDistance;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaSearch;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.port.DatabaseProbe;
import dev.nl2sql.port.SchemaCatalog;
import java.util.List;
import java.util.Optional;

/** Lets people and models find their way around the configured databases: which exist, what they hold. */
public final class ExploreSchema {

    private final DatabaseProbe databases;
    private final SchemaCatalog catalog;

    public ExploreSchema(DatabaseProbe databases, SchemaCatalog catalog) {
        this.databases = databases;
        this.catalog = catalog;
    }

    /** {@return every configured database} */
    public List<DatabaseIdentity> databases() {
        return databases.databases();
    }

    /** {@return the cached structure of {@code database}} */
    public Result<SchemaSnapshot> schema(DatabaseName database) {
        return catalog.snapshot(database);
    }

    /** {@return the structure of {@code database} as some reader already got it, if any; never reads the database} */
    public Optional<SchemaSnapshot> cached(DatabaseName database) {
        return catalog.cached(database);
    }

    /** {@return the structure of {@code database} read now (and cached for every reader), e.g. to see whether it changed} */
    public Result<SchemaSnapshot> refresh(DatabaseName database) {
        return catalog.refresh(database);
    }

    /** {@return the relations of {@code database} matching {@code pattern}, best first, at most {@code limit}} */
    public Result<List<SchemaSearch.Hit>> search(DatabaseName database, String pattern, int limit) {
        return catalog.snapshot(database).map(schema -> SchemaSearch.search(schema, pattern, limit));
    }

    /**
     * {@return the relation called {@code table} ({@code name} or {@code schema.name}) in {@code database}, or an
     * {@code TABLE_UNKNOWN} failure naming the closest relations}
     */
    public Result<Relation> describe(DatabaseName database, String table) {
        return switch (catalog.snapshot(database)) {
            case Result.Err<SchemaSnapshot> err -> Result.err(err.failure());
            case Result.Ok<SchemaSnapshot> ok -> find(ok.value(), table)
                    .<Result<Relation>>map(Result::ok)
                    .orElseGet(() -> Result.err(new Failure.UnknownTable(table, NameDistance.closest(table,
                            ok.value().relations().stream().map(r -> r.name().name()).toList(), 3))));
        };
    }

    private static Optional<Relation> find(SchemaSnapshot schema, String table) {
        String[] parts = unquote(table).split("\\.", 2);
        if (parts.length == 2) {
            return schema.relation(parts[0], parts[1]);
        }
        List<Relation> named = schema.relationsNamed(parts[0]);
        if (named.size() == 1) {
            return Optional.of(named.getFirst());
        }
        return named.stream().filter(r -> r.name().schema().equals("public")).findFirst();
    }

    private static String unquote(String name) {
        return name.strip().replace("\"", "");
    }
}
