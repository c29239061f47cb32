package dev.nl2sql.cli;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.validation.SqlValidator;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.port.DatabaseProbe;
import dev.nl2sql.port.QueryExecutor;
import dev.nl2sql.port.SchemaCatalog;
import dev.nl2sql.usecase.Diagnose;
import dev.nl2sql.usecase.ExploreSchema;
import dev.nl2sql.usecase.RunSql;
import dev.nl2sql.usecase.RunTemplate;
import dev.nl2sql.usecase.UseCases;
import java.util.Map;

/** Real use cases over scripted ports, for testing commands without a database. */
final class FakePorts {

    private FakePorts() {}

    static UseCases useCases(DatabaseProbe probe, SchemaCatalog catalog, QueryExecutor executor) {
        RunSql runSql = new RunSql(catalog, new SqlValidator(), executor, Map.of());
        return new UseCases(new Diagnose(probe), new ExploreSchema(probe, catalog), runSql, new RunTemplate(java.util.List.of(), runSql, executor));
    }

    static UseCases useCases(DatabaseProbe probe) {
        return useCases(probe, noCatalog(), noExecutor());
    }

    static SchemaCatalog noCatalog() {
        return new SchemaCatalog() {
            @Override
            public Result<SchemaSnapshot> snapshot(DatabaseName database) {
                return Result.err(new Failure.DatabaseUnavailable(database, "no catalog in this test", false));
            }

            @Override
            public Result<SchemaSnapshot> refresh(DatabaseName database) {
                return snapshot(database);
            }
        };
    }

    static QueryExecutor noExecutor() {
        return new QueryExecutor() {
            @Override
            public QueryOutcome execute(DatabaseName database, Verdict.Accepted statement, java.util.List<Object> parameters, Limits limits) {
                throw new AssertionError("nothing should run in this test");
            }

            @Override
            public Result<Double> estimateCost(DatabaseName database, Verdict.Accepted statement, Limits limits) {
                throw new AssertionError("nothing should run in this test");
            }
        };
    }
}
