package dev.nl2sql.postgres;

import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.port.ViewLineage;
import dev.nl2sql.usecase.CachedSchemaCatalog;
import dev.nl2sql.usecase.DatabasePolicy;
import dev.nl2sql.usecase.RunSql;
import dev.nl2sql.usecase.SensitiveSchemaCatalog;
import dev.nl2sql.usecase.testing.TestUseCases;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The real query path over test databases, wired as the application wires it: pools, breakers, the catalog without what
 * each database's policy hides, the executor masking what it masks, and the use cases over them ({@link #useCases()}).
 */
final class QueryStack implements AutoCloseable {

    final DatabasePools pools;
    final DatabaseConnections connections;
    final SensitiveSchemaCatalog catalog;
    final PostgresQueryExecutor executor;
    private final Map<DatabaseName, DatabasePolicy> policies;
    final RunSql runSql;

    private QueryStack(Map<DatabaseName, TestDatabase> databases, Map<DatabaseName, DatabasePolicy> policies) {
        this(databases.entrySet().stream().map(e -> settings(e.getKey(), e.getValue())).toList(), policies);
    }

    private QueryStack(List<DatabaseSettings> databases, Map<DatabaseName, DatabasePolicy> policies) {
        pools = new DatabasePools(databases);
        connections = new DatabaseConnections(pools, new DatabaseBreakers());
        catalog = new SensitiveSchemaCatalog(new CachedSchemaCatalog(new PostgresSchemaSource(connections), CachedSchemaCatalog.DEFAULT_TTL,
                Runnable::run, Clock.systemUTC(), (before, after) -> {}), policies, ViewLineage.NONE);
        executor = new PostgresQueryExecutor(connections, catalog);
        this.policies = policies;
        runSql = useCases().build().runSql();
    }

    /** {@return the use cases over this path, each database held to its policy; a test adds what it needs, e.g. templates} */
    TestUseCases useCases() {
        return TestUseCases.over(catalog, executor).withPolicies(policies).withSensitive(catalog);
    }

    static QueryStack over(Map<DatabaseName, TestDatabase> databases, Map<DatabaseName, DatabasePolicy> policies) {
        return new QueryStack(databases, policies);
    }

    static QueryStack over(DatabaseName name, TestDatabase database) {
        return new QueryStack(Map.of(name, database), Map.of());
    }

    /** {@return the path over one database whose sessions are opened with {@code statementTimeout}, and whose policy asks the same} */
    static QueryStack over(DatabaseName name, TestDatabase database, Duration statementTimeout) {
        DatabaseSettings defaults = settings(name, database);
        DatabaseSettings settings = new DatabaseSettings(defaults.identity(), defaults.password(), defaults.poolSize(), defaults.connectTimeout(),
                statementTimeout, defaults.readOnlyRole(), defaults.breakerOpenFor(), defaults.schemas(), defaults.costGate());
        return new QueryStack(List.of(settings),
                Map.of(name, new DatabasePolicy(Limits.DEFAULT.withStatementTimeout(statementTimeout), Set.of(), SensitiveData.NONE)));
    }

    static DatabaseSettings settings(DatabaseName name, TestDatabase db) {
        return DatabaseSettings.of(new DatabaseIdentity(name, db.server().host(), db.server().port(), db.name(), db.server().user()),
                db.server().password().isEmpty() ? Optional.empty() : Optional.of(db.server().password()), 4);
    }

    @Override
    public void close() {
        pools.close();
    }
}
