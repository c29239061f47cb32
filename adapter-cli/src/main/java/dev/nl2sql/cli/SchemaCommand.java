package dev.nl2sql.cli;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaSearch;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.schema.SchemaText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Explores what a database holds: its relations, a search over names and comments, one relation in full. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Explore a database's tables, views and columns.",
        subcommands = {SchemaCommand.ListRelations.class, SchemaCommand.Search.class, SchemaCommand.Describe.class},
        footer = {"", "Examples:", "  nl2sql schema list --db shop", "  nl2sql schema search 'cust*' --detail summary",
                "  nl2sql schema describe orders"})
final class SchemaCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code work} on the chosen database's schema. */
    interface OnSchema {
        int run(Output output, DatabaseName database, SchemaSnapshot schema);
    }

    static int withSchema(CommandSpec spec, DatabaseOption database, OnSchema work) throws Exception {
        return Nl2SqlCommand.run(spec, database, (output, app, db) -> switch (app.useCases().exploreSchema().schema(db)) {
            case Result.Err<SchemaSnapshot> err -> output.failure(err.failure());
            case Result.Ok<SchemaSnapshot> schema -> work.run(output, db, schema.value());
        });
    }

    static Map<String, Object> relationDocument(Relation relation) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", relation.name().toString());
        document.put("kind", relation.kind().name().toLowerCase(Locale.ROOT));
        relation.comment().ifPresent(c -> document.put("comment", c));
        relation.rowEstimate().ifPresent(r -> document.put("row_estimate", r));
        document.put("columns", relation.columns().stream().map(SchemaCommand::columnDocument).toList());
        document.put("primary_key", relation.primaryKey());
        document.put("foreign_keys", relation.foreignKeys().stream().map(fk -> Map.of("columns", fk.columns(),
                "references", fk.referenced().toString(), "referenced_columns", fk.referencedColumns())).toList());
        return document;
    }

    private static Map<String, Object> columnDocument(Column column) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", column.name());
        document.put("type", column.type());
        document.put("nullable", column.nullable());
        column.comment().ifPresent(c -> document.put("comment", c));
        return document;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the tables and views, one line each.")
    static final class ListRelations implements Callable<Integer> {
        @Mixin
        DatabaseOption database;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return withSchema(spec, database, (output, db, schema) -> {
                if (output.format() == Output.Format.JSON) {
                    output.json(Map.of("database", db.value(), "relations", schema.relations().stream().map(r -> Map.of(
                            "name", r.name().toString(), "kind", r.kind().name().toLowerCase(Locale.ROOT),
                            "comment", r.comment().orElse(""))).toList()));
                } else {
                    schema.relations().forEach(r -> output.line(SchemaText.summary(r)));
                    output.note(schema.relations().size() + " relations in " + db + " (schema " + schema.fingerprint() + ")");
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = "Find tables and columns whose names or comments match PATTERN (a substring, or a pattern with * or %%).")
    static final class Search implements Callable<Integer> {
        @Mixin
        DatabaseOption database;

        @Parameters(paramLabel = "PATTERN")
        String pattern;

        @Option(names = "--detail", paramLabel = "LEVEL", defaultValue = "summary", description = "names, summary or full (default: ${DEFAULT-VALUE}).")
        SchemaSearch.Detail detail;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N tables (default: ${DEFAULT-VALUE}).")
        int limit;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return withSchema(spec, database, (output, db, schema) -> {
                List<SchemaSearch.Hit> hits = SchemaSearch.search(schema, pattern, Math.max(1, limit));
                if (output.format() == Output.Format.JSON) {
                    output.json(Map.of("database", db.value(), "pattern", pattern, "matches", hits.stream().map(h -> {
                        Map<String, Object> match = detail == SchemaSearch.Detail.FULL ? relationDocument(h.relation())
                                : new LinkedHashMap<>(Map.of("name", h.relation().name().toString()));
                        match.put("matched_columns", h.columns());
                        return match;
                    }).toList()));
                } else {
                    for (SchemaSearch.Hit hit : hits) {
                        output.line(switch (detail) {
                            case NAMES -> hit.relation().name() + (hit.columns().isEmpty() ? "" : " (" + String.join(", ", hit.columns()) + ")");
                            case SUMMARY -> SchemaText.summary(hit.relation());
                            case FULL -> SchemaText.ddl(List.of(hit.relation()), schema);
                        });
                    }
                    output.note(hits.size() + (hits.size() == 1 ? " match" : " matches"));
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show one table or view: columns, keys, references, comments.")
    static final class Describe implements Callable<Integer> {
        @Mixin
        DatabaseOption database;

        @Parameters(paramLabel = "TABLE", description = "name or schema.name")
        String table;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return Nl2SqlCommand.run(spec, database, (output, app, db) -> switch (app.useCases().exploreSchema().describe(db, table)) {
                case Result.Err<Relation> err -> output.failure(err.failure());
                case Result.Ok<Relation> relation -> {
                    if (output.format() == Output.Format.JSON) {
                        output.json(relationDocument(relation.value()));
                    } else {
                        SchemaSnapshot schema = app.useCases().exploreSchema().schema(db).orElseThrow(); // cached by describe
                        output.line(SchemaText.ddl(List.of(relation.value()), schema).stripTrailing());
                    }
                    yield ExitCodes.OK;
                }
            });
        }
    }
}
