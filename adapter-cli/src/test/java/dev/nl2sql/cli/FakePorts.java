package dev.nl2sql.cli;

import dev.nl2sql.domain.database.DatabaseHealth;
import dev.nl2sql.domain.database.DatabaseIdentity;
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
import dev.nl2sql.usecase.GenerateSql;
import dev.nl2sql.usecase.Prompts;
import dev.nl2sql.usecase.RunSql;
import dev.nl2sql.usecase.RunTemplate;
import dev.nl2sql.usecase.UseCases;
import java.util.List;
import java.util.Map;

/** Real use cases over scripted ports, for testing commands without a database. */
final class FakePorts {

    /** Servers for tests that must not start one. */
    static final Launcher.Servers NO_SERVERS = new Launcher.Servers() {
        @Override
        public int stdio() {
            throw new AssertionError("no server should start in this test");
        }

        @Override
        public int http(String bind, int port, boolean stateless) {
            throw new AssertionError("no server should start in this test");
        }
    };

    private FakePorts() {}

    static UseCases useCases(DatabaseProbe probe, SchemaCatalog catalog, QueryExecutor executor) {
        RunSql runSql = new RunSql(catalog, new SqlValidator(), executor, Map.of());
        RunTemplate templates = new RunTemplate(java.util.List.of(), runSql, executor);
        GenerateSql generateSql = new GenerateSql(catalog, runSql, templates, executor, java.util.Optional.empty(),
                (question, schema) -> "", (question, schema) -> Result.err(new Failure.Unanswerable("no offline answers in this test")),
                Prompts.load(Prompts.CURRENT_VERSION), GenerateSql.Settings.DEFAULT);
        return new UseCases(new Diagnose(probe), new ExploreSchema(probe, catalog), runSql, templates, generateSql);
    }

    static UseCases useCases(DatabaseProbe probe) {
        return useCases(probe, noCatalog(), noExecutor());
    }

    static DatabaseProbe noProbe() {
        return new DatabaseProbe() {
            @Override
            public List<DatabaseIdentity> databases() {
                return List.of();
            }

            @Override
            public DatabaseHealth probe(DatabaseIdentity database) {
                throw new AssertionError("no database should be probed in this test");
            }
        };
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
