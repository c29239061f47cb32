package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

/**
 * Every use case, wired: what the CLI, the MCP server and the library call into.
 *
 * @param conversations the conversations the MCP server's questions belong to, wherever they are kept
 */
public record UseCases(Diagnose diagnose, ExploreSchema exploreSchema, RunSql runSql, RunTemplate runTemplate, GenerateSql generateSql,
        QueryHistory queryHistory, DrawChart drawChart, Conversations conversations) {

    public UseCases {
        requireNonNull(generateSql, "generateSql");
        requireNonNull(runTemplate, "runTemplate");
        requireNonNull(runSql, "runSql");
        requireNonNull(diagnose, "diagnose");
        requireNonNull(exploreSchema, "exploreSchema");
        requireNonNull(queryHistory, "queryHistory");
        requireNonNull(drawChart, "drawChart");
        requireNonNull(conversations, "conversations");
    }

    /** {@return scoring of the generators on question files, over these use cases} */
    public Evaluate evaluate() {
        return new Evaluate(generateSql, runSql);
    }
}
