package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.sensitive.FollowedViews;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.domain.sensitive.ViewColumnSource;
import dev.nl2sql.port.SchemaCatalog;
import dev.nl2sql.port.SensitivePolicies;
import dev.nl2sql.port.ViewLineage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place hidden tables and columns leave the schema: every reader of the catalog (validator, schema search and
 * describe, resources, linking, prompts) gets each database's snapshot without them, so to all of them a hidden name
 * does not exist. It is also where a policy that follows views learns which view columns to protect: with each new
 * snapshot it reads the views' lineage and derives the policy every other part asks for ({@link #of}).
 */
public final class SensitiveSchemaCatalog implements SchemaCatalog, SensitivePolicies {

    private final SchemaCatalog catalog;
    private final Map<DatabaseName, DatabasePolicy> policies;
    private final ViewLineage lineage;
    /** The last view per database: the cached snapshot repeats for minutes, and building a view re-fingerprints it. */
    private final Map<DatabaseName, View> views = new ConcurrentHashMap<>();

    private record View(SchemaSnapshot of, SensitiveData policy, SchemaSnapshot view) {}

    /**
     * @param policies each database's policy, whose sensitive data part is the configured one
     * @param lineage read for the databases whose policy follows views, once per new snapshot
     */
    public SensitiveSchemaCatalog(SchemaCatalog catalog, Map<DatabaseName, DatabasePolicy> policies, ViewLineage lineage) {
        this.catalog = requireNonNull(catalog, "catalog");
        this.policies = Map.copyOf(policies);
        this.lineage = requireNonNull(lineage, "lineage");
    }

    @Override
    public Result<SchemaSnapshot> snapshot(DatabaseName database) {
        return view(database, catalog.snapshot(database));
    }

    @Override
    public Result<SchemaSnapshot> refresh(DatabaseName database) {
        return view(database, catalog.refresh(database));
    }

    @Override
    public Optional<SchemaSnapshot> cached(DatabaseName database) {
        return catalog.cached(database).flatMap(snapshot -> view(database, Result.ok(snapshot)) instanceof Result.Ok<SchemaSnapshot> ok
                ? Optional.of(ok.value()) : Optional.empty());
    }

    /**
     * {@return the policy of {@code database} as it stands} A policy that follows views is derived with the snapshot;
     * until one was read it is the configured policy, which is only ever asked for before any statement was validated.
     */
    @Override
    public SensitiveData of(DatabaseName database) {
        SensitiveData policy = configured(database);
        if (!policy.followViews()) {
            return policy;
        }
        View last = views.get(database);
        if (last == null) {
            snapshot(database);
            last = views.get(database);
        }
        return last == null ? policy : last.policy();
    }

    /** {@return each database's sensitive data policy as configured, before any view is followed} */
    public SensitivePolicies configured() {
        return this::configured;
    }

    private SensitiveData configured(DatabaseName database) {
        return policies.getOrDefault(database, DatabasePolicy.DEFAULT).sensitive();
    }

    private Result<SchemaSnapshot> view(DatabaseName database, Result<SchemaSnapshot> read) {
        if (!(read instanceof Result.Ok<SchemaSnapshot> ok)) {
            return read;
        }
        SchemaSnapshot snapshot = ok.value();
        SensitiveData policy = configured(database);
        if (!policy.isActive()) {
            return read;
        }
        View last = views.get(database);
        if (last != null && last.of() == snapshot) {
            return Result.ok(last.view());
        }
        if (policy.followViews()) {
            Result<List<ViewColumnSource>> sources = lineage.read(database);
            if (sources instanceof Result.Err<List<ViewColumnSource>> err) {
                return Result.err(err.failure()); // a view left unprotected would be worse than no answer
            }
            policy = FollowedViews.apply(policy, sources.orElseThrow());
        }
        View view = new View(snapshot, policy, policy.view(snapshot));
        views.put(database, view);
        return Result.ok(view.view());
    }
}
