package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.port.SchemaCatalog;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place hidden tables and columns leave the schema: every reader of the catalog (validator, schema search and
 * describe, resources, linking, prompts) gets each database's snapshot without them, so to all of them a hidden name
 * does not exist.
 */
public final class SensitiveSchemaCatalog implements SchemaCatalog {

    private final SchemaCatalog catalog;
    private final Map<DatabaseName, SensitiveData> policies;
    /** The last view per database: the cached snapshot repeats for minutes, and building a view re-fingerprints it. */
    private final Map<DatabaseName, View> views = new ConcurrentHashMap<>();

    private record View(SchemaSnapshot of, SchemaSnapshot view) {}

    public SensitiveSchemaCatalog(SchemaCatalog catalog, Map<DatabaseName, SensitiveData> policies) {
        this.catalog = requireNonNull(catalog, "catalog");
        this.policies = Map.copyOf(policies);
    }

    @Override
    public Result<SchemaSnapshot> snapshot(DatabaseName database) {
        return catalog.snapshot(database).map(snapshot -> view(database, snapshot));
    }

    @Override
    public Result<SchemaSnapshot> refresh(DatabaseName database) {
        return catalog.refresh(database).map(snapshot -> view(database, snapshot));
    }

    private SchemaSnapshot view(DatabaseName database, SchemaSnapshot snapshot) {
        SensitiveData policy = policies.getOrDefault(database, SensitiveData.NONE);
        if (!policy.isActive()) {
            return snapshot;
        }
        View last = views.get(database);
        if (last != null && last.of() == snapshot) {
            return last.view();
        }
        SchemaSnapshot view = policy.view(snapshot);
        views.put(database, new View(snapshot, view));
        return view;
    }
}
