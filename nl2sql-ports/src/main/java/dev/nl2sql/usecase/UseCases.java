package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

/** Every use case, wired: what the CLI, the MCP server and the library call into. */
public record UseCases(Diagnose diagnose, ExploreSchema exploreSchema, RunSql runSql, RunTemplate runTemplate, GenerateSql generateSql) {

    public UseCases {
        requireNonNull(generateSql, "generateSql");
        requireNonNull(runTemplate, "runTemplate");
        requireNonNull(runSql, "runSql");
        requireNonNull(diagnose, "diagnose");
        requireNonNull(exploreSchema, "exploreSchema");
    }
}
